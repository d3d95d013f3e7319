import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  isHttpUrl,
  type EvidenceLink,
} from '@readiness/plugin-readiness-common';

/**
 * Evidence links of a check. Only http(s) URLs become links; the title is
 * always rendered as text, never as HTML.
 *
 * @internal
 */
export function EvidenceLinks(props: {
  links: EvidenceLink[];
  heading: string;
}) {
  if (props.links.length === 0) {
    return null;
  }
  return (
    <Typography component="div" variant="body2">
      {props.heading}:{' '}
      {props.links.map((link, index) => (
        <span key={`${link.url}-${index}`}>
          {index > 0 ? ', ' : null}
          {isHttpUrl(link.url) ? (
            <Link to={link.url} target="_blank" rel="noopener noreferrer">
              {link.title}
            </Link>
          ) : (
            link.title
          )}
        </span>
      ))}
    </Typography>
  );
}
