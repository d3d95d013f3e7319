import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { CampaignProgress } from '@readiness/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api/ReadinessApi';
import { readinessTranslationRef } from '../../translation';
import { EntityRefLink, formatDate, ScoreBar, TierChip } from '../shared';

/** Entities not at target listed per campaign; the rest are counted. */
export const CAMPAIGN_GAPS_SHOWN = 20;

const percent = (share: number) => Math.round(share * 100);

function CampaignCard(props: { progress: CampaignProgress }) {
  const { t } = useTranslationRef(readinessTranslationRef);
  const { campaign, total, atTarget, share, notAtTarget, trend } =
    props.progress;
  const target = [
    campaign.targetTier ? t(`tiers.${campaign.targetTier}`) : undefined,
    ...(campaign.checks ?? []),
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <Box
      component="section"
      aria-label={campaign.title}
      display="flex"
      flexDirection="column"
      style={{ gap: 4 }}
    >
      <Typography variant="subtitle1">{campaign.title}</Typography>
      <Typography variant="body2" color="textSecondary">
        {t('scorecard.campaignTarget', { target })} ·{' '}
        {t('scorecard.campaignDeadline', {
          date: formatDate(campaign.deadline),
        })}
      </Typography>
      <ScoreBar
        label={t('scorecard.campaignProgress', {
          atTarget: String(atTarget),
          total: String(total),
        })}
        value={percent(share)}
        ariaLabel={t('scorecard.campaignProgressLabel', {
          title: campaign.title,
        })}
      />
      {trend.length > 1 && (
        <Typography variant="body2" color="textSecondary">
          {t('scorecard.campaignTrend', {
            points: trend
              .slice(-7)
              .map(
                p =>
                  `${p.day.slice(5)} ${p.total ? percent(p.atTarget / p.total) : 0}%`,
              )
              .join(' → '),
          })}
        </Typography>
      )}
      {notAtTarget.length === 0 ? (
        <Typography variant="body2">
          {t('scorecard.campaignAllAtTarget')}
        </Typography>
      ) : (
        <Box>
          <Typography variant="body2">
            {t('scorecard.campaignNotAtTarget')}
          </Typography>
          <Box component="ul" m={0} pl={3}>
            {notAtTarget.slice(0, CAMPAIGN_GAPS_SHOWN).map(gap => (
              <li key={gap.entityRef}>
                <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                  <EntityRefLink entityRef={gap.entityRef} label={gap.title} />
                  <TierChip tier={gap.tier} />
                  {gap.checks.length > 0 && (
                    <Typography variant="caption">
                      {gap.checks.map(c => `${c.id}: ${c.status}`).join(', ')}
                    </Typography>
                  )}
                </Box>
              </li>
            ))}
            {notAtTarget.length > CAMPAIGN_GAPS_SHOWN && (
              <li>… {notAtTarget.length - CAMPAIGN_GAPS_SHOWN}</li>
            )}
          </Box>
        </Box>
      )}
    </Box>
  );
}

/**
 * The scorecard's campaigns: each one's share of entities at target, its
 * recent trend, its deadline and the entities not at target yet.
 *
 * @internal
 */
export function ScorecardCampaigns() {
  const { t } = useTranslationRef(readinessTranslationRef);
  const api = useApi(readinessApiRef);
  const { value, loading, error } = useAsync(() => api.listCampaigns(), [api]);
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
      <Typography variant="h6" component="h2">
        {t('scorecard.campaignsHeading')}
      </Typography>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value?.length === 0 && (
        <Typography variant="body2">{t('scorecard.noCampaigns')}</Typography>
      )}
      {value?.map(progress => (
        <CampaignCard key={progress.campaign.id} progress={progress} />
      ))}
    </Box>
  );
}
