import type { Knex } from 'knex';
import {
  deleteUnreadRevisions,
  deleteUnreferencedLockfiles,
} from './inventoryStore';
import type { ReadinessStore } from './ReadinessStore';

/**
 * Retention: entities still in the catalog are marked seen; everything about
 * the others, and old history, is deleted.
 *
 * @internal
 */
export function createRetentionStore(
  db: Knex,
): Pick<
  ReadinessStore,
  'markSeenInCatalog' | 'deleteExpired' | 'deleteUnreferencedInventory'
> {
  return {
    async deleteUnreferencedInventory(options: { fetchedBefore: Date }) {
      const revisions = await deleteUnreadRevisions(db, options);
      const lockfiles = await deleteUnreferencedLockfiles(db);
      return { revisions, lockfiles };
    },

    async markSeenInCatalog(
      entityRefs: string[],
      options: { now: Date },
    ): Promise<void> {
      // Chunked to stay under SQLite's bound-parameter limit.
      for (let i = 0; i < entityRefs.length; i += 500) {
        await db('readiness_reports')
          .whereIn('entity_ref', entityRefs.slice(i, i + 500))
          .update({ last_seen_in_catalog_at: options.now });
      }
    },

    async deleteExpired(options: {
      notSeenSince: Date;
      historyBefore?: Date;
    }): Promise<string[]> {
      return db.transaction(async tx => {
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
            'readiness_regressions',
            'readiness_stop_work_orders',
            'readiness_attestations',
            'readiness_waivers',
            'readiness_waiver_transitions',
            'readiness_audit_log',
            'readiness_notification_windows',
            'readiness_revision_entities',
            'readiness_reports',
          ]) {
            await tx(table).whereIn('entity_ref', chunk).delete();
          }
        }
        if (options.historyBefore) {
          await tx('readiness_history')
            .where('recorded_at', '<', options.historyBefore)
            .delete();
          await tx('readiness_regressions')
            .where('detected_at', '<', options.historyBefore)
            .delete();
          await tx('readiness_distribution_snapshots')
            .where('day', '<', options.historyBefore.toISOString().slice(0, 10))
            .delete();
        }
        return gone;
      });
    },
  };
}
