import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { join } from 'node:path';

/**
 * The databases store and migration tests run on: SQLite always, plus every
 * database a `BACKSTAGE_TEST_DATABASE_*_CONNECTION_STRING` points at.
 *
 * In CI a missing PostgreSQL would silently shrink the matrix to SQLite, so
 * there it is an error instead.
 */
export function createTestDatabases(): TestDatabases {
  const databases = TestDatabases.create();
  const ids = databases.eachSupportedId().map(([id]) => id);
  if (process.env.CI && !ids.some(id => id.startsWith('POSTGRES'))) {
    throw new Error(
      'No PostgreSQL for the store tests: set BACKSTAGE_TEST_DATABASE_POSTGRES<version>_CONNECTION_STRING (.ci/run does)',
    );
  }
  return databases;
}

/** The connection of a test database, password included (not enumerable). */
function connectionOf(knex: Knex) {
  const { user, password, host, port, database } = (
    knex.client as { config: { connection: Record<string, string> } }
  ).config.connection;
  return { user, password, host, port, database };
}

/**
 * Connection config for a database that outlives one connection, as a
 * restarted or second process needs: SQLite in a file under `dir`, or the
 * test database server itself.
 */
export async function durableDatabaseConfig(
  databases: TestDatabases,
  databaseId: Parameters<TestDatabases['init']>[0],
  dir: string,
): Promise<Knex.Config> {
  return databaseId.startsWith('SQLITE')
    ? {
        client: 'better-sqlite3',
        connection: { filename: join(dir, 'readiness.sqlite') },
        useNullAsDefault: true,
      }
    : {
        client: 'pg',
        connection: connectionOf(await databases.init(databaseId)),
      };
}
