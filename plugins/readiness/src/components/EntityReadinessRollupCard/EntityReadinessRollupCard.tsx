import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api/ReadinessApi';
import { readinessTranslationRef } from '../../translation';
import { EntityRefLink, TierChip } from '../shared';

/**
 * The readiness of a System, Group (with its nested groups) or Domain: the
 * weakest component's tier, blockers anywhere in it, required-tier gaps, and
 * links to the components that hold it back.
 *
 * @internal
 */
export function EntityReadinessRollupCard() {
  const { t } = useTranslationRef(readinessTranslationRef);
  const { entity } = useEntity();
  const api = useApi(readinessApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => api.getEntityRollup(entityRef),
    [api, entityRef],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value || value.rollup.counts.total === 0) {
    content = (
      <EmptyState
        missing="data"
        title={t('rollup.emptyTitle')}
        description={t('rollup.emptyDescription')}
      />
    );
  } else {
    const { rollup, holdingBack } = value;
    const name = entity.metadata.title ?? entity.metadata.name;
    content = (
      <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <Typography variant="body2">{t('rollup.weakestTier')}</Typography>
          <TierChip tier={rollup.tier} short />
        </Box>
        <Typography variant="body2">
          {t('rollup.components', {
            total: String(rollup.counts.total),
            score: String(rollup.averageScore ?? 0),
          })}
        </Typography>
        <Typography
          variant="body1"
          color={rollup.stopWork ? 'error' : 'textPrimary'}
          role={rollup.stopWork ? 'alert' : undefined}
        >
          {rollup.stopWork
            ? t('rollup.stopWork', {
                total: String(rollup.counts.stopWork),
                kind: entity.kind.toLocaleLowerCase('en-US'),
              })
            : t('rollup.noStopWork')}
        </Typography>
        {rollup.belowRequiredTier && (
          <Typography variant="body2">
            {t('rollup.belowRequired', {
              total: String(rollup.counts.belowRequiredTier),
            })}
          </Typography>
        )}
        {holdingBack.length > 0 && (
          <Box>
            <Typography variant="subtitle2" component="h3">
              {t('rollup.holdingBackHeading')}
            </Typography>
            <List dense aria-label={t('rollup.holdingBackLabel', { name })}>
              {holdingBack.map(item => (
                <ListItem key={item.entityRef} disableGutters>
                  <Box
                    display="flex"
                    alignItems="center"
                    flexWrap="wrap"
                    style={{ gap: 8 }}
                  >
                    <EntityRefLink
                      entityRef={item.entityRef}
                      label={item.title ?? item.name}
                    />
                    <TierChip tier={item.tier} short />
                    {item.stopWork && (
                      <Typography variant="caption" color="error">
                        {t('rollup.stopWorkMarker')}
                      </Typography>
                    )}
                    {item.belowRequiredTier && item.requiredTier && (
                      <Typography variant="caption">
                        {t('rollup.belowRequiredMarker', {
                          tier: t(`tiers.${item.requiredTier}`),
                        })}
                      </Typography>
                    )}
                  </Box>
                </ListItem>
              ))}
            </List>
          </Box>
        )}
      </Box>
    );
  }
  return <InfoCard title={t('rollup.title')}>{content}</InfoCard>;
}
