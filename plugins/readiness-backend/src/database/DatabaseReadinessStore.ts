import type { DatabaseService } from '@backstage/backend-plugin-api';
import { createAttestationStore } from './attestationStore';
import { createCollectionBudgetStore } from './collectionBudgetStore';
import { createCollectionQueueStore } from './collectionQueueStore';
import { createCollectionRunStore } from './collectionRunStore';
import { createEvaluationInputStore } from './evaluationInputStore';
import { createEvidenceStore } from './evidenceStore';
import { createHistoryStore } from './historyStore';
import { migrateDatabase } from './migrateDatabase';
import { createNotificationWindowStore } from './notificationWindowStore';
import type { ReadinessStore } from './ReadinessStore';
import { createReportStore } from './reportStore';
import { createRetentionStore } from './retentionStore';
import { createStopWorkOrderStore } from './stopWorkOrderStore';
import { createSummaryStore } from './summaryStore';
import { createWaiverStore } from './waiverStore';

export { InvalidCursorError } from './summaryStore';

/**
 * The knex implementation of {@link ReadinessStore}, on SQLite and
 * PostgreSQL: one store per aggregate, composed.
 *
 * @internal
 */
export const DatabaseReadinessStore = {
  async create(options: {
    database: DatabaseService;
  }): Promise<ReadinessStore> {
    const { database } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await migrateDatabase(client);
    }
    return {
      ...createEvidenceStore(client),
      ...createReportStore(client),
      ...createHistoryStore(client),
      ...createSummaryStore(client),
      ...createCollectionRunStore(client),
      ...createCollectionQueueStore(client),
      ...createCollectionBudgetStore(client),
      ...createStopWorkOrderStore(client),
      ...createNotificationWindowStore(client),
      ...createAttestationStore(client),
      ...createWaiverStore(client),
      ...createRetentionStore(client),
      ...createEvaluationInputStore(client),
    };
  },
};
