import type { DatabaseService } from '@backstage/backend-plugin-api';
import {
  type Attestation,
  type CheckId,
  type DistributionSnapshot,
  emptyReadinessCounts,
  type Evidence,
  type ReadinessCounts,
  type ReadinessReport,
  type Tier,
  type Waiver,
} from '@readiness/plugin-readiness-common';
import type { Knex } from 'knex';
import type {
  AuditEntry,
  CollectionRunCounters,
  CollectionRunRecord,
  EntityMetadata,
  HistoryEntryRecord,
  ReadinessStore,
  StopWorkOrderRecord,
  StopWorkTransition,
  StoredEvidence,
  StoredSummary,
  SummaryFilter,
  SummaryPage,
  SummaryQuery,
  SummarySort,
} from './ReadinessStore';
import { migrateDatabase } from './migrateDatabase';

/**
 * How long a pushed CI run is remembered: a run sent again within this time
 * is recognised. Older pushes are also older than any stored observation.
 */
const PUSHED_RUN_RETENTION_MS = 90 * 86_400_000;

/** Collection runs are kept this long; the latest of each task is what counts. */
const COLLECTION_RUN_RETENTION_MS = 7 * 86_400_000;

const TIER_RANK: Record<Tier, number> = {
  mvs: 1,
  production: 2,
  enterprise: 3,
};

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
 * Timestamps come back as Date from PostgreSQL and as epoch milliseconds from
 * better-sqlite3 (knex stores Date as a number there); the store speaks ISO.
 */
function toIso(value: Date | string | number): string;
function toIso(
  value: Date | string | number | null | undefined,
): string | undefined;
function toIso(value: Date | string | number | null | undefined) {
  if (value === null || value === undefined) {
    return undefined;
  }
  return new Date(value).toISOString();
}

/** SQLite returns booleans as 0/1. */
function toBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

function parseJson<T>(text: string | null | undefined): T | undefined {
  return text === null || text === undefined
    ? undefined
    : (JSON.parse(text) as T);
}

/**
 * Applies summary filters to a query over readiness_reports; shared by pages,
 * counts and roll-ups so they always agree.
 */
function applySummaryFilter(builder: Knex.QueryBuilder, filter: SummaryFilter) {
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
 * The knex implementation of {@link ReadinessStore}, on SQLite and PostgreSQL.
 *
 * @internal
 */
export class DatabaseReadinessStore implements ReadinessStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseReadinessStore> {
    const { database } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await migrateDatabase(client);
    }
    return new DatabaseReadinessStore(client);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Serialises writers of one entity's report and stop-work orders across
   * backend instances until the transaction ends. PostgreSQL takes an
   * advisory lock on the entity; SQLite has a single writer already.
   */
  private async lockEntity(tx: Knex.Transaction, entityRef: string) {
    if (this.db.client.config.client === 'pg') {
      await tx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
        `readiness:${entityRef}`,
      ]);
    }
  }

  async upsertEvidence(
    entityRef: string,
    evidence: Array<Evidence & { runId?: string }>,
    options: { now: Date; actor?: string },
  ): Promise<number> {
    if (evidence.length === 0) {
      return 0;
    }
    return this.db.transaction(async tx => {
      const applied = options.actor
        ? await this.withoutReplays(tx, entityRef, evidence, options.now)
        : evidence;
      if (applied.length === 0) {
        return 0;
      }
      await tx('readiness_evidence')
        .insert(
          applied.map(item => ({
            entity_ref: entityRef,
            source: item.source,
            key: item.key,
            value: item.value === undefined ? null : JSON.stringify(item.value),
            error: item.error ?? null,
            link: item.link ?? null,
            run_id: item.runId ?? null,
            observed_at: new Date(item.observedAt),
            stale_after: new Date(item.staleAfter),
            stale_reason: null,
            updated_at: options.now,
          })),
        )
        .onConflict(['entity_ref', 'source', 'key'])
        .merge();
      const runs = applied.filter(item => item.runId);
      if (runs.length > 0) {
        await tx('readiness_pushed_runs')
          .insert(
            runs.map(item => ({
              entity_ref: entityRef,
              source: item.source,
              key: item.key,
              run_id: item.runId,
              pushed_at: options.now,
            })),
          )
          .onConflict(['entity_ref', 'source', 'key', 'run_id'])
          .ignore();
      }
      if (options.actor) {
        await this.audit(tx, {
          entityRef,
          actor: options.actor,
          action: 'evidence.push',
          details: { keys: applied.map(item => item.key) },
          at: options.now,
        });
      }
      return applied.length;
    });
  }

  /**
   * Pushed items that would not move the evidence forward are dropped: a CI
   * run already applied (sent again, perhaps after a newer run), or an
   * observation older than the one stored.
   */
  private async withoutReplays<T extends Evidence & { runId?: string }>(
    tx: Knex.Transaction,
    entityRef: string,
    items: T[],
    now: Date,
  ): Promise<T[]> {
    await tx('readiness_pushed_runs')
      .where(
        'pushed_at',
        '<',
        new Date(now.getTime() - PUSHED_RUN_RETENTION_MS),
      )
      .delete();
    const runIds = [
      ...new Set(items.flatMap(item => (item.runId ? [item.runId] : []))),
    ];
    const seenRuns = new Set(
      runIds.length === 0
        ? []
        : (
            await tx('readiness_pushed_runs')
              .where({ entity_ref: entityRef })
              .whereIn('run_id', runIds)
              .select('source', 'key', 'run_id')
          ).map(row => `${row.source}|${row.key}|${row.run_id}`),
    );
    const storedObservedAt = new Map(
      (
        await tx('readiness_evidence')
          .where({ entity_ref: entityRef })
          .select('source', 'key', 'observed_at')
      ).map(row => [
        `${row.source}|${row.key}`,
        Date.parse(toIso(row.observed_at)),
      ]),
    );
    return items.filter(item => {
      const slot = `${item.source}|${item.key}`;
      if (item.runId && seenRuns.has(`${slot}|${item.runId}`)) {
        return false;
      }
      const stored = storedObservedAt.get(slot);
      return stored === undefined || Date.parse(item.observedAt) >= stored;
    });
  }

  async markEvidenceStale(
    entityRef: string,
    source: string,
    keys: string[],
    reason: string,
    options: { now: Date },
  ): Promise<void> {
    if (keys.length === 0) {
      return;
    }
    const query = this.db('readiness_evidence')
      .where({ entity_ref: entityRef, source })
      .whereIn('key', keys);
    // Only ever shorten freshness: the value stays, it just can no longer pass.
    await query
      .clone()
      .where('stale_after', '>', options.now)
      .update({ stale_after: options.now });
    await query
      .clone()
      .update({ stale_reason: reason, updated_at: options.now });
  }

  async listEvidence(entityRef: string): Promise<StoredEvidence[]> {
    const rows = await this.db('readiness_evidence')
      .where({ entity_ref: entityRef })
      .orderBy(['source', 'key']);
    return rows.map(
      row =>
        ({
          source: row.source,
          key: row.key,
          value: parseJson(row.value),
          observedAt: toIso(row.observed_at),
          staleAfter: toIso(row.stale_after),
          ...(row.link ? { link: row.link } : {}),
          ...(row.error ? { error: row.error } : {}),
          ...(row.stale_reason ? { staleReason: row.stale_reason } : {}),
          ...(row.run_id ? { runId: row.run_id } : {}),
        }) as StoredEvidence,
    );
  }

  async getReport(entityRef: string): Promise<ReadinessReport | undefined> {
    const row = await this.db('readiness_reports')
      .where({ entity_ref: entityRef })
      .first('report');
    return parseJson<ReadinessReport>(row?.report);
  }

  async saveEvaluation(options: {
    entity: EntityMetadata;
    report: ReadinessReport;
    now: Date;
  }): Promise<StopWorkTransition> {
    const { entity, report, now } = options;
    const counts = { pass: 0, fail: 0, unknown: 0, waived: 0 };
    for (const check of report.checks) {
      counts[check.status] += 1;
    }
    const score = Math.round(report.score.overall);
    const transition: StopWorkTransition = {};

    await this.db.transaction(async tx => {
      await this.lockEntity(tx, entity.entityRef);
      const previous = await tx('readiness_reports')
        .where({ entity_ref: entity.entityRef })
        .first('tier', 'score', 'stop_work', 'risk', 'evaluated_at');
      // An evaluation that finishes after a newer one (another instance, a
      // slow collector) must not put its older view back.
      if (
        previous &&
        Date.parse(toIso(previous.evaluated_at)) >
          Date.parse(report.evaluatedAt)
      ) {
        return;
      }

      await tx('readiness_reports')
        .insert({
          entity_ref: entity.entityRef,
          kind: entity.kind,
          namespace: entity.namespace,
          name: entity.name,
          title: entity.title ?? null,
          owner: entity.owner ?? null,
          system: entity.system ?? null,
          lifecycle: entity.lifecycle ?? null,
          tier: report.tier,
          tier_rank: report.tier ? TIER_RANK[report.tier] : 0,
          score,
          stop_work: report.stopWork.active,
          risk: report.risk.level,
          stale: report.stale,
          required_tier: report.requiredTier ?? null,
          below_required_tier: report.meetsRequiredTier === false,
          counts: JSON.stringify(counts),
          report: JSON.stringify(report),
          evaluated_at: new Date(report.evaluatedAt),
          last_seen_in_catalog_at: now,
        })
        .onConflict('entity_ref')
        .merge();

      const changed =
        !previous ||
        (previous.tier ?? null) !== report.tier ||
        previous.score !== score ||
        toBoolean(previous.stop_work) !== report.stopWork.active ||
        previous.risk !== report.risk.level;
      if (changed) {
        await tx('readiness_history').insert({
          entity_ref: entity.entityRef,
          tier: report.tier,
          score,
          stop_work: report.stopWork.active,
          risk: report.risk.level,
          recorded_at: new Date(report.evaluatedAt),
        });
      }

      const open = await tx('readiness_stop_work_orders')
        .where({ entity_ref: entity.entityRef, origin: 'automatic' })
        .whereNull('lifted_at')
        .first();
      if (report.stopWork.automatic && !open) {
        const beganAt = new Date(report.stopWork.since ?? report.evaluatedAt);
        const [inserted] = await tx('readiness_stop_work_orders')
          .insert({
            entity_ref: entity.entityRef,
            origin: 'automatic',
            began_at: beganAt,
            blockers: JSON.stringify(report.stopWork.blockers),
            counts_at_start: JSON.stringify(report.stopWork.countsAtStart),
          })
          .returning('*');
        transition.began = this.toOrder(inserted);
      } else if (!report.stopWork.automatic && open) {
        await tx('readiness_stop_work_orders')
          .where({ id: open.id })
          .update({ lifted_at: now, lifted_by: 'readiness' });
        transition.lifted = this.toOrder({
          ...open,
          lifted_at: now,
          lifted_by: 'readiness',
        });
      }
    });
    return transition;
  }

  async listSummaries(query: SummaryQuery): Promise<SummaryPage> {
    const sort = query.sort ?? 'name';
    const order = query.order ?? 'asc';
    const column = SORT_COLUMNS[sort];

    const filtered = this.db('readiness_reports').where(builder =>
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
  }

  async countSummaries(filter: SummaryFilter = {}): Promise<ReadinessCounts> {
    const rows = await this.aggregate(undefined, filter);
    return rows.get('') ?? emptyReadinessCounts();
  }

  async countSummariesBy(
    column: 'owner' | 'system',
    filter: SummaryFilter = {},
  ): Promise<Map<string, ReadinessCounts>> {
    return this.aggregate(column, filter);
  }

  async listFacets(filter: SummaryFilter = {}): Promise<{
    owners: string[];
    systems: string[];
    lifecycles: string[];
  }> {
    // Bounded: a picker with more entries than this is no longer usable.
    const distinct = async (column: string) =>
      (
        await this.db('readiness_reports')
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
  }

  async recordDistributionSnapshot(options: { now: Date }): Promise<void> {
    const counts = await this.countSummaries();
    await this.db('readiness_distribution_snapshots')
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
  }

  async listDistributionSnapshots(
    since: string,
  ): Promise<DistributionSnapshot[]> {
    const rows = await this.db('readiness_distribution_snapshots')
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
  }

  /**
   * One GROUP BY over the reports: per key (or '' without one) and tier, the
   * number of rows, under stop-work, below the required tier, and the score sum.
   */
  private async aggregate(
    column: 'owner' | 'system' | undefined,
    filter: SummaryFilter,
  ): Promise<Map<string, ReadinessCounts>> {
    const query = this.db('readiness_reports')
      .where(builder => applySummaryFilter(builder, filter))
      .select(
        'tier',
        this.db.raw('COUNT(*) AS total'),
        this.db.raw('SUM(CASE WHEN stop_work THEN 1 ELSE 0 END) AS stop_work'),
        this.db.raw(
          'SUM(CASE WHEN below_required_tier THEN 1 ELSE 0 END) AS below_required',
        ),
        this.db.raw('SUM(score) AS score_sum'),
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

  async getHistory(
    entityRef: string,
    options: { since?: Date; limit?: number } = {},
  ): Promise<HistoryEntryRecord[]> {
    const query = this.db('readiness_history')
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'recorded_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    if (options.since) {
      query.where('recorded_at', '>=', options.since);
    }
    if (options.limit) {
      query.limit(options.limit);
    }
    const rows = await query;
    return rows.map(row => ({
      entityRef: row.entity_ref,
      tier: row.tier ?? null,
      score: Number(row.score),
      stopWork: toBoolean(row.stop_work),
      risk: row.risk,
      recordedAt: toIso(row.recorded_at),
    }));
  }

  async getOpenStopWorkOrders(
    entityRef: string,
  ): Promise<StopWorkOrderRecord[]> {
    const rows = await this.db('readiness_stop_work_orders')
      .where({ entity_ref: entityRef })
      .whereNull('lifted_at')
      .orderBy('began_at');
    return rows.map(row => this.toOrder(row));
  }

  async startCollectionRun(
    task: string,
    options: { now: Date },
  ): Promise<string> {
    return this.db.transaction(async tx => {
      await tx('readiness_collection_runs')
        .where({ task })
        .where(
          'started_at',
          '<',
          new Date(options.now.getTime() - COLLECTION_RUN_RETENTION_MS),
        )
        .delete();
      const [row] = await tx('readiness_collection_runs')
        .insert({
          task,
          started_at: options.now,
          updated_at: options.now,
        })
        .returning('id');
      return String(typeof row === 'object' ? row.id : row);
    });
  }

  async updateCollectionRun(
    id: string,
    progress: CollectionRunCounters & { finished?: boolean },
    options: { now: Date },
  ): Promise<void> {
    await this.db('readiness_collection_runs')
      .where({ id })
      .update({
        entities_done: progress.entitiesDone,
        entities_total: progress.entitiesTotal,
        entities_failed: progress.entitiesFailed,
        updated_at: options.now,
        ...(progress.finished ? { finished_at: options.now } : {}),
      });
  }

  async listLatestCollectionRuns(): Promise<CollectionRunRecord[]> {
    const latest = this.db('readiness_collection_runs')
      .max('id')
      .groupBy('task');
    const rows = await this.db('readiness_collection_runs')
      .whereIn('id', latest)
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(row => ({
      id: String(row.id),
      task: row.task,
      startedAt: toIso(row.started_at),
      ...(row.finished_at ? { finishedAt: toIso(row.finished_at) } : {}),
      entitiesDone: Number(row.entities_done),
      entitiesTotal: Number(row.entities_total),
      entitiesFailed: Number(row.entities_failed),
      updatedAt: toIso(row.updated_at),
    }));
  }

  async listStopWorkOrders(entityRef: string): Promise<StopWorkOrderRecord[]> {
    const rows = await this.db('readiness_stop_work_orders')
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'began_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(row => this.toOrder(row));
  }

  async issueManualStopWork(options: {
    entityRef: string;
    issuedBy: string;
    reason: string;
    blockers: CheckId[];
    countsAtStart: Record<string, number>;
    now: Date;
  }): Promise<StopWorkOrderRecord> {
    return this.db.transaction(async tx => {
      await this.lockEntity(tx, options.entityRef);
      const open = await tx('readiness_stop_work_orders')
        .where({ entity_ref: options.entityRef, origin: 'manual' })
        .whereNull('lifted_at')
        .first();
      if (open) {
        return this.toOrder(open);
      }
      const [row] = await tx('readiness_stop_work_orders')
        .insert({
          entity_ref: options.entityRef,
          origin: 'manual',
          reason: options.reason,
          issued_by: options.issuedBy,
          began_at: options.now,
          blockers: JSON.stringify(options.blockers),
          counts_at_start: JSON.stringify(options.countsAtStart),
        })
        .returning('*');
      await this.audit(tx, {
        entityRef: options.entityRef,
        actor: options.issuedBy,
        action: 'stop-work.issue',
        details: { reason: options.reason },
        at: options.now,
      });
      return this.toOrder(row);
    });
  }

  async liftManualStopWork(options: {
    entityRef: string;
    liftedBy: string;
    reason: string;
    now: Date;
  }): Promise<StopWorkOrderRecord | undefined> {
    return this.db.transaction(async tx => {
      await this.lockEntity(tx, options.entityRef);
      const open = await tx('readiness_stop_work_orders')
        .where({ entity_ref: options.entityRef, origin: 'manual' })
        .whereNull('lifted_at')
        .first();
      if (!open) {
        return undefined;
      }
      const update = {
        lifted_at: options.now,
        lifted_by: options.liftedBy,
        lift_reason: options.reason,
      };
      await tx('readiness_stop_work_orders')
        .where({ id: open.id })
        .update(update);
      await this.audit(tx, {
        entityRef: options.entityRef,
        actor: options.liftedBy,
        action: 'stop-work.lift',
        details: { reason: options.reason },
        at: options.now,
      });
      return this.toOrder({ ...open, ...update });
    });
  }

  async markStopWorkNotified(
    orderId: string,
    transition: 'began' | 'lifted',
    options: { now: Date },
  ): Promise<boolean> {
    const column =
      transition === 'began' ? 'began_notified_at' : 'lifted_notified_at';
    // A conditional update is atomic, so two instances never both claim it.
    const updated = await this.db('readiness_stop_work_orders')
      .where({ id: orderId })
      .whereNull(column)
      .update({ [column]: options.now });
    return updated > 0;
  }

  async addAttestation(
    entityRef: string,
    attestation: Attestation,
    options: { now: Date },
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('readiness_attestations').insert({
        id: attestation.id,
        entity_ref: entityRef,
        kind: attestation.kind,
        summary: attestation.summary,
        evidence_link: attestation.evidenceLink,
        attested_by: attestation.attestedBy,
        attested_at: new Date(attestation.attestedAt),
        expires_at: new Date(attestation.expiresAt),
      });
      await this.audit(tx, {
        entityRef,
        actor: attestation.attestedBy,
        action: 'attestation.create',
        details: {
          id: attestation.id,
          kind: attestation.kind,
          expiresAt: attestation.expiresAt,
        },
        at: options.now,
      });
    });
  }

  async listAttestations(entityRef: string): Promise<Attestation[]> {
    const rows = await this.db('readiness_attestations')
      .where({ entity_ref: entityRef })
      .whereNull('revoked_at')
      .orderBy('attested_at');
    return rows.map(row => ({
      id: row.id,
      kind: row.kind,
      summary: row.summary,
      evidenceLink: row.evidence_link,
      attestedBy: row.attested_by,
      attestedAt: toIso(row.attested_at),
      expiresAt: toIso(row.expires_at),
    }));
  }

  async revokeAttestation(options: {
    entityRef: string;
    id: string;
    revokedBy: string;
    now: Date;
  }): Promise<boolean> {
    return this.revoke('readiness_attestations', 'attestation.revoke', options);
  }

  async addWaiver(
    entityRef: string,
    waiver: Waiver,
    options: { now: Date },
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('readiness_waivers').insert({
        id: waiver.id,
        entity_ref: entityRef,
        check_id: waiver.checkId,
        reason: waiver.reason,
        owner: waiver.owner,
        created_by: waiver.createdBy,
        created_at: new Date(waiver.createdAt),
        expires_at: new Date(waiver.expiresAt),
      });
      await this.audit(tx, {
        entityRef,
        actor: waiver.createdBy,
        action: 'waiver.create',
        details: {
          id: waiver.id,
          checkId: waiver.checkId,
          reason: waiver.reason,
          expiresAt: waiver.expiresAt,
        },
        at: options.now,
      });
    });
  }

  async listWaivers(entityRef: string): Promise<Waiver[]> {
    const rows = await this.db('readiness_waivers')
      .where({ entity_ref: entityRef })
      .whereNull('revoked_at')
      .orderBy('created_at');
    return rows.map(row => ({
      id: row.id,
      checkId: row.check_id,
      reason: row.reason,
      owner: row.owner,
      createdBy: row.created_by,
      createdAt: toIso(row.created_at),
      expiresAt: toIso(row.expires_at),
    }));
  }

  async revokeWaiver(options: {
    entityRef: string;
    id: string;
    revokedBy: string;
    now: Date;
  }): Promise<boolean> {
    return this.revoke('readiness_waivers', 'waiver.revoke', options);
  }

  async listAuditLog(entityRef: string): Promise<AuditEntry[]> {
    const rows = await this.db('readiness_audit_log')
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(row => ({
      entityRef: row.entity_ref,
      actor: row.actor,
      action: row.action,
      details: JSON.parse(row.details),
      at: toIso(row.at),
    }));
  }

  async markSeenInCatalog(
    entityRefs: string[],
    options: { now: Date },
  ): Promise<void> {
    // Chunked to stay under SQLite's bound-parameter limit.
    for (let i = 0; i < entityRefs.length; i += 500) {
      await this.db('readiness_reports')
        .whereIn('entity_ref', entityRefs.slice(i, i + 500))
        .update({ last_seen_in_catalog_at: options.now });
    }
  }

  async deleteExpired(options: {
    notSeenSince: Date;
    historyBefore?: Date;
  }): Promise<string[]> {
    return this.db.transaction(async tx => {
      const gone: string[] = (
        await tx('readiness_reports')
          .where('last_seen_in_catalog_at', '<', options.notSeenSince)
          .select('entity_ref')
      ).map(row => row.entity_ref);
      for (let i = 0; i < gone.length; i += 500) {
        const chunk = gone.slice(i, i + 500);
        for (const table of [
          'readiness_evidence',
          'readiness_history',
          'readiness_stop_work_orders',
          'readiness_attestations',
          'readiness_waivers',
          'readiness_audit_log',
          'readiness_reports',
        ]) {
          await tx(table).whereIn('entity_ref', chunk).delete();
        }
      }
      if (options.historyBefore) {
        await tx('readiness_history')
          .where('recorded_at', '<', options.historyBefore)
          .delete();
        await tx('readiness_distribution_snapshots')
          .where('day', '<', options.historyBefore.toISOString().slice(0, 10))
          .delete();
      }
      return gone;
    });
  }

  private async revoke(
    table: 'readiness_attestations' | 'readiness_waivers',
    action: string,
    options: { entityRef: string; id: string; revokedBy: string; now: Date },
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      const updated = await tx(table)
        .where({ id: options.id, entity_ref: options.entityRef })
        .whereNull('revoked_at')
        .update({ revoked_at: options.now, revoked_by: options.revokedBy });
      if (updated > 0) {
        await this.audit(tx, {
          entityRef: options.entityRef,
          actor: options.revokedBy,
          action,
          details: { id: options.id },
          at: options.now,
        });
      }
      return updated > 0;
    });
  }

  private async audit(
    tx: Knex.Transaction,
    entry: Omit<AuditEntry, 'at'> & { at: Date },
  ): Promise<void> {
    await tx('readiness_audit_log').insert({
      entity_ref: entry.entityRef,
      actor: entry.actor,
      action: entry.action,
      details: JSON.stringify(entry.details),
      at: entry.at,
    });
  }

  private toOrder(row: any): StopWorkOrderRecord {
    return {
      id: String(row.id),
      entityRef: row.entity_ref,
      origin: row.origin,
      ...(row.reason ? { reason: row.reason } : {}),
      ...(row.issued_by ? { issuedBy: row.issued_by } : {}),
      beganAt: toIso(row.began_at),
      blockers: JSON.parse(row.blockers),
      countsAtStart: JSON.parse(row.counts_at_start),
      ...(row.lifted_at ? { liftedAt: toIso(row.lifted_at) } : {}),
      ...(row.lifted_by ? { liftedBy: row.lifted_by } : {}),
      ...(row.lift_reason ? { liftReason: row.lift_reason } : {}),
      ...(row.began_notified_at
        ? { beganNotifiedAt: toIso(row.began_notified_at) }
        : {}),
      ...(row.lifted_notified_at
        ? { liftedNotifiedAt: toIso(row.lifted_notified_at) }
        : {}),
    };
  }
}
