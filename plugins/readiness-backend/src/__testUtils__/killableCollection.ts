import type {
  CacheService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockCollector } from '@readiness/plugin-readiness-node/testUtils';
import type { Knex } from 'knex';
import { appendFileSync } from 'node:fs';
import { DatabaseReadinessStore } from '../database';
import { createReadinessService, readBackendConfig } from '../service';

/** The entities of the kill test; every third one has a failing build. */
export const killTestEntities: Entity[] = Array.from(
  { length: 30 },
  (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `service-${String(i).padStart(2, '0')}`,
      namespace: 'default',
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team' },
  }),
);

export const failsBuild = (entity: Entity) =>
  Number(entity.metadata.name.slice(-2)) % 3 === 0;

/**
 * The backend's service over the kill-test entities on the given database,
 * as the backend runs it: real store, service and stop-work notifications.
 * Each notification sent is appended to `notificationsFile` as a JSON line
 * before `send` returns; `onEntity` is called after each entity is
 * collected. `instance` names it in the collection queue, whose claims
 * hold for `leaseMs` (default 2 minutes).
 */
export async function createKillableService(options: {
  knex: Knex;
  notificationsFile: string;
  delayMs: number;
  onEntity?: (name: string) => void;
  instance?: string;
  leaseMs?: number;
}) {
  const store = await DatabaseReadinessStore.create({
    database: {
      getClient: async () => options.knex,
      migrations: { skip: false },
    },
  });
  const collector = createMockCollector({
    id: 'ci',
    evidenceKeys: ['build'],
    evidence: async (entity, ctx) => {
      await new Promise(r => setTimeout(r, options.delayMs));
      options.onEntity?.(entity.metadata.name);
      return [
        {
          key: 'build',
          value: failsBuild(entity)
            ? { succeeded: false, compilationErrors: 3 }
            : { succeeded: true, compilationErrors: 0 },
          observedAt: ctx.now.toISOString(),
          staleAfter: new Date(ctx.now.getTime() + 86_400_000).toISOString(),
        },
      ];
    },
  });
  // Functional fakes, no jest mocks: this also runs in a plain child process.
  const logger = mockServices.rootLogger({ level: 'error' });
  const service = createReadinessService({
    store,
    catalog: catalogServiceMock({ entities: killTestEntities }),
    auth: mockServices.auth(),
    collectors: () => [collector],
    config: readBackendConfig(
      new ConfigReader({
        readiness: {
          collection: {
            concurrency: 2,
            ...(options.leaseMs
              ? { lease: { milliseconds: options.leaseMs } }
              : {}),
          },
        },
      }),
    ),
    logger,
    cache: {} as CacheService,
    urlReader: {} as UrlReaderService,
    instance: options.instance,
    notifications: {
      async send(request) {
        appendFileSync(
          options.notificationsFile,
          `${JSON.stringify(request.payload)}\n`,
        );
      },
    },
  });
  return { store, service, collector };
}

/** One collection cycle of {@link createKillableService}, run to its end. */
export async function runKillableCollection(
  options: Parameters<typeof createKillableService>[0],
) {
  const { store, service, collector } = await createKillableService(options);
  await service.runCollector(collector);
  return { store, service };
}
