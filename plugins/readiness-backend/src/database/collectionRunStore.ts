import type { Knex } from 'knex';
import type {
  CollectionRunCounters,
  CollectionRunRecord,
  ReadinessStore,
} from './ReadinessStore';
import { toIso } from './rows';

/** Collection runs are kept this long; the latest of each task is what counts. */
const COLLECTION_RUN_RETENTION_MS = 7 * 86_400_000;

/**
 * Collection runs: their counters, kept in the database so every instance
 * can answer for any run.
 *
 * @internal
 */
export function createCollectionRunStore(
  db: Knex,
): Pick<
  ReadinessStore,
  'startCollectionRun' | 'updateCollectionRun' | 'listLatestCollectionRuns'
> {
  return {
    async startCollectionRun(
      task: string,
      options: { now: Date },
    ): Promise<string> {
      return db.transaction(async tx => {
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
    },

    async updateCollectionRun(
      id: string,
      progress: CollectionRunCounters & { finished?: boolean },
      options: { now: Date },
    ): Promise<void> {
      await db('readiness_collection_runs')
        .where({ id })
        .update({
          entities_done: progress.entitiesDone,
          entities_total: progress.entitiesTotal,
          entities_failed: progress.entitiesFailed,
          updated_at: options.now,
          ...(progress.finished ? { finished_at: options.now } : {}),
        });
    },

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
