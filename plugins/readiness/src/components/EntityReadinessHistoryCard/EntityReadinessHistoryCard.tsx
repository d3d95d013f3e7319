import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
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
import type {
  CheckRegression,
  HistoryEntry,
} from '@readiness/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api/ReadinessApi';
import { readinessTranslationRef } from '../../translation';
import { formatDate } from '../shared';
import { tierColors } from '../ScorecardPage/TierDistribution';

const WIDTH = 360;
const HEIGHT = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Score (0-100) over time as a line, each point coloured by its tier. */
function ScoreChart(props: { items: HistoryEntry[] }) {
  const { t } = useTranslationRef(readinessTranslationRef);
  const { items } = props;
  const times = items.map(item => Date.parse(item.evaluatedAt));
  const first = times[0];
  const span = Math.max(times[times.length - 1] - first, 1);
  const x = (time: number) =>
    items.length === 1 ? WIDTH / 2 : 4 + ((time - first) / span) * (WIDTH - 8);
  const y = (score: number) => HEIGHT - 4 - (score / 100) * (HEIGHT - 8);
  const last = items[items.length - 1];
  return (
    <svg
      role="img"
      aria-label={t('history.chartLabel', {
        points: String(items.length),
        from: formatDate(items[0].evaluatedAt),
        to: formatDate(last.evaluatedAt),
        score: String(last.score),
      })}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      height={HEIGHT}
      preserveAspectRatio="none"
    >
      <polyline
        fill="none"
        stroke="currentColor"
        strokeOpacity={0.5}
        strokeWidth={1.5}
        // A step: the score holds until the next change.
        points={items
          .flatMap((item, i) => {
            const here = `${x(times[i])},${y(item.score)}`;
            return i === 0
              ? [here]
              : [`${x(times[i])},${y(items[i - 1].score)}`, here];
          })
          .join(' ')}
      />
      {items.map((item, i) => (
        <circle
          key={`${item.evaluatedAt}-${i}`}
          cx={x(times[i])}
          cy={y(item.score)}
          r={3}
          fill={tierColors[item.tier ?? 'none']}
        >
          <title>
            {t('history.point', {
              at: formatDate(item.evaluatedAt),
              tier: item.tier ? t(`tiers.${item.tier}`) : t('tiers.none'),
              score: String(item.score),
            })}
          </title>
        </circle>
      ))}
    </svg>
  );
}

function RegressionItem(props: { regression: CheckRegression }) {
  const { t } = useTranslationRef(readinessTranslationRef);
  const { regression } = props;
  return (
    <ListItem disableGutters alignItems="flex-start">
      <ListItemText
        primary={t('history.regression', {
          check: regression.title,
          at: formatDate(regression.detectedAt),
        })}
        secondaryTypographyProps={{ component: 'div' }}
        secondary={
          <>
            <Typography variant="body2">
              {t('history.before', { summary: regression.summaryBefore })}
            </Typography>
            <Typography variant="body2">
              {t('history.after', { summary: regression.summaryAfter })}
            </Typography>
            {regression.evidence.length === 0 ? (
              <Typography variant="caption">
                {t('history.noChangedEvidence')}
              </Typography>
            ) : (
              regression.evidence.map(change => (
                <Typography
                  key={`${change.key}-${change.source}`}
                  variant="caption"
                  display="block"
                >
                  {change.error === undefined
                    ? t('history.evidence', {
                        key: change.key,
                        source: change.source,
                        at: formatDate(change.observedAt),
                      })
                    : t('history.evidenceFailed', {
                        key: change.key,
                        source: change.source,
                      })}
                </Typography>
              ))
            )}
          </>
        }
      />
    </ListItem>
  );
}

/**
 * How the component got where it is: its score and tier over time, since
 * when it holds its tier, and each check that went from pass to fail.
 *
 * @public
 */
export function EntityReadinessHistoryCard() {
  const { t } = useTranslationRef(readinessTranslationRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(readinessApiRef);
  const { value, loading, error } = useAsync(
    () => api.getEntityHistory(entityRef),
    [api, entityRef],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value || value.items.length === 0) {
    content = (
      <EmptyState
        missing="data"
        title={t('history.emptyTitle')}
        description={t('history.emptyDescription')}
      />
    );
  } else {
    const current = value.currentTier;
    const days = current
      ? String(Math.floor((Date.now() - Date.parse(current.since)) / DAY_MS))
      : '';
    content = (
      <>
        {current && (
          <Typography variant="body1">
            {current.tier
              ? t('history.inTierSince', {
                  tier: t(`tiers.${current.tier}`),
                  since: formatDate(current.since),
                  days,
                })
              : t('history.noTierSince', {
                  since: formatDate(current.since),
                  days,
                })}
          </Typography>
        )}
        <ScoreChart items={value.items} />
        <Box mt={1} component="section" aria-labelledby="readiness-regressions">
          <Typography variant="h6" component="h3" id="readiness-regressions">
            {t('history.regressionsHeading')}
          </Typography>
          {value.regressions.length === 0 ? (
            <Typography variant="body2">
              {t('history.noRegressions')}
            </Typography>
          ) : (
            <List dense>
              {value.regressions.map(regression => (
                <RegressionItem
                  key={`${regression.checkId}-${regression.detectedAt}`}
                  regression={regression}
                />
              ))}
            </List>
          )}
        </Box>
      </>
    );
  }

  return <InfoCard title={t('history.title')}>{content}</InfoCard>;
}
