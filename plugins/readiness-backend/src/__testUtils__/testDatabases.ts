import { TestDatabases } from '@backstage/backend-test-utils';

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
