import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type {
  DeliveryMetric,
  DeliveryMetricId,
  DeliveryMetrics,
} from '@readiness/plugin-readiness-common';
import { readinessTranslationRef } from '../../translation';

const metricIds: DeliveryMetricId[] = [
  'deploymentFrequency',
  'leadTimeForChanges',
  'changeFailureRate',
  'timeToRestore',
];

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(2) },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0.5, 0),
  },
  name: { minWidth: '12em' },
}));

const oneDecimal = (value: number) => String(Math.round(value * 10) / 10);

/** DORA's four figures with their class; an unknown figure says why. */
export function DeliveryMetricsView(props: { delivery: DeliveryMetrics }) {
  const { delivery } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(readinessTranslationRef);

  const figure = (metric: Extract<DeliveryMetric, { status: 'measured' }>) => {
    const { value } = metric;
    if (metric.unit === 'percent') {
      return t('delivery.percent', { value: oneDecimal(value) });
    }
    if (metric.unit === 'per-day') {
      return value >= 1
        ? t('delivery.perDay', { value: oneDecimal(value) })
        : t('delivery.perWeek', { value: oneDecimal(value * 7) });
    }
    if (value < 1) {
      return t('delivery.minutes', { value: String(Math.round(value * 60)) });
    }
    return value < 48
      ? t('delivery.hours', { value: oneDecimal(value) })
      : t('delivery.days', { value: oneDecimal(value / 24) });
  };

  return (
    <div className={classes.section}>
      <Typography variant="h6" component="h3">
        {t('delivery.heading', { days: String(delivery.windowDays) })}
      </Typography>
      <ul className={classes.list}>
        {metricIds.map(id => {
          const metric = delivery[id];
          return (
            <li key={id} className={classes.row}>
              <Typography variant="body2" className={classes.name}>
                {t(`delivery.${id}`)}
              </Typography>
              {metric.status === 'measured' ? (
                <>
                  <Typography variant="body2">{figure(metric)}</Typography>
                  <Chip
                    size="small"
                    label={t('delivery.classLabel', {
                      class: t(`delivery.classes.${metric.doraClass}`),
                    })}
                  />
                </>
              ) : (
                <Typography variant="body2" color="textSecondary">
                  {t('delivery.unknown', { reason: metric.reason })}
                </Typography>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
