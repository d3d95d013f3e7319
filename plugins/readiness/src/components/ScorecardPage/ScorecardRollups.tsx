import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { ReadinessRollup } from '@readiness/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api/ReadinessApi';
import { readinessTranslationRef } from '../../translation';
import { EntityRefLink, TierChip } from '../shared';

/** Roll-ups shown before "Show all". */
export const ROLLUPS_SHOWN = 10;

function RollupTable(props: {
  by: 'owner' | 'system';
  heading: string;
  label: string;
}) {
  const { t } = useTranslationRef(readinessTranslationRef);
  const api = useApi(readinessApiRef);
  const [showAll, setShowAll] = useState(false);
  const { value, loading, error } = useAsync(
    () => api.getRollups(props.by),
    [api, props.by],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value?.length) {
    content = (
      <Typography variant="body2">{t('scorecard.noRollups')}</Typography>
    );
  } else {
    const rows: ReadinessRollup[] = showAll
      ? value
      : value.slice(0, ROLLUPS_SHOWN);
    content = (
      <>
        <TableContainer component={Paper} variant="outlined">
          <Table size="small" aria-label={props.label}>
            <TableHead>
              <TableRow>
                <TableCell>{t('scorecard.columnName')}</TableCell>
                <TableCell>{t('scorecard.columnWeakestTier')}</TableCell>
                <TableCell>{t('scorecard.columnComponents')}</TableCell>
                <TableCell>{t('scorecard.columnStopWork')}</TableCell>
                <TableCell>{t('scorecard.columnBelowRequired')}</TableCell>
                <TableCell>{t('scorecard.columnAverageScore')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map(rollup => (
                <TableRow key={rollup.entityRef}>
                  <TableCell>
                    <EntityRefLink entityRef={rollup.entityRef} />
                  </TableCell>
                  <TableCell>
                    <TierChip tier={rollup.tier} short />
                  </TableCell>
                  <TableCell>{rollup.counts.total}</TableCell>
                  <TableCell>
                    <Typography
                      variant="body2"
                      color={rollup.stopWork ? 'error' : 'textPrimary'}
                    >
                      {rollup.counts.stopWork}
                    </Typography>
                  </TableCell>
                  <TableCell>{rollup.counts.belowRequiredTier}</TableCell>
                  <TableCell>{rollup.averageScore ?? ''}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
        {value.length > ROLLUPS_SHOWN && (
          <Button size="small" onClick={() => setShowAll(s => !s)}>
            {showAll
              ? t('scorecard.showFewer')
              : t('scorecard.showAll', { total: String(value.length) })}
          </Button>
        )}
      </>
    );
  }
  return (
    <Box flex="1 1 640px" minWidth={0}>
      <Typography variant="subtitle1" component="h3">
        {props.heading}
      </Typography>
      {content}
    </Box>
  );
}

/**
 * Roll-ups by owner (nested groups included) and by system, weakest first:
 * a group's tier is its weakest component's, and a blocker anywhere shows.
 *
 * @internal
 */
export function ScorecardRollups() {
  const { t } = useTranslationRef(readinessTranslationRef);
  return (
    <Box component="section" aria-labelledby="readiness-rollups-heading">
      <Typography variant="h6" component="h2" id="readiness-rollups-heading">
        {t('scorecard.rollupsHeading')}
      </Typography>
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
        <RollupTable
          by="owner"
          heading={t('scorecard.byOwner')}
          label={t('scorecard.rollupOwnerTable')}
        />
        <RollupTable
          by="system"
          heading={t('scorecard.bySystem')}
          label={t('scorecard.rollupSystemTable')}
        />
      </Box>
    </Box>
  );
}
