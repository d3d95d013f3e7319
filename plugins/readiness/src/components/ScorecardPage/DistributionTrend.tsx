import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { tiersBestFirst } from '@readiness/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api/ReadinessApi';
import { readinessTranslationRef } from '../../translation';
import { tierColors } from './TierDistribution';

/** Days of history the chart shows. */
export const TREND_DAYS = 90;

const WIDTH = 360;
const HEIGHT = 120;

/**
 * The tier distribution per day as stacked bars, best tier on top, from the
 * daily snapshots the backend records after each collection run; for one
 * owner or system (the scorecard's filters), replayed from their history.
 *
 * @internal
 */
export function DistributionTrend(props: { owner?: string; system?: string }) {
  const { owner, system } = props;
  const { t } = useTranslationRef(readinessTranslationRef);
  const api = useApi(readinessApiRef);
  const { value, loading, error } = useAsync(
    () => api.getDistributionTrend(TREND_DAYS, { owner, system }),
    [api, owner, system],
  );

  let chart;
  if (loading) {
    chart = <Progress />;
  } else if (error) {
    chart = <ResponseErrorPanel error={error} />;
  } else if (!value?.length) {
    chart = (
      <Typography variant="body2">{t('scorecard.trendEmpty')}</Typography>
    );
  } else {
    const max = Math.max(1, ...value.map(point => point.counts.total));
    const slot = WIDTH / Math.max(value.length, 7);
    chart = (
      <svg
        role="img"
        aria-label={t('scorecard.trendLabel', {
          days: String(TREND_DAYS),
          points: String(value.length),
        })}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        height={HEIGHT}
        preserveAspectRatio="none"
      >
        {value.map((point, index) => {
          let y = HEIGHT;
          const x = index * slot;
          return (
            <g key={point.day}>
              <title>
                {t('scorecard.trendDay', {
                  day: point.day,
                  enterprise: String(point.counts.tiers.enterprise),
                  production: String(point.counts.tiers.production),
                  mvs: String(point.counts.tiers.mvs),
                  none: String(point.counts.tiers.none),
                  stopWork: String(point.counts.stopWork),
                })}
              </title>
              {[...tiersBestFirst].reverse().map(tier => {
                const height = (point.counts.tiers[tier] / max) * HEIGHT;
                y -= height;
                return (
                  <rect
                    key={tier}
                    x={x + slot * 0.1}
                    y={y}
                    width={slot * 0.8}
                    height={height}
                    fill={tierColors[tier]}
                  />
                );
              })}
            </g>
          );
        })}
      </svg>
    );
  }

  return (
    <Box component="section" aria-labelledby="readiness-trend-heading">
      <Typography variant="h6" component="h2" id="readiness-trend-heading">
        {t('scorecard.trendHeading')}
      </Typography>
      {chart}
      <Box display="flex" flexWrap="wrap" style={{ gap: 12 }} mt={1}>
        {tiersBestFirst.map(tier => (
          <Box key={tier} display="flex" alignItems="center" style={{ gap: 4 }}>
            <Box
              width={10}
              height={10}
              style={{ background: tierColors[tier] }}
              aria-hidden="true"
            />
            <Typography variant="caption">{t(`tiers.${tier}`)}</Typography>
          </Box>
        ))}
      </Box>
    </Box>
  );
}
