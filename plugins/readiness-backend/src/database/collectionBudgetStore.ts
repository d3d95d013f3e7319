import type { Knex } from 'knex';
import { toIso } from './rows';

const BUDGETS = 'readiness_collection_budgets';

/**
 * Requests a run sent to one source, and until when the source asked to
 * wait.
 *
 * @internal
 */
export interface SourceRequestCount {
  requests: number;
  blockedUntil?: string;
}

/**
 * Requests per source per collection run, counted by every instance.
 *
 * @internal
 */
export interface CollectionBudgetStore {
  /** Adds requests per source to the run's counts; returns the run's totals. */
  addSourceRequests(
    runId: string,
    requests: Record<string, number>,
    blockedUntil: Record<string, Date>,
  ): Promise<Record<string, SourceRequestCount>>;
  listSourceRequests(
    runIds: string[],
  ): Promise<Map<string, Record<string, SourceRequestCount>>>;
  /**
   * Sources that asked any run to wait until after `now`, with the latest
   * time: a rate limit holds for every task's run.
   */
  listSourceWaits(now: Date): Promise<Record<string, Date>>;
}

/** @internal */
export function createCollectionBudgetStore(db: Knex): CollectionBudgetStore {
  const store: CollectionBudgetStore = {
    async addSourceRequests(runId, requests, blockedUntil) {
      const sources = new Set([
        ...Object.keys(requests),
        ...Object.keys(blockedUntil),
      ]);
      for (const source of sources) {
        await db(BUDGETS)
          .insert({ run_id: runId, source, requests: requests[source] ?? 0 })
          .onConflict(['run_id', 'source'])
          .merge({
            requests: db.raw(`${BUDGETS}.requests + ?`, [
              requests[source] ?? 0,
            ]),
          });
        if (blockedUntil[source]) {
          // The later wait wins: instances may hear different answers.
          await db(BUDGETS)
            .where({ run_id: runId, source })
            .where(q =>
              q
                .whereNull('blocked_until')
                .orWhere('blocked_until', '<', blockedUntil[source]),
            )
            .update({ blocked_until: blockedUntil[source] });
        }
      }
      return (await store.listSourceRequests([runId])).get(runId) ?? {};
    },

    async listSourceRequests(runIds) {
      const result = new Map<string, Record<string, SourceRequestCount>>();
      if (runIds.length === 0) {
        return result;
      }
      const rows = await db(BUDGETS).whereIn('run_id', runIds);
      for (const row of rows) {
        const runId = String(row.run_id);
        const sources = result.get(runId) ?? {};
        sources[row.source] = {
          requests: Number(row.requests),
          ...(row.blocked_until
            ? { blockedUntil: toIso(row.blocked_until) }
            : {}),
        };
        result.set(runId, sources);
      }
      return result;
    },

    async listSourceWaits(now) {
      const rows: Array<{ source: string; until: Date | string | number }> =
        await db(BUDGETS)
          .where('blocked_until', '>', now)
          .select('source')
          .max({ until: 'blocked_until' })
          .groupBy('source');
      return Object.fromEntries(
        rows.map(row => [row.source, new Date(toIso(row.until))]),
      );
    },
  };
  return store;
}
