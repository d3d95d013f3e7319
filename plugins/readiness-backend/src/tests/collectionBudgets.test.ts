import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  reportSourceRateLimit,
  reportSourceRequest,
} from '@readiness/plugin-readiness-node';
import { createMockCollector } from '@readiness/plugin-readiness-node/testUtils';
import type { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseReadinessStore } from '../database';
import { createReadinessService, readBackendConfig } from '../service';

jest.setTimeout(60_000);

const T0 = new Date('2026-12-03T10:00:00Z');
const names = ['e0', 'e1', 'e2', 'e3', 'e4', 'e5'];
const entities: Entity[] = names.map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team' },
}));
const ref = (name: string) => `component:default/${name}`;

/**
 * The service over `entities`, with a collector that asks GitHub once per
 * entity (as a GitHub collector reports it) and runs `onEntity` first.
 */
async function setup(
  knex: Knex,
  options: {
    maxRequestsPerCycle?: number;
    onEntity?: (name: string) => void;
  },
) {
  let clock = T0;
  const collected: string[] = [];
  const store = await DatabaseReadinessStore.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
  });
  const collector = createMockCollector({
    id: 'github',
    evidenceKeys: ['coverage'],
    evidence: async (entity, ctx) => {
      reportSourceRequest('github');
      options.onEntity?.(entity.metadata.name);
      collected.push(entity.metadata.name);
      return [
        {
          key: 'coverage',
          value: { linePercent: 90 },
          observedAt: ctx.now.toISOString(),
          staleAfter: new Date(ctx.now.getTime() + 86_400_000).toISOString(),
        },
      ];
    },
  });
  const service = createReadinessService({
    store,
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    collectors: () => [collector],
    config: readBackendConfig(
      new ConfigReader({
        readiness: {
          collection: {
            concurrency: 1,
            ...(options.maxRequestsPerCycle
              ? {
                  budgets: {
                    github: {
                      maxRequestsPerCycle: options.maxRequestsPerCycle,
                    },
                  },
                }
              : {}),
          },
        },
      }),
    ),
    logger: mockServices.logger.mock(),
    cache: mockServices.cache.mock(),
    urlReader: mockServices.urlReader.mock(),
    now: () => clock,
  });
  return {
    store,
    service,
    collector,
    collected,
    setClock: (at: Date) => {
      clock = at;
    },
  };
}

describe('request budgets per source and cycle', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'a spent cap spreads the cycle: the rest wait for the next cycle, first in it, their evidence untouched, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { store, service, collector, collected, setClock } = await setup(
        knex,
        { maxRequestsPerCycle: 4 },
      );
      // What the last two had from an earlier cycle.
      for (const name of ['e4', 'e5']) {
        await store.upsertEvidence(
          ref(name),
          [
            {
              source: 'github',
              key: 'coverage',
              value: { linePercent: 50 },
              observedAt: T0.toISOString(),
              staleAfter: new Date(T0.getTime() + 86_400_000).toISOString(),
            },
          ],
          { now: T0 },
        );
      }

      await service.runCollector(collector);
      expect(collected).toEqual(['e0', 'e1', 'e2', 'e3']);
      const first = await service.getProgress();
      expect(first).toMatchObject({
        running: false,
        task: 'github',
        entitiesTotal: 6,
        entitiesDone: 4,
        entitiesFailed: 0,
        entitiesDeferred: 2,
        requests: { github: { requests: 4, maxRequestsPerCycle: 4 } },
      });
      for (const name of ['e4', 'e5']) {
        // Not failed, not stale: as it was.
        expect(await store.listEvidence(ref(name))).toEqual([
          expect.objectContaining({
            key: 'coverage',
            value: { linePercent: 50 },
          }),
        ]);
        expect(
          (await store.listEvidence(ref(name)))[0].staleReason,
        ).toBeUndefined();
      }

      // The next cycle starts with what the last one left.
      setClock(new Date(T0.getTime() + 86_400_000));
      await service.runCollector(collector);
      expect(collected.slice(4)).toEqual(['e4', 'e5', 'e0', 'e1']);
      setClock(new Date(T0.getTime() + 2 * 86_400_000));
      await service.runCollector(collector);
      expect(collected.slice(8)).toEqual(['e2', 'e3', 'e4', 'e5']);
      // Over three cycles, everyone collected twice, within the cap each time.
      for (const name of names) {
        expect(collected.filter(c => c === name)).toHaveLength(2);
      }
      expect((await service.getProgress()).requests).toEqual({
        github: { requests: 4, maxRequestsPerCycle: 4 },
      });
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'a rate limit holds the rest of the cycle queued until its reset, then the cycle resumes, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const resetAt = new Date(T0.getTime() + 15 * 60_000);
      const { service, collector, collected, setClock } = await setup(knex, {
        onEntity: name => {
          if (name === 'e1') reportSourceRateLimit('github', resetAt);
        },
      });

      await service.runCollector(collector);
      // e1 was collected (its request answered after the wait); nothing
      // after it starts before the reset.
      expect(collected).toEqual(['e0', 'e1']);
      const waiting = await service.getProgress();
      expect(waiting).toMatchObject({
        running: true,
        entitiesDone: 2,
        entitiesQueued: 4,
        entitiesFailed: 0,
        requests: {
          github: { requests: 2, blockedUntil: resetAt.toISOString() },
        },
      });
      // Long past the time a stopped run is called interrupted, it still
      // waits for the reset.
      setClock(new Date(resetAt.getTime() - 1_000));
      await service.drainCollectionQueue();
      expect(collected).toHaveLength(2);
      expect(await service.getProgress()).toMatchObject({ running: true });

      setClock(resetAt);
      await service.drainCollectionQueue();
      expect(collected).toEqual(names);
      expect(await service.getProgress()).toMatchObject({
        running: false,
        entitiesDone: 6,
        entitiesFailed: 0,
        entitiesQueued: 0,
        finishedAt: resetAt.toISOString(),
      });
      await knex.destroy();
    },
  );
});
