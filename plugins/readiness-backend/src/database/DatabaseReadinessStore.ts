import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { createAttestationStore } from './attestationStore';
import { createCollectionRunStore } from './collectionRunStore';
import { createEvidenceStore } from './evidenceStore';
import type { ReadinessStore } from './ReadinessStore';
import { createReportStore } from './reportStore';
import { createRetentionStore } from './retentionStore';
import { createStopWorkOrderStore } from './stopWorkOrderStore';
import { createSummaryStore } from './summaryStore';

export { InvalidCursorError } from './summaryStore';

const migrationsDir = resolvePackagePath(
  '@readiness/plugin-readiness-backend',
  'migrations',
);

/**
 * Instances that start together race to create knex's own migration tables
 * (PostgreSQL then reports a duplicate type); once the tables exist, knex's
 * migration lock serializes them. So a failed attempt is retried.
 */
async function migrateWithRetry(client: Knex, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.migrate.latest({ directory: migrationsDir });
      return;
    } catch (error) {
      if (attempt >= attempts) {
        throw error;
      }
      await new Promise(r =>
        setTimeout(r, 200 * attempt + Math.random() * 200),
      );
    }
  }
}

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
      await migrateWithRetry(client);
    }
    return {
      ...createEvidenceStore(client),
      ...createReportStore(client),
      ...createSummaryStore(client),
      ...createCollectionRunStore(client),
      ...createStopWorkOrderStore(client),
      ...createAttestationStore(client),
      ...createRetentionStore(client),
    };
  },
};
