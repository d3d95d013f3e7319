import type { Knex } from 'knex';

const QUEUE = 'readiness_collection_queue';
const RUNS = 'readiness_collection_runs';
const BUDGETS = 'readiness_collection_budgets';

/** Runs are kept this long; the latest of each task is what counts. */
const RUN_RETENTION_MS = 7 * 86_400_000;

/** Rows per insert: well below SQLite's limit of bound parameters. */
const INSERT_CHUNK = 200;

/**
 * Where an entity of a run is: carried from the task's earlier run until
 * the catalog confirms it, waiting, held by an instance under a lease,
 * settled, or left for the task's next run (a budget ran out).
 *
 * @internal
 */
export type CollectionQueueState =
  'carried' | 'queued' | 'claimed' | 'done' | 'failed' | 'deferred';

/** @internal */
export interface CollectionQueueItem {
  id: string;
  runId: string;
  task: string;
  entityRef: string;
}

/**
 * A run's entities by state, across instances, and what each instance did.
 *
 * @internal
 */
export interface CollectionQueueCounts {
  total: number;
  /** Carried entities count as queued. */
  byState: Record<Exclude<CollectionQueueState, 'carried'>, number>;
  /** By the instance that claimed them last; queued entities are nobody's. */
  byInstance: Record<
    string,
    { claimed: number; done: number; failed: number; deferred: number }
  >;
}

/**
 * The collection work queue: runs' entities claimed by instances under
 * leases.
 *
 * @internal
 */
export interface CollectionQueueStore {
  /**
   * Starts a run of `task` whose entities are queued next. The task's
   * earlier runs end here: their entities not collected (left by a budget,
   * or by a run that never finished) are queued first in this one.
   */
  startQueuedRun(task: string, options: { now: Date }): Promise<string>;
  /** Queues entities of the run; one already queued in it is kept once. */
  enqueueEntities(
    runId: string,
    entityRefs: string[],
    options: { now: Date },
  ): Promise<void>;
  /** Every entity of the run is queued: it may end once they are settled. */
  markRunQueued(runId: string, options: { now: Date }): Promise<void>;
  /**
   * Claims up to `limit` entities for `instance` until `now + leaseMs`:
   * first those whose claim expired (their instance died), then queued
   * ones in order. An entity claimed `maxAttempts` times already is failed
   * instead, so one that kills its instance cannot kill them all.
   */
  claimEntities(options: {
    instance: string;
    limit: number;
    leaseMs: number;
    maxAttempts: number;
    now: Date;
  }): Promise<CollectionQueueItem[]>;
  /** Extends the instance's leases on these entities; how many it still holds. */
  renewLeases(
    ids: string[],
    options: { instance: string; leaseMs: number; now: Date },
  ): Promise<number>;
  /**
   * Settles claimed entities of the instance: `done` or `failed`,
   * `deferred` to the task's next run, or `queued` again (after `notBefore`
   * when given) for any instance to take.
   */
  settleEntities(
    ids: string[],
    state: CollectionQueueState,
    options: { instance: string; now: Date; notBefore?: Date },
  ): Promise<void>;
  /**
   * Ends the run when all its entities are queued and none is waiting or
   * claimed, keeping its counters; true for the one caller that ended it.
   */
  finishRunIfDrained(runId: string, options: { now: Date }): Promise<boolean>;
  countQueuedEntities(
    runIds: string[],
  ): Promise<Map<string, CollectionQueueCounts>>;
  /**
   * Queues in `runId` the entities settled `done` in `fromRunId`: the
   * match phase of a cycle takes those its read phase read.
   */
  enqueueDoneEntitiesOf(
    runId: string,
    fromRunId: string,
    options: { now: Date },
  ): Promise<void>;
  /** Whether the run has ended (every entity settled, by any instance). */
  isRunFinished(runId: string): Promise<boolean>;
}

const SETTLED: CollectionQueueState[] = ['done', 'failed', 'deferred'];
/** Not settled: an earlier run's entity in one that starts takes these. */
const OPEN: CollectionQueueState[] = [
  'carried',
  'queued',
  'claimed',
  'deferred',
];

function emptyCounts(): CollectionQueueCounts {
  return {
    total: 0,
    byState: { queued: 0, claimed: 0, done: 0, failed: 0, deferred: 0 },
    byInstance: {},
  };
}

/** @internal */
export function createCollectionQueueStore(db: Knex): CollectionQueueStore {
  const isPostgres = db.client.config.client === 'pg';

  async function insertRefs(
    tx: Knex,
    runId: string,
    entityRefs: string[],
    now: Date,
    state: 'queued' | 'carried' = 'queued',
  ) {
    for (let i = 0; i < entityRefs.length; i += INSERT_CHUNK) {
      await tx(QUEUE)
        .insert(
          entityRefs.slice(i, i + INSERT_CHUNK).map(entityRef => ({
            run_id: runId,
            entity_ref: entityRef,
            state,
            updated_at: now,
          })),
        )
        .onConflict(['run_id', 'entity_ref'])
        .merge({ state: 'queued', updated_at: now })
        // Queued once: only a carried entity is confirmed.
        .where(`${QUEUE}.state`, 'carried');
    }
  }

  async function count(tx: Knex, runId: string) {
    const rows: Array<{ state: string; n: number | string }> = await tx(QUEUE)
      .where({ run_id: runId })
      .select('state')
      .count({ n: '*' })
      .groupBy('state');
    const byState = Object.fromEntries(
      rows.map(row => [row.state, Number(row.n)]),
    );
    const settled = (state: string) => byState[state] ?? 0;
    return {
      total: rows.reduce((sum, row) => sum + Number(row.n), 0),
      done: settled('done') + settled('failed'),
      failed: settled('failed'),
    };
  }

  /** Claims rows, oldest first, in a transaction that skips rows others lock. */
  async function claimWhere(
    tx: Knex.Transaction,
    where: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
    options: {
      instance: string;
      limit: number;
      leaseMs: number;
      maxAttempts: number;
      now: Date;
    },
  ) {
    let query = where(tx(QUEUE))
      .select('id', 'run_id', 'entity_ref', 'attempts')
      .orderBy('id')
      .limit(options.limit);
    if (isPostgres) {
      query = query.forUpdate().skipLocked();
    }
    const rows: Array<{
      id: string | number;
      run_id: string | number;
      entity_ref: string;
      attempts: number | string;
    }> = await query;
    const exhausted = rows.filter(
      row => Number(row.attempts) >= options.maxAttempts,
    );
    const claimed = rows.filter(
      row => Number(row.attempts) < options.maxAttempts,
    );
    if (exhausted.length > 0) {
      await tx(QUEUE)
        .whereIn(
          'id',
          exhausted.map(row => row.id),
        )
        .update({
          state: 'failed',
          lease_expires_at: null,
          updated_at: options.now,
        });
    }
    if (claimed.length > 0) {
      await tx(QUEUE)
        .whereIn(
          'id',
          claimed.map(row => row.id),
        )
        .update({
          state: 'claimed',
          claimed_by: options.instance,
          lease_expires_at: new Date(options.now.getTime() + options.leaseMs),
          not_before: null,
          attempts: tx.raw('attempts + 1'),
          updated_at: options.now,
        });
    }
    return claimed;
  }

  return {
    async startQueuedRun(task, { now }) {
      return db.transaction(async tx => {
        const old = tx(RUNS)
          .where({ task })
          .where('started_at', '<', new Date(now.getTime() - RUN_RETENTION_MS))
          .select('id');
        await tx(BUDGETS).whereIn('run_id', old.clone()).delete();
        await tx(QUEUE).whereIn('run_id', old.clone()).delete();
        await tx(RUNS).whereIn('id', old.clone()).delete();

        const earlier = tx(RUNS).where({ task }).select('id');
        // The order of the next run: what the earlier left uncollected
        // first, then what it collected, longest ago first, so that a cap
        // that spreads cycles reaches every entity in turn.
        const previous = tx(QUEUE).whereIn('run_id', earlier.clone());
        const order = [
          ...(await previous
            .clone()
            .whereIn('state', OPEN)
            .orderBy('id')
            .select('entity_ref')),
          ...(await previous
            .clone()
            .whereIn('state', ['done', 'failed'])
            .orderBy([{ column: 'updated_at' }, { column: 'id' }])
            .select('entity_ref')),
        ].map(row => row.entity_ref as string);
        // An earlier run still open ends now, with its counters.
        const unfinished = await tx(RUNS)
          .where({ task })
          .whereNull('finished_at')
          .select('id');
        for (const { id } of unfinished) {
          const counts = await count(tx, String(id));
          await tx(RUNS).where({ id }).update({
            finished_at: now,
            updated_at: now,
            entities_total: counts.total,
            entities_done: counts.done,
            entities_failed: counts.failed,
          });
        }
        await tx(QUEUE).whereIn('run_id', earlier.clone()).delete();

        const [row] = await tx(RUNS)
          .insert({ task, started_at: now, updated_at: now })
          .returning('id');
        const runId = String(typeof row === 'object' ? row.id : row);
        // Carried until the catalog confirms them: one gone is dropped.
        await insertRefs(tx, runId, [...new Set(order)], now, 'carried');
        return runId;
      });
    },

    async enqueueEntities(runId, entityRefs, { now }) {
      await insertRefs(db, runId, entityRefs, now);
    },

    async markRunQueued(runId, { now }) {
      // Carried from the earlier run and not in the catalog any more.
      await db(QUEUE).where({ run_id: runId, state: 'carried' }).delete();
      const counts = await count(db, runId);
      await db(RUNS).where({ id: runId }).update({
        queued_at: now,
        updated_at: now,
        entities_total: counts.total,
      });
    },

    async claimEntities(options) {
      const claimed = await db.transaction(async tx => {
        // Expired claims first: their instance died mid-entity.
        const takenOver = await claimWhere(
          tx,
          query =>
            query
              .where('state', 'claimed')
              .where('lease_expires_at', '<', options.now),
          options,
        );
        const queued =
          takenOver.length < options.limit
            ? await claimWhere(
                tx,
                query =>
                  query
                    .where('state', 'queued')
                    .where(q =>
                      q
                        .whereNull('not_before')
                        .orWhere('not_before', '<=', options.now),
                    ),
                { ...options, limit: options.limit - takenOver.length },
              )
            : [];
        return [...takenOver, ...queued];
      });
      if (claimed.length === 0) {
        return [];
      }
      const runIds = [...new Set(claimed.map(row => String(row.run_id)))];
      const runs = await db(RUNS).whereIn('id', runIds).select('id', 'task');
      await db(RUNS)
        .whereIn('id', runIds)
        .whereNull('finished_at')
        .update({ updated_at: options.now });
      const tasks = new Map(runs.map(run => [String(run.id), run.task]));
      return claimed.map(row => ({
        id: String(row.id),
        runId: String(row.run_id),
        task: tasks.get(String(row.run_id)) as string,
        entityRef: row.entity_ref,
      }));
    },

    async renewLeases(ids, { instance, leaseMs, now }) {
      if (ids.length === 0) {
        return 0;
      }
      return db(QUEUE)
        .whereIn('id', ids)
        .where({ state: 'claimed', claimed_by: instance })
        .update({
          lease_expires_at: new Date(now.getTime() + leaseMs),
          updated_at: now,
        });
    },

    async settleEntities(ids, state, { instance, now, notBefore }) {
      if (ids.length === 0) {
        return;
      }
      await db(QUEUE)
        .whereIn('id', ids)
        .where({ state: 'claimed', claimed_by: instance })
        .update({
          state,
          lease_expires_at: null,
          not_before: state === 'queued' ? (notBefore ?? null) : null,
          // Waiting for a rate limit is not an attempt that failed.
          ...(state === 'queued' ? { attempts: db.raw('attempts - 1') } : {}),
          updated_at: now,
        });
    },

    async finishRunIfDrained(runId, { now }) {
      return db.transaction(async tx => {
        const run = await tx(RUNS)
          .where({ id: runId })
          .whereNull('finished_at')
          .whereNotNull('queued_at')
          .first('id');
        if (!run) {
          return false;
        }
        const open = await tx(QUEUE)
          .where({ run_id: runId })
          .whereIn('state', ['queued', 'claimed'])
          .first('id');
        if (open) {
          return false;
        }
        const counts = await count(tx, runId);
        const updated = await tx(RUNS)
          .where({ id: runId })
          .whereNull('finished_at')
          .update({
            finished_at: now,
            updated_at: now,
            entities_total: counts.total,
            entities_done: counts.done,
            entities_failed: counts.failed,
          });
        return updated === 1;
      });
    },

    async enqueueDoneEntitiesOf(runId, fromRunId, { now }) {
      const rows: Array<{ entity_ref: string }> = await db(QUEUE)
        .where({ run_id: fromRunId, state: 'done' })
        .orderBy('id')
        .select('entity_ref');
      await insertRefs(
        db,
        runId,
        rows.map(row => row.entity_ref),
        now,
      );
    },

    async isRunFinished(runId) {
      const run = await db(RUNS)
        .where({ id: runId })
        .whereNotNull('finished_at')
        .first('id');
      return Boolean(run);
    },

    async countQueuedEntities(runIds) {
      const result = new Map<string, CollectionQueueCounts>();
      if (runIds.length === 0) {
        return result;
      }
      const rows: Array<{
        run_id: string | number;
        state: CollectionQueueState;
        claimed_by: string | null;
        n: number | string;
      }> = await db(QUEUE)
        .whereIn('run_id', runIds)
        .select('run_id', 'state', 'claimed_by')
        .count({ n: '*' })
        .groupBy('run_id', 'state', 'claimed_by');
      for (const row of rows) {
        const runId = String(row.run_id);
        const counts = result.get(runId) ?? emptyCounts();
        const n = Number(row.n);
        const state = row.state === 'carried' ? 'queued' : row.state;
        counts.total += n;
        counts.byState[state] = (counts.byState[state] ?? 0) + n;
        if (
          row.claimed_by &&
          (state === 'claimed' || SETTLED.includes(state))
        ) {
          const mine = (counts.byInstance[row.claimed_by] ??= {
            claimed: 0,
            done: 0,
            failed: 0,
            deferred: 0,
          });
          mine[state as keyof typeof mine] += n;
        }
        result.set(runId, counts);
      }
      return result;
    },
  };
}
