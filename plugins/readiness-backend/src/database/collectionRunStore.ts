import type { Knex } from 'knex';
import type { CollectionRunRecord, ReadinessStore } from './ReadinessStore';
import { toIso } from './rows';

/**
 * Collection runs: their counters, kept in the database so every instance
 * can answer for any run. Runs are started, queued and ended by the
 * collection queue (collectionQueueStore.ts).
 *
 * @internal
 */
export function createCollectionRunStore(
  db: Knex,
): Pick<ReadinessStore, 'listLatestCollectionRuns'> {
  return {
    async listLatestCollectionRuns(): Promise<CollectionRunRecord[]> {
      const latest = db('readiness_collection_runs').max('id').groupBy('task');
      const rows = await db('readiness_collection_runs')
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
    },
  };
}
