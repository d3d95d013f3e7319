import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import {
  type CheckId,
  type CheckResult,
  describeFindingSeverity,
  type Finding,
  findingKey,
} from '@readiness/plugin-readiness-common';
import { readinessTranslationRef } from '../../translation';

const useStyles = makeStyles(theme => ({
  list: { margin: theme.spacing(0.5, 0), paddingLeft: theme.spacing(2.5) },
}));

/** The checks whose failures are the report's findings, and which ones. */
const findingsOfCheck: Partial<Record<CheckId, (f: Finding) => boolean>> = {
  'security.vulnerabilities': f => f.kind === 'vulnerability',
  'security.audit': f => f.kind !== 'vulnerability',
};

/**
 * The report's findings that a check's details describe; undefined for a
 * check that has none, or a report stored before findings existed.
 */
export function findingsOf(
  check: CheckResult,
  findings: readonly Finding[] | undefined,
): Finding[] | undefined {
  const belongs = findingsOfCheck[check.id];
  return belongs && findings ? findings.filter(belongs) : undefined;
}

/**
 * The check's details that are not about one of the findings (an unreadable
 * lockfile, an uncovered ecosystem): the findings themselves come from the
 * report's array, not from the check's one-line texts.
 */
export function otherDetails(
  details: readonly string[],
  findings: readonly Finding[],
): string[] {
  const prefixes = findings.map(f =>
    f.kind === 'vulnerability'
      ? `${f.id}: ${f.package} ${f.version}`
      : `${f.package} ${f.version} is ${f.kind}`,
  );
  return details.filter(d => !prefixes.some(prefix => d.startsWith(prefix)));
}

/** One line per finding, with its advisory, where it is locked and its fix. */
export function FindingList(props: { findings: readonly Finding[] }) {
  const classes = useStyles();
  const { t } = useTranslationRef(readinessTranslationRef);
  if (props.findings.length === 0) {
    return null;
  }
  return (
    <ul className={classes.list} aria-label={t('card.findings')}>
      {props.findings.map(f => (
        <li key={findingKey(f)}>
          <Typography variant="body2">
            {/* The check's evidence links already link each advisory. */}
            {f.id}
            {': '}
            {t('card.finding', {
              package: f.package,
              version: f.version,
              ecosystem: f.ecosystem,
              file: f.file ?? t('card.findingNoFile'),
              scope: f.scope,
              severity: describeFindingSeverity(f),
              fix:
                f.fixed.length > 0
                  ? t('card.findingFixedIn', { versions: f.fixed.join(', ') })
                  : t('card.findingNoFix'),
            })}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {f.summary}
          </Typography>
          {f.waiverId ? (
            <Typography variant="body2">{t('card.findingWaived')}</Typography>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
