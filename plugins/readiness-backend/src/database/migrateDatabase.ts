import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@readiness/plugin-readiness-backend',
  'migrations',
);

/**
 * Brings the plugin's tables to the latest migration, safely when replicas
 * start together on a fresh database.
 *
 * knex creates its migration tables and its lock row by "check, then
 * create": two instances can both insert a lock row, and with two rows every
 * later start fails with "Migration table is already locked". On PostgreSQL
 * an advisory lock, held by the transaction that runs the migrations, lets
 * one instance migrate at a time (so no migration may need to run outside a
 * transaction, as CREATE INDEX CONCURRENTLY would). SQLite serves one
 * instance, but its in-process callers may still collide on creating the
 * tables, so a failed attempt is retried.
 */
export async function migrateDatabase(
  client: Knex,
  attempts = 5,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (client.client.config.client === 'pg') {
        await client.transaction(async tx => {
          await tx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
            'readiness:migrations',
          ]);
          await tx.migrate.latest({ directory: migrationsDir });
        });
      } else {
        await client.migrate.latest({ directory: migrationsDir });
      }
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
