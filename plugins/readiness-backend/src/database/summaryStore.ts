import {
  type DistributionSnapshot,
  emptyReadinessCounts,
  type ReadinessCounts,
  type Tier,
} from '@readiness/plugin-readiness-common';
import type { Knex } from 'knex';
import type {
  ReadinessStore,
  StoredSummary,
  SummaryFilter,
  SummaryPage,
  SummaryQuery,
  SummarySort,
} from './ReadinessStore';
import { toBoolean, toIso } from './rows';

const SORT_COLUMNS: Record<SummarySort, string> = {
  entityRef: 'entity_ref',
  name: 'name',
  score: 'score',
  tier: 'tier_rank',
  evaluatedAt: 'evaluated_at',
};

/** The entity ref is the tie-breaker of every sort, so cursors are stable. */
interface SummaryCursor {
  sort: SummarySort;
  order: 'asc' | 'desc';
  value: string | number;
  entityRef: string;
}

/**
 * Applies summary filters to a query over readiness_reports; shared by pages,
 * counts and roll-ups so they always agree.
 */
export function applySummaryFilter(
  builder: Knex.QueryBuilder,
  filter: SummaryFilter,
) {
  if (filter.tier?.length) {
    const tiers = filter.tier.filter((t): t is Tier => t !== 'none');
    builder.where(inner => {
      if (tiers.length) {
        inner.whereIn('tier', tiers);
      }
      if (filter.tier!.includes('none')) {
        inner.orWhereNull('tier');
      }
    });
  }
  if (filter.stopWork !== undefined) {
    builder.where('stop_work', filter.stopWork);
  }
  if (filter.belowRequiredTier !== undefined) {
    builder.where('below_required_tier', filter.belowRequiredTier);
  }
  if (filter.owner?.length) {
    builder.whereIn('owner', filter.owner);
  }
  if (filter.system?.length) {
    builder.whereIn('system', filter.system);
  }
  if (filter.lifecycle?.length) {
    builder.whereIn('lifecycle', filter.lifecycle);
  }
  if (filter.kind?.length) {
    const kinds = filter.kind.map(kind => kind.toLocaleLowerCase('en-US'));
    builder.whereRaw(
      `LOWER(kind) IN (${kinds.map(() => '?').join(', ')})`,
      kinds,
    );
  }
  if (filter.namespace?.length) {
    builder.whereIn('namespace', filter.namespace);
  }
  if (filter.entityRefs) {
    builder.whereIn('entity_ref', filter.entityRefs);
  }
  if (filter.q) {
    // LIKE is case-sensitive on PostgreSQL, so compare lower-cased text.
    const pattern = `%${filter.q.toLocaleLowerCase('en-US').replace(/[\\%_]/g, c => `\\${c}`)}%`;
    builder.where(inner =>
      inner
        .whereRaw(`LOWER(name) LIKE ? ESCAPE '\\'`, [pattern])
        .orWhereRaw(`LOWER(COALESCE(title, '')) LIKE ? ESCAPE '\\'`, [pattern]),
    );
  }
}

/**
 * A cursor that was not produced by this store, or for another sort order.
 *
 * @internal
 */
export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not valid for this query');
    this.name = 'InvalidCursorError';
  }
}

function encodeCursor(cursor: SummaryCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decodeCursor(text: string): SummaryCursor {
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      typeof cursor?.entityRef === 'string' &&
      (typeof cursor.value === 'string' || typeof cursor.value === 'number') &&
      cursor.sort in SORT_COLUMNS &&
      (cursor.order === 'asc' || cursor.order === 'desc')
    ) {
      return cursor;
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidCursorError();
}

/**
 * Summaries and roll-ups: pages, counts, facets and daily distribution
 * snapshots over the stored reports.
 *
 * @internal
 */
export function createSummaryStore(
  db: Knex,
): Pick<
  ReadinessStore,
  | 'listSummaries'
  | 'countSummaries'
  | 'countSummariesBy'
  | 'listFacets'
  | 'recordDistributionSnapshot'
  | 'listDistributionSnapshots'
> {
  /**
   * One GROUP BY over the reports: per key (or '' without one) and tier, the
   * number of rows, under stop-work, below the required tier, and the score sum.
   */
  async function aggregate(
    column: 'owner' | 'system' | undefined,
    filter: SummaryFilter,
  ): Promise<Map<string, ReadinessCounts>> {
    const query = db('readiness_reports')
      .where(builder => applySummaryFilter(builder, filter))
      .select(
        'tier',
        db.raw('COUNT(*) AS total'),
        db.raw('SUM(CASE WHEN stop_work THEN 1 ELSE 0 END) AS stop_work'),
        db.raw(
          'SUM(CASE WHEN below_required_tier THEN 1 ELSE 0 END) AS below_required',
        ),
        db.raw('SUM(score) AS score_sum'),
      )
      .groupBy('tier');
    if (column) {
      query.select({ key: column }).whereNotNull(column).groupBy(column);
    }
    const result = new Map<string, ReadinessCounts>();
    for (const row of await query) {
      const key = column ? String(row.key) : '';
      const counts = result.get(key) ?? emptyReadinessCounts();
      const total = Number(row.total);
      counts.total += total;
      counts.tiers[(row.tier ?? 'none') as Tier | 'none'] += total;
      counts.stopWork += Number(row.stop_work);
      counts.belowRequiredTier += Number(row.below_required);
      counts.scoreSum += Number(row.score_sum);
      result.set(key, counts);
    }
    return result;
  }

  async function countSummaries(
    filter: SummaryFilter = {},
  ): Promise<ReadinessCounts> {
    const rows = await aggregate(undefined, filter);
    return rows.get('') ?? emptyReadinessCounts();
  }

  return {
    countSummaries,

    async listSummaries(query: SummaryQuery): Promise<SummaryPage> {
      const sort = query.sort ?? 'name';
      const order = query.order ?? 'asc';
      const column = SORT_COLUMNS[sort];

      const filtered = db('readiness_reports').where(builder =>
        applySummaryFilter(builder, query),
      );

      const [{ count }] = await filtered.clone().count({ count: '*' });
      const page = filtered.clone();
      if (query.cursor) {
        const cursor = decodeCursor(query.cursor);
        if (cursor.sort !== sort || cursor.order !== order) {
          throw new InvalidCursorError();
        }
        const op = order === 'asc' ? '>' : '<';
        const value =
          sort === 'evaluatedAt' ? new Date(cursor.value) : cursor.value;
        page.where(builder =>
          builder
            .where(column, op, value)
            .orWhere(inner =>
              inner
                .where(column, value)
                .andWhere('entity_ref', op, cursor.entityRef),
            ),
        );
      }
      const rows = await page
        .orderBy([
          { column, order },
          { column: 'entity_ref', order },
        ])
        .limit(query.limit + 1)
        .select(
          'entity_ref',
          'kind',
          'namespace',
          'name',
          'title',
          'owner',
          'system',
          'lifecycle',
          'tier',
          'tier_rank',
          'score',
          'stop_work',
          'risk',
          'stale',
          'counts',
          'evaluated_at',
          'required_tier',
          'below_required_tier',
        );

      const items: StoredSummary[] = rows.slice(0, query.limit).map(row => ({
        entityRef: row.entity_ref,
        kind: row.kind,
        namespace: row.namespace,
        name: row.name,
        ...(row.title ? { title: row.title } : {}),
        ...(row.owner ? { owner: row.owner } : {}),
        ...(row.system ? { system: row.system } : {}),
        ...(row.lifecycle ? { lifecycle: row.lifecycle } : {}),
        tier: row.tier ?? null,
        tierRank: Number(row.tier_rank),
        score: Number(row.score),
        stopWork: toBoolean(row.stop_work),
        risk: row.risk,
        stale: toBoolean(row.stale),
        counts: JSON.parse(row.counts),
        evaluatedAt: toIso(row.evaluated_at),
        ...(row.required_tier
          ? {
              requiredTier: row.required_tier,
              belowRequiredTier: toBoolean(row.below_required_tier),
            }
          : {}),
      }));

      let nextCursor: string | undefined;
      if (rows.length > query.limit) {
        const last = rows[query.limit - 1];
        const raw = last[column];
        nextCursor = encodeCursor({
          sort,
          order,
          value: sort === 'evaluatedAt' ? toIso(raw) : raw,
          entityRef: last.entity_ref,
        });
      }
      return { items, nextCursor, totalCount: Number(count) };
    },

    async countSummariesBy(
      column: 'owner' | 'system',
      filter: SummaryFilter = {},
    ): Promise<Map<string, ReadinessCounts>> {
      return aggregate(column, filter);
    },

    async listFacets(filter: SummaryFilter = {}): Promise<{
      owners: string[];
      systems: string[];
      lifecycles: string[];
    }> {
      // Bounded: a picker with more entries than this is no longer usable.
      const distinct = async (column: string) =>
        (
          await db('readiness_reports')
            .modify(applySummaryFilter, filter)
            .whereNotNull(column)
            .distinct(column)
            .orderBy(column)
            .limit(1000)
        ).map(row => String(row[column]));
      const [owners, systems, lifecycles] = await Promise.all([
        distinct('owner'),
        distinct('system'),
        distinct('lifecycle'),
      ]);
      return { owners, systems, lifecycles };
    },

    async recordDistributionSnapshot(options: { now: Date }): Promise<void> {
      const counts = await countSummaries();
      await db('readiness_distribution_snapshots')
        .insert({
          day: options.now.toISOString().slice(0, 10),
          total: counts.total,
          enterprise: counts.tiers.enterprise,
          production: counts.tiers.production,
          mvs: counts.tiers.mvs,
          none: counts.tiers.none,
          stop_work: counts.stopWork,
          below_required_tier: counts.belowRequiredTier,
          score_sum: counts.scoreSum,
          recorded_at: options.now,
        })
        .onConflict('day')
        .merge();
    },

    async listDistributionSnapshots(
      since: string,
    ): Promise<DistributionSnapshot[]> {
      const rows = await db('readiness_distribution_snapshots')
        .where('day', '>=', since)
        .orderBy('day');
      return rows.map(row => ({
        day: row.day,
        counts: {
          total: Number(row.total),
          tiers: {
            enterprise: Number(row.enterprise),
            production: Number(row.production),
            mvs: Number(row.mvs),
            none: Number(row.none),
          },
          stopWork: Number(row.stop_work),
          belowRequiredTier: Number(row.below_required_tier),
          scoreSum: Number(row.score_sum),
        },
      }));
    },
  };
}
