import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  tiersBestFirst,
  type ReadinessCounts,
  type TierOrNone,
} from '@readiness/plugin-readiness-common';
import { readinessTranslationRef } from '../../translation';

/** One colour per tier, shared by the distribution and its trend. */
export const tierColors: Record<TierOrNone, string> = {
  enterprise: '#1b5e20',
  production: '#43a047',
  mvs: '#fbc02d',
  none: '#9e9e9e',
};

/**
 * The tier distribution as a bar chart of labelled boxes, the number of
 * components under stop-work and below their required tier.
 *
 * @internal
 */
export function TierDistribution(props: { counts: ReadinessCounts }) {
  const { t } = useTranslationRef(readinessTranslationRef);
  const { counts } = props;
  const max = Math.max(1, ...tiersBestFirst.map(tier => counts.tiers[tier]));

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
        {tiersBestFirst.map(tier => {
          const label = t(`tiers.${tier}`);
          const count = counts.tiers[tier];
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
                  style={{
                    background: tierColors[tier],
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
      <Typography
        variant="body1"
        color={counts.stopWork > 0 ? 'error' : 'textPrimary'}
        style={{ marginTop: 8 }}
      >
        {t('scorecard.stopWorkCount', { total: String(counts.stopWork) })}
      </Typography>
      <Typography variant="body2">
        {t('scorecard.belowRequiredCount', {
          total: String(counts.belowRequiredTier),
        })}
      </Typography>
    </Box>
  );
}
