import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { JsonObject } from '@backstage/types';
import type { ReadinessCollector } from '@readiness/plugin-readiness-node';
import type { Knex } from 'knex';
import { DatabaseReadinessStore } from '../database';
import { createReadinessService, readBackendConfig } from '../service';
import { claudeFlow } from './testBackend';

/**
 * The service over a migrated store on `knex`, with claude-flow in the
 * catalog and the given app-config, collectors, notifications and clock.
 */
export async function createTestService(
  knex: Knex,
  options: {
    now: () => Date;
    appConfig?: JsonObject;
    /** The catalog; claude-flow alone by default. */
    entities?: Entity[];
    collectors?: ReadinessCollector[];
    notifications?: NotificationService;
    currentEngine?: Parameters<
      typeof createReadinessService
    >[0]['currentEngine'];
  },
) {
  const store = await DatabaseReadinessStore.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
  });
  const service = createReadinessService({
    store,
    catalog: catalogServiceMock({ entities: options.entities ?? [claudeFlow] }),
    auth: mockServices.auth(),
    collectors: () => options.collectors ?? [],
    config: readBackendConfig(new ConfigReader(options.appConfig ?? {})),
    logger: mockServices.logger.mock(),
    cache: mockServices.cache.mock(),
    urlReader: mockServices.urlReader.mock(),
    notifications: options.notifications,
    currentEngine: options.currentEngine,
    now: options.now,
  });
  return { store, service };
}
