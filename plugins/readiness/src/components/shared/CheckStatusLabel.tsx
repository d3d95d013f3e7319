import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import CancelIcon from '@material-ui/icons/Cancel';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { CheckStatus } from '@readiness/plugin-readiness-common';
import { readinessTranslationRef } from '../../translation';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    fontWeight: theme.typography.fontWeightBold as number,
    whiteSpace: 'nowrap',
  },
  icon: { fontSize: '1.1rem' },
  pass: { color: theme.palette.success.main },
  fail: { color: theme.palette.error.main },
  // Unknown is never green: a neutral grey, with a question mark.
  unknown: { color: theme.palette.text.secondary },
  waived: { color: theme.palette.warning.dark },
}));

const icons = {
  pass: CheckCircleIcon,
  fail: CancelIcon,
  unknown: HelpOutlineIcon,
  waived: RemoveCircleOutlineIcon,
} as const;

/**
 * A check status as icon and text, so it never depends on colour alone.
 *
 * @internal
 */
export function CheckStatusLabel(props: { status: CheckStatus }) {
  const { status } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(readinessTranslationRef);
  const Icon = icons[status];
  return (
    <Typography
      component="span"
      variant="body2"
      className={`${classes.root} ${classes[status]}`}
      data-status={status}
    >
      <Icon className={classes.icon} aria-hidden="true" />
      {t(`status.${status}`)}
    </Typography>
  );
}
