import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockCollector } from '@readiness/plugin-readiness-node/testUtils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseReadinessStore } from '../database';
import { readBackendConfig } from './config';
import { createReadinessService } from './ReadinessService';

const T0 = new Date('2026-11-24T10:00:00Z');

describe('collection progress', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'reports the latest run of every task from the database, and calls one that stopped reporting interrupted, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseReadinessStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      let clock = T0;
      const service = createReadinessService({
        store,
        catalog: catalogServiceMock({
          entities: ['a', 'b', 'c'].map(name => ({
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name },
            spec: { owner: 'team' },
          })),
        }),
        auth: mockServices.auth(),
        collectors: () => [],
        config: readBackendConfig(new ConfigReader({})),
        logger: mockServices.logger.mock(),
        cache: mockServices.cache.mock(),
        urlReader: mockServices.urlReader.mock(),
        now: () => clock,
      });

      expect(await service.getProgress()).toEqual({
        running: false,
        entitiesDone: 0,
        entitiesTotal: 0,
        entitiesFailed: 0,
        runs: [],
      });

      await service.runCollector(
        createMockCollector({
          id: 'flaky',
          evidenceKeys: ['coverage'],
          evidence: async entity => {
            if (entity.metadata.name === 'b') throw new Error('boom');
            return [];
          },
        }),
      );
      // Another instance starts a recheck and goes away mid-run.
      clock = new Date(T0.getTime() + 60_000);
      await store.startQueuedRun('recheck', { now: clock });

      const during = await service.getProgress();
      expect(during).toMatchObject({ running: true, task: 'recheck' });
      expect(during.runs).toEqual([
        expect.objectContaining({ task: 'recheck', running: true }),
        expect.objectContaining({
          task: 'flaky',
          running: false,
          entitiesDone: 3,
          entitiesTotal: 3,
          entitiesFailed: 1,
        }),
      ]);

      // Past the entity timeout and then some, nobody is running it.
      clock = new Date(T0.getTime() + 60_000 + 7 * 60_000);
      const after = await service.getProgress();
      expect(after.running).toBe(false);
      expect(after.runs[0]).toMatchObject({
        task: 'recheck',
        running: false,
        interrupted: true,
      });
      await knex.destroy();
    },
  );
});
