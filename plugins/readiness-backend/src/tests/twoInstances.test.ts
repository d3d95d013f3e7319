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

const entities: Entity[] = Array.from({ length: 12 }, (_, i) => ({
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
    'collect each entity exactly once per cycle and store one report each, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const calls = new Map<string, number>();
      const collector = createMockCollector({
        id: 'counter',
        evidenceKeys: ['coverage'],
        evidence: async (entity, ctx) => {
          const name = entity.metadata.name;
          calls.set(name, (calls.get(name) ?? 0) + 1);
          // Slow enough that both instances would overlap if both ran.
          await new Promise(r => setTimeout(r, 20));
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
          if (Number(reports[0].n) === entities.length) break;
          await new Promise(r => setTimeout(r, 250));
        }
        // Give a second run, if the lock failed, the chance to show up.
        await new Promise(r => setTimeout(r, 2_000));

        // The collector runs as a global task: both instances registered it
        // in the scheduler's shared table, and the table's lock let one run.
        const tasks = await knex('backstage_backend_tasks__tasks').where(
          'id',
          'readiness-collect-counter',
        );
        expect(tasks).toHaveLength(1);
        expect([...calls.keys()].sort()).toEqual(
          entities.map(e => e.metadata.name).sort(),
        );
        expect([...calls.values()].every(n => n === 1)).toBe(true);
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

        // Only one instance ran the collector; both report its progress.
        for (const backend of backends) {
          const progress = await request(backend.server)
            .get('/api/readiness/v1/collection')
            .set('Authorization', mockCredentials.user.header())
            .expect(200);
          expect(progress.body.runs).toContainEqual(
            expect.objectContaining({
              task: 'counter',
              running: false,
              entitiesDone: entities.length,
              entitiesTotal: entities.length,
              entitiesFailed: 0,
              finishedAt: expect.any(String),
            }),
          );
        }
      } finally {
        await Promise.all(backends.map(b => b.stop()));
        await knex.destroy();
      }
    },
  );
});
