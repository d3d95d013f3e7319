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
import { makeStyles } from '@material-ui/core/styles';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  tiersBestFirst,
  type SummariesSort,
} from '@readiness/plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import {
  readinessApiRef,
  type ReadinessSummariesQuery,
} from '../../api/ReadinessApi';
import { readinessTranslationRef } from '../../translation';
import { EntityRefLink, TierChip, formatRelativeTime } from '../shared';
import { downloadCsv, fetchAllSummaries, summariesToCsv } from './csv';
import { DistributionTrend } from './DistributionTrend';
import { ScorecardCampaigns } from './ScorecardCampaigns';
import { ScorecardRollups } from './ScorecardRollups';
import { TierDistribution } from './TierDistribution';
import type { ScorecardFilters, ScorecardRow, TierFilter } from './types';
import { useDebouncedValue } from './useDebouncedValue';

const useStyles = makeStyles(theme => ({
  // Doubled selector: the theme stripes odd table rows with its own colour.
  belowRequired: {
    '&&': {
      backgroundColor:
        theme.palette.type === 'dark'
          ? 'rgba(255, 152, 0, 0.16)'
          : 'rgba(255, 152, 0, 0.12)',
    },
  },
  belowRequiredText: {
    color: theme.palette.warning.dark,
    fontWeight: 500,
  },
}));

/** Rows per page of the table. */
export const PAGE_SIZE = 50;
/** Delay before typed text becomes a query. */
export const DEBOUNCE_MS = 400;

type SortField = 'entityRef' | 'score' | 'tier' | 'evaluatedAt';

const initialFilters: ScorecardFilters = {
  tier: '',
  stopWork: false,
  belowRequiredTier: false,
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
  if (filters.belowRequiredTier) query.belowRequiredTier = true;
  for (const key of ['owner', 'system', 'lifecycle', 'q'] as const) {
    const value = filters[key].trim();
    if (value) query[key] = value;
  }
  return query;
}

/**
 * The request itself, marked as handled: it is asked while rendering and
 * awaited by an effect, so a failure before the effect runs is no unhandled
 * rejection.
 */
function settled<T>(request: Promise<T>): Promise<T> {
  request.catch(() => undefined);
  return request;
}

/** `name` for refs in the default namespace, `namespace/name` otherwise. */
function shortRef(entityRef: string): string {
  try {
    const ref = parseEntityRef(entityRef);
    return ref.namespace === 'default'
      ? ref.name
      : `${ref.namespace}/${ref.name}`;
  } catch {
    return entityRef;
  }
}

/** A select of the values present in the data, with "Any" first. */
function FacetSelect(props: {
  id: string;
  label: string;
  anyLabel: string;
  value: string;
  options: string[];
  format?: (value: string) => string;
  onChange: (value: string) => void;
}) {
  const format = props.format ?? ((value: string) => value);
  return (
    <TextField
      select
      id={props.id}
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      style={{ minWidth: 160 }}
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true }}
    >
      <MenuItem value="">{props.anyLabel}</MenuItem>
      {props.options.map(option => (
        <MenuItem key={option} value={option}>
          {format(option)}
        </MenuItem>
      ))}
    </TextField>
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
  const classes = useStyles();
  const api = useApi(readinessApiRef);
  const alertApi = useApi(alertApiRef);
  // One request for the distribution and the values the selects offer. It
  // and the table's page are asked while rendering, not in an effect after
  // the first paint: the first view waits for them.
  const distributionRequest = useMemo(
    () => settled(api.getDistribution()),
    [api],
  );
  const distribution = useAsync(
    () => distributionRequest,
    [distributionRequest],
  );
  const facets = distribution.value?.facets;

  // The search text is debounced; the other filters apply at once.
  const [draft, setDraft] = useState(initialFilters);
  const debouncedQ = useDebouncedValue(draft.q, DEBOUNCE_MS);
  const filterQuery = useMemo(
    () => toQuery({ ...draft, q: debouncedQ }),
    [draft, debouncedQ],
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

  const pageRequest = useMemo(
    () =>
      settled(
        api.getSummaries({ ...filterQuery, sort, cursor, limit: PAGE_SIZE }),
      ),
    // filterQuery changes with filterKey, which says whether it did.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, filterKey, sort, cursor],
  );
  const { value, loading, error } = useAsync(() => pageRequest, [pageRequest]);
  // The trend, campaigns and roll-ups ask only once the table's first page
  // has come: their requests and rendering would otherwise delay it.
  const [tableSettled, setTableSettled] = useState(false);
  if (!tableSettled && !loading) setTableSettled(true);

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
  const rows: ScorecardRow[] = value?.items ?? [];

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
              <TableRow
                key={row.entityRef}
                className={
                  row.belowRequiredTier ? classes.belowRequired : undefined
                }
              >
                <TableCell>
                  <EntityRefLink
                    entityRef={row.entityRef}
                    label={row.title ?? row.name}
                  />
                </TableCell>
                <TableCell>
                  <TierChip tier={row.tier} />
                  {row.belowRequiredTier && row.requiredTier && (
                    <Typography
                      variant="caption"
                      display="block"
                      className={classes.belowRequiredText}
                    >
                      {t('scorecard.belowRequired', {
                        tier: t(`tiers.${row.requiredTier}`),
                      })}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{row.score}</TableCell>
                <TableCell>
                  {row.stopWork
                    ? t('scorecard.stopWorkYes')
                    : t('scorecard.stopWorkNo')}
                </TableCell>
                <TableCell>{t(`risk.${row.risk}`)}</TableCell>
                <TableCell>
                  {row.owner && <EntityRefLink entityRef={row.owner} />}
                </TableCell>
                <TableCell>
                  {row.system && <EntityRefLink entityRef={row.system} />}
                </TableCell>
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
        <Box p={2} display="flex" flexWrap="wrap" style={{ gap: 32 }}>
          <Box flex="1 1 360px">
            {distribution.loading && <Progress />}
            {distribution.error && (
              <ResponseErrorPanel error={distribution.error} />
            )}
            {distribution.value && (
              <TierDistribution counts={distribution.value.counts} />
            )}
          </Box>
          <Box flex="1 1 360px">
            {tableSettled ? (
              <DistributionTrend
                owner={draft.owner || undefined}
                system={draft.system || undefined}
              />
            ) : (
              <Progress />
            )}
          </Box>
        </Box>
      </Paper>
      <Paper>
        <Box p={2}>{tableSettled ? <ScorecardCampaigns /> : <Progress />}</Box>
      </Paper>
      <Paper>
        <Box p={2}>{tableSettled ? <ScorecardRollups /> : <Progress />}</Box>
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
          {tiersBestFirst.map(tier => (
            <MenuItem key={tier} value={tier}>
              {t(`tiers.${tier}`)}
            </MenuItem>
          ))}
        </TextField>
        {(
          [
            ['stopWork', t('scorecard.stopWorkOnly')],
            ['belowRequiredTier', t('scorecard.belowRequiredOnly')],
          ] as const
        ).map(([key, label]) => (
          <FormControlLabel
            key={key}
            control={
              <Checkbox
                checked={draft[key]}
                onChange={e => setFilter(key, e.target.checked)}
              />
            }
            label={label}
          />
        ))}
        <FacetSelect
          id="readiness-owner-filter"
          label={t('scorecard.owner')}
          anyLabel={t('scorecard.anyValue')}
          value={draft.owner}
          options={facets?.owners ?? []}
          format={shortRef}
          onChange={selected => setFilter('owner', selected)}
        />
        <FacetSelect
          id="readiness-system-filter"
          label={t('scorecard.system')}
          anyLabel={t('scorecard.anyValue')}
          value={draft.system}
          options={facets?.systems ?? []}
          format={shortRef}
          onChange={selected => setFilter('system', selected)}
        />
        <FacetSelect
          id="readiness-lifecycle-filter"
          label={t('scorecard.lifecycle')}
          anyLabel={t('scorecard.anyValue')}
          value={draft.lifecycle}
          options={facets?.lifecycles ?? []}
          onChange={selected => setFilter('lifecycle', selected)}
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
