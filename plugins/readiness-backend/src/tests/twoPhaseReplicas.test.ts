import { createBackendModule } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  type ReadinessCollector,
  readinessCollectorsExtensionPoint,
} from '@readiness/plugin-readiness-node';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { readinessPlugin } from '../plugin';

jest.setTimeout(120_000);

describe('a phased cycle on two backend instances', () => {
  const databases = createTestDatabases();
  const entities: Entity[] = Array.from({ length: 30 }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: `service-${i}` },
    spec: { type: 'service', lifecycle: 'production', owner: 'team' },
  }));

  it.each(databases.eachSupportedId())(
    'splits both phases, reads all before the pre-pass and the pre-pass before any match, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // In the order they happened: reads as they end, matches as they start.
      const events: string[] = [];
      const pause = () => new Promise(r => setTimeout(r, 120));
      const collector: ReadinessCollector = {
        id: 'phased',
        evidenceKeys: ['coverage'],
        async collect() {
          throw new Error('a phased cycle never calls collect');
        },
        async prepareCycle() {
          events.push('prepare');
        },
        phases: {
          async read(entity) {
            await pause();
            events.push(`read ${entity.metadata.name}`);
          },
          async collectStored(entity, ctx) {
            events.push(`match ${entity.metadata.name}`);
            await pause();
            return [
              {
                key: 'coverage',
                value: { linePercent: 90 },
                observedAt: ctx.now.toISOString(),
                staleAfter: new Date(
                  ctx.now.getTime() + 86_400_000,
                ).toISOString(),
              },
            ];
          },
        },
      };
      const instance = () =>
        startTestBackend({
          features: [
            readinessPlugin,
            catalogServiceMock.factory({ entities }),
            mockServices.database.factory({ knex }),
            schedulerServiceFactory,
            mockServices.rootConfig.factory({
              data: {
                readiness: {
                  collection: {
                    concurrency: 2,
                    pollInterval: { milliseconds: 300 },
                  },
                  collectors: {
                    // Only the collector under test runs on schedule.
                    catalog: { enabled: false },
                    repository: { enabled: false },
                    phased: {
                      schedule: {
                        frequency: { hours: 1 },
                        timeout: { minutes: 1 },
                        initialDelay: { seconds: 3 },
                      },
                    },
                  },
                },
              },
            }),
            createBackendModule({
              pluginId: 'readiness',
              moduleId: 'phased',
              register(reg) {
                reg.registerInit({
                  deps: { collectors: readinessCollectorsExtensionPoint },
                  async init(deps) {
                    deps.collectors.addCollector(collector);
                  },
                });
              },
            }),
          ],
        });
      // One after the other, as in twoInstances.test.ts.
      const backends = [await instance()];
      backends.push(await instance());
      try {
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline) {
          const finished = await knex('readiness_collection_runs')
            .where({ task: 'phased' })
            .whereNotNull('finished_at');
          if (finished.length > 0) break;
          await new Promise(r => setTimeout(r, 250));
        }

        const names = entities.map(e => e.metadata.name).sort();
        const of = (phase: string) =>
          events
            .filter(e => e.startsWith(`${phase} `))
            .map(e => e.slice(phase.length + 1))
            .sort();
        expect(of('read')).toEqual(names);
        expect(of('match')).toEqual(names);
        const prepare = events.indexOf('prepare');
        expect(events.filter(e => e === 'prepare')).toHaveLength(1);
        expect(events.slice(0, prepare).every(e => e.startsWith('read'))).toBe(
          true,
        );
        expect(
          events.slice(prepare + 1).every(e => e.startsWith('match')),
        ).toBe(true);

        const progress = await request(backends[1].server)
          .get('/api/readiness/v1/collection')
          .set('Authorization', mockCredentials.user.header())
          .expect(200);
        for (const task of ['phased:read', 'phased']) {
          const run = progress.body.runs.find(
            (r: { task: string }) => r.task === task,
          );
          expect(run).toMatchObject({
            running: false,
            entitiesDone: entities.length,
            entitiesTotal: entities.length,
            entitiesFailed: 0,
          });
          // Both instances took part in each phase.
          expect(run.instances).toHaveLength(2);
          for (const share of run.instances) {
            expect(share.entitiesDone).toBeGreaterThan(0);
          }
        }
        expect(
          Number((await knex('readiness_reports').count({ n: '*' }))[0].n),
        ).toBe(entities.length);
      } finally {
        await Promise.all(backends.map(b => b.stop()));
        await knex.destroy();
      }
    },
  );
});
