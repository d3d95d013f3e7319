import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { type Knex } from 'knex';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  createTestDatabases,
  durableDatabaseConfig,
} from '../__testUtils__/testDatabases';
import { readinessPlugin } from '../plugin';

jest.setTimeout(300_000);

const rounds = 20;

/**
 * One replica: the plugin on a connection pool of its own. The scheduler is
 * the mock one, which keeps no tables: Backstage's own scheduler migrations
 * race on a fresh database (see twoInstances.test.ts), and this test is
 * about Readiness's migrations alone.
 */
function startReplica(knex: Knex) {
  return startTestBackend({
    features: [
      readinessPlugin,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.database.factory({ knex }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
    ],
  });
}

describe('two instances starting together on a fresh database', () => {
  const databases = createTestDatabases();
  let migrationFiles: string[];

  beforeAll(async () => {
    migrationFiles = (
      await readdir(
        resolvePackagePath('@readiness/plugin-readiness-backend', 'migrations'),
      )
    )
      .filter(name => name.endsWith('.js'))
      .sort();
  });

  it.each(databases.eachSupportedId())(
    `both start and apply each migration once, ${rounds} times, %p`,
    async databaseId => {
      for (let round = 1; round <= rounds; round++) {
        const dir = await mkdtemp(join(tmpdir(), 'readiness-start-'));
        // A new database each round, so both replicas find no tables at all.
        const config = await durableDatabaseConfig(databases, databaseId, dir);
        const pools = [knexFactory(config), knexFactory(config)];
        try {
          const results = await Promise.allSettled(pools.map(startReplica));
          const failures = results.flatMap(r =>
            r.status === 'rejected' ? [String(r.reason)] : [],
          );
          expect({ round, failures }).toEqual({ round, failures: [] });

          const [knex] = pools;
          const applied = await knex('knex_migrations')
            .select('name')
            .orderBy('name');
          expect(applied.map(row => row.name)).toEqual(migrationFiles);
          // One lock row, free: a second row would leave every later start
          // failing with "Migration table is already locked".
          expect(
            await knex('knex_migrations_lock').select('is_locked'),
          ).toEqual([{ is_locked: 0 }]);

          await Promise.all(
            results.map(r =>
              r.status === 'fulfilled' ? r.value.stop() : undefined,
            ),
          );
        } finally {
          await Promise.all(pools.map(pool => pool.destroy()));
          await rm(dir, { recursive: true, force: true });
        }
      }
    },
  );
});
