import { createBackendModule } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readinessCollectorsExtensionPoint } from '@readiness/plugin-readiness-node';
import { createMockCollector } from '@readiness/plugin-readiness-node/testUtils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import request from 'supertest';
import { readinessPlugin } from '../plugin';

jest.setTimeout(120_000);

const entities: Entity[] = Array.from({ length: 40 }, (_, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: `service-${i}` },
  spec: { type: 'service', lifecycle: 'production', owner: 'team' },
}));

describe('two backend instances on one database', () => {
  const databases = createTestDatabases();
  // Both instances share one database connection pool, as two replicas share
  // one PostgreSQL; SQLite runs it too, in process.
  it.each(databases.eachSupportedId())(
    'share a cycle: each entity collected exactly once, by one of them, both doing work, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const calls = new Map<string, number>();
      const inFlight = { now: 0, max: 0 };
      const collector = createMockCollector({
        id: 'counter',
        evidenceKeys: ['coverage'],
        evidence: async (entity, ctx) => {
          const name = entity.metadata.name;
          calls.set(name, (calls.get(name) ?? 0) + 1);
          inFlight.max = Math.max(inFlight.max, ++inFlight.now);
          // Slow enough that the second instance joins before the first
          // is done: alone, one would take 40 × 150 ms / 2 = 3 s.
          await new Promise(r => setTimeout(r, 150));
          inFlight.now -= 1;
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
      });

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
                    counter: {
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
              moduleId: 'counter',
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

      // One after the other, as a deployment's rolling update starts
      // replicas: Backstage's own scheduler migrations race when two
      // instances start together on a fresh database (a duplicate
      // pg_class_relname_nsp_index, or a second knex lock row that fails
      // every later start, so retrying as Kubernetes would is no cure).
      // Readiness's own migrations are safe together: concurrentStart.test.ts.
      // The collector's initial delay outlasts the second start, so both
      // instances are up when the task falls due.
      const backends = [await instance()];
      backends.push(await instance());
      try {
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline) {
          const reports = await knex('readiness_reports').count({ n: '*' });
          const finished = await knex('readiness_collection_runs')
            .where({ task: 'counter' })
            .whereNotNull('finished_at');
          if (Number(reports[0].n) === entities.length && finished.length > 0) {
            break;
          }
          await new Promise(r => setTimeout(r, 250));
        }
        // Give a second cycle, if the lock failed, the chance to show up.
        await new Promise(r => setTimeout(r, 2_000));

        // The cycle starts as a global task: both instances registered it
        // in the scheduler's shared table, and the table's lock let one
        // start it; both worked on its queue.
        const tasks = await knex('backstage_backend_tasks__tasks').where(
          'id',
          'readiness-collect-counter',
        );
        expect(tasks).toHaveLength(1);
        expect([...calls.keys()].sort()).toEqual(
          entities.map(e => e.metadata.name).sort(),
        );
        expect([...calls.values()].every(n => n === 1)).toBe(true);
        // More at once than one instance's concurrency of 2.
        expect(inFlight.max).toBeGreaterThan(2);
        const rows = await knex('readiness_evidence')
          .where({ source: 'counter' })
          .select('entity_ref');
        expect(rows).toHaveLength(entities.length);
        const reports = await knex('readiness_reports').select('report');
        expect(reports).toHaveLength(entities.length);
        for (const { report } of reports) {
          const coverage = JSON.parse(report).checks.find(
            (c: { id: string }) => c.id === 'quality.coverage',
          );
          expect(coverage.status).toBe('pass');
        }

        // Both answer for the whole cycle, and count what each did.
        for (const backend of backends) {
          const progress = await request(backend.server)
            .get('/api/readiness/v1/collection')
            .set('Authorization', mockCredentials.user.header())
            .expect(200);
          const run = progress.body.runs.find(
            (r: { task: string }) => r.task === 'counter',
          );
          expect(run).toMatchObject({
            running: false,
            entitiesDone: entities.length,
            entitiesTotal: entities.length,
            entitiesFailed: 0,
            entitiesQueued: 0,
            entitiesClaimed: 0,
            entitiesDeferred: 0,
            finishedAt: expect.any(String),
          });
          expect(run.instances).toHaveLength(2);
          for (const share of run.instances) {
            expect(share.entitiesDone).toBeGreaterThan(0);
          }
          expect(
            run.instances.reduce(
              (sum: number, i: { entitiesDone: number }) =>
                sum + i.entitiesDone,
              0,
            ),
          ).toBe(entities.length);
        }
      } finally {
        await Promise.all(backends.map(b => b.stop()));
        await knex.destroy();
      }
    },
  );
});
