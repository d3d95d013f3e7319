import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api/ReadinessApi';
import { readinessTranslationRef } from '../../translation';

const distributionTiers = ['enterprise', 'production', 'mvs', 'none'] as const;

/** @internal */
export interface TierCounts {
  enterprise: number;
  production: number;
  mvs: number;
  none: number;
  stopWork: number;
}

/**
 * Counts per tier and under stop-work, from `totalCount` of one-row queries
 * (five requests, whatever the number of components).
 *
 * @internal
 */
export function useTierCounts() {
  const api = useApi(readinessApiRef);
  return useAsync(async (): Promise<TierCounts> => {
    const [enterprise, production, mvs, none, stopWork] = await Promise.all([
      ...distributionTiers.map(tier => api.getSummaries({ tier, limit: 1 })),
      api.getSummaries({ stopWork: true, limit: 1 }),
    ]);
    return {
      enterprise: enterprise.totalCount,
      production: production.totalCount,
      mvs: mvs.totalCount,
      none: none.totalCount,
      stopWork: stopWork.totalCount,
    };
  }, [api]);
}

/**
 * The tier distribution as a bar chart of labelled boxes, and the number of
 * components under stop-work.
 *
 * @internal
 */
export function TierDistribution() {
  const { t } = useTranslationRef(readinessTranslationRef);
  const { value, loading, error } = useTierCounts();

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value) {
    return null;
  }
  const max = Math.max(1, ...distributionTiers.map(tier => value[tier]));

  return (
    <Box component="section" aria-labelledby="readiness-distribution-heading">
      <Typography
        variant="h6"
        component="h2"
        id="readiness-distribution-heading"
      >
        {t('scorecard.distributionHeading')}
      </Typography>
      <Box component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {distributionTiers.map(tier => {
          const label = t(`tiers.${tier}`);
          const count = value[tier];
          return (
            <Box
              component="li"
              key={tier}
              display="flex"
              alignItems="center"
              my={0.5}
              style={{ gap: 8 }}
              aria-label={t('scorecard.distributionItem', {
                tier: label,
                total: String(count),
              })}
            >
              <Typography variant="body2" style={{ minWidth: 190 }}>
                {label}
              </Typography>
              <Box flexGrow={1} aria-hidden="true">
                <Box
                  height={16}
                  bgcolor={tier === 'none' ? 'grey.500' : 'primary.main'}
                  style={{
                    width: `${(count / max) * 100}%`,
                    minWidth: count > 0 ? 2 : 0,
                  }}
                />
              </Box>
              <Typography
                variant="body2"
                style={{ minWidth: 48, textAlign: 'right' }}
              >
                {count}
              </Typography>
            </Box>
          );
        })}
      </Box>
      <Typography variant="body1" style={{ marginTop: 8 }}>
        {t('scorecard.stopWorkCount', { total: String(value.stopWork) })}
      </Typography>
    </Box>
  );
}
