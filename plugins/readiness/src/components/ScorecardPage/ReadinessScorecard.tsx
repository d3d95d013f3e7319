import { useCallback, useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { alertApiRef, useApi, useRouteRef } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import type { SummariesSort } from '@readiness/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import {
  readinessApiRef,
  type ReadinessSummariesQuery,
} from '../../api/ReadinessApi';
import { readinessTranslationRef } from '../../translation';
import { TierChip, formatRelativeTime } from '../shared';
import { downloadCsv, fetchAllSummaries, summariesToCsv } from './csv';
import { TierDistribution } from './TierDistribution';
import type { ScorecardFilters, ScorecardRow, TierFilter } from './types';
import { useDebouncedValue } from './useDebouncedValue';

/** Rows per page of the table. */
export const PAGE_SIZE = 50;
/** Delay before typed text becomes a query. */
export const DEBOUNCE_MS = 400;

type SortField = 'entityRef' | 'score' | 'tier' | 'evaluatedAt';

const initialFilters: ScorecardFilters = {
  tier: '',
  stopWork: false,
  owner: '',
  system: '',
  lifecycle: '',
  q: '',
};

/** The filters as query fields, leaving out the unset ones. */
function toQuery(filters: ScorecardFilters): ReadinessSummariesQuery {
  const query: ReadinessSummariesQuery = {};
  if (filters.tier) query.tier = filters.tier;
  if (filters.stopWork) query.stopWork = true;
  for (const key of ['owner', 'system', 'lifecycle', 'q'] as const) {
    const value = filters[key].trim();
    if (value) query[key] = value;
  }
  return query;
}

/** The entity's title or name, linking to its catalog page. */
function EntityName(props: { row: ScorecardRow }) {
  const entityRoute = useRouteRef(entityRouteRef);
  const { row } = props;
  let ref;
  try {
    ref = parseEntityRef(row.entityRef);
  } catch {
    return <>{row.entityRef}</>;
  }
  const label = row.title ?? row.name ?? ref.name;
  return (
    <Link
      to={entityRoute({
        kind: ref.kind.toLocaleLowerCase('en-US'),
        namespace: ref.namespace.toLocaleLowerCase('en-US'),
        name: ref.name,
      })}
    >
      {label}
    </Link>
  );
}

/**
 * The org-wide scorecard: tier distribution, filters, a sortable, paged
 * table of components and a CSV export of the filtered set.
 *
 * @internal
 */
export function ReadinessScorecard() {
  const { t } = useTranslationRef(readinessTranslationRef);
  const api = useApi(readinessApiRef);
  const alertApi = useApi(alertApiRef);

  // Text fields are debounced; the tier and stop-work filters apply at once.
  const [draft, setDraft] = useState(initialFilters);
  const debouncedText = useDebouncedValue(
    {
      owner: draft.owner,
      system: draft.system,
      lifecycle: draft.lifecycle,
      q: draft.q,
    },
    DEBOUNCE_MS,
  );
  const filterQuery = useMemo(
    () =>
      toQuery({
        ...debouncedText,
        tier: draft.tier,
        stopWork: draft.stopWork,
      }),
    [debouncedText, draft.tier, draft.stopWork],
  );
  const filterKey = JSON.stringify(filterQuery);

  const [sortField, setSortField] = useState<SortField>('entityRef');
  const [descending, setDescending] = useState(false);
  const sort = `${descending ? '-' : ''}${sortField}` as SummariesSort;

  // Cursors of the pages before the current one; the last is the current page.
  const [cursorState, setCursorState] = useState<{
    key: string;
    cursors: Array<string | undefined>;
  }>({ key: '', cursors: [undefined] });
  const pageKey = `${filterKey}|${sort}`;
  const cursors =
    cursorState.key === pageKey ? cursorState.cursors : [undefined];
  const cursor = cursors[cursors.length - 1];

  const { value, loading, error } = useAsync(
    () => api.getSummaries({ ...filterQuery, sort, cursor, limit: PAGE_SIZE }),
    [api, filterKey, sort, cursor],
  );

  const onSort = (field: SortField) => {
    if (field === sortField) {
      setDescending(d => !d);
    } else {
      setSortField(field);
      setDescending(field === 'score' || field === 'evaluatedAt');
    }
  };

  const [exporting, setExporting] = useState(false);
  const onExport = useCallback(async () => {
    setExporting(true);
    try {
      const rows = await fetchAllSummaries(api, { ...filterQuery, sort });
      downloadCsv(summariesToCsv(rows), 'readiness-scorecard.csv');
    } catch (e) {
      alertApi.post({
        message: t('scorecard.exportFailed', { message: (e as Error).message }),
        severity: 'error',
      });
    } finally {
      setExporting(false);
    }
  }, [api, alertApi, filterQuery, sort, t]);

  const setFilter = <K extends keyof ScorecardFilters>(
    key: K,
    fieldValue: ScorecardFilters[K],
  ) => setDraft(previous => ({ ...previous, [key]: fieldValue }));

  const direction = descending ? 'desc' : 'asc';
  const sortHeader = (field: SortField, label: string) => (
    <TableCell sortDirection={sortField === field ? direction : false}>
      <TableSortLabel
        active={sortField === field}
        direction={sortField === field ? direction : 'asc'}
        onClick={() => onSort(field)}
      >
        {label}
      </TableSortLabel>
    </TableCell>
  );

  const page = cursors.length;
  const pages = value
    ? Math.max(1, Math.ceil(value.totalCount / PAGE_SIZE))
    : 1;
  const rows = (value?.items ?? []) as ScorecardRow[];

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!rows.length) {
    body = (
      <EmptyState
        missing="data"
        title={t('scorecard.emptyTitle')}
        description={t('scorecard.emptyDescription')}
      />
    );
  } else {
    body = (
      <TableContainer component={Paper}>
        <Table size="small" aria-label={t('scorecard.tableLabel')}>
          <TableHead>
            <TableRow>
              {sortHeader('entityRef', t('scorecard.columnName'))}
              {sortHeader('tier', t('scorecard.columnTier'))}
              {sortHeader('score', t('scorecard.columnScore'))}
              <TableCell>{t('scorecard.columnStopWork')}</TableCell>
              <TableCell>{t('scorecard.columnRisk')}</TableCell>
              <TableCell>{t('scorecard.columnOwner')}</TableCell>
              <TableCell>{t('scorecard.columnSystem')}</TableCell>
              <TableCell>{t('scorecard.columnLifecycle')}</TableCell>
              {sortHeader('evaluatedAt', t('scorecard.columnEvaluated'))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(row => (
              <TableRow key={row.entityRef}>
                <TableCell>
                  <EntityName row={row} />
                </TableCell>
                <TableCell>
                  <TierChip tier={row.tier} />
                </TableCell>
                <TableCell>{row.score}</TableCell>
                <TableCell>
                  {row.stopWork
                    ? t('scorecard.stopWorkYes')
                    : t('scorecard.stopWorkNo')}
                </TableCell>
                <TableCell>{t(`risk.${row.risk}`)}</TableCell>
                <TableCell>{row.owner ?? ''}</TableCell>
                <TableCell>{row.system ?? ''}</TableCell>
                <TableCell>{row.lifecycle ?? ''}</TableCell>
                <TableCell>
                  <time dateTime={row.evaluatedAt} title={row.evaluatedAt}>
                    {formatRelativeTime(row.evaluatedAt)}
                  </time>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    );
  }

  return (
    <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
      <Paper>
        <Box p={2}>
          <TierDistribution />
        </Box>
      </Paper>
      <Box
        component="form"
        role="search"
        aria-label={t('scorecard.filtersHeading')}
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 16 }}
        onSubmit={(e: React.FormEvent) => e.preventDefault()}
      >
        <TextField
          label={t('scorecard.search')}
          id="readiness-search"
          type="search"
          value={draft.q}
          onChange={e => setFilter('q', e.target.value)}
        />
        <TextField
          select
          label={t('scorecard.tierFilter')}
          value={draft.tier}
          onChange={e => setFilter('tier', e.target.value as TierFilter)}
          style={{ minWidth: 200 }}
          SelectProps={{ displayEmpty: true }}
          InputLabelProps={{ shrink: true }}
          id="readiness-tier-filter"
        >
          <MenuItem value="">{t('scorecard.anyTier')}</MenuItem>
          <MenuItem value="enterprise">{t('tiers.enterprise')}</MenuItem>
          <MenuItem value="production">{t('tiers.production')}</MenuItem>
          <MenuItem value="mvs">{t('tiers.mvs')}</MenuItem>
          <MenuItem value="none">{t('tiers.none')}</MenuItem>
        </TextField>
        <FormControlLabel
          control={
            <Checkbox
              checked={draft.stopWork}
              onChange={e => setFilter('stopWork', e.target.checked)}
            />
          }
          label={t('scorecard.stopWorkOnly')}
        />
        <TextField
          label={t('scorecard.owner')}
          id="readiness-owner-filter"
          value={draft.owner}
          onChange={e => setFilter('owner', e.target.value)}
        />
        <TextField
          label={t('scorecard.system')}
          id="readiness-system-filter"
          value={draft.system}
          onChange={e => setFilter('system', e.target.value)}
        />
        <TextField
          label={t('scorecard.lifecycle')}
          id="readiness-lifecycle-filter"
          value={draft.lifecycle}
          onChange={e => setFilter('lifecycle', e.target.value)}
        />
        <Box flexGrow={1} />
        <Button
          variant="outlined"
          onClick={onExport}
          disabled={exporting}
          aria-busy={exporting}
        >
          {exporting ? t('scorecard.exporting') : t('scorecard.exportCsv')}
        </Button>
      </Box>
      {body}
      <Box
        component="nav"
        aria-label={t('scorecard.pageNavigation')}
        display="flex"
        alignItems="center"
        justifyContent="flex-end"
        style={{ gap: 16 }}
      >
        {value && (
          <Typography variant="body2" role="status">
            {t('scorecard.pageInfo', {
              page: String(page),
              pages: String(pages),
              total: String(value.totalCount),
            })}
          </Typography>
        )}
        <Button
          disabled={loading || page <= 1}
          onClick={() =>
            setCursorState({ key: pageKey, cursors: cursors.slice(0, -1) })
          }
        >
          {t('scorecard.previousPage')}
        </Button>
        <Button
          disabled={loading || !value?.nextCursor}
          onClick={() =>
            setCursorState({
              key: pageKey,
              cursors: [...cursors, value?.nextCursor],
            })
          }
        >
          {t('scorecard.nextPage')}
        </Button>
      </Box>
    </Box>
  );
}
