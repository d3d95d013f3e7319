import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { readinessPermissions } from '@readiness/plugin-readiness-common';
import {
  CollectorRegistry,
  createCatalogCollector,
  createRepositoryCollector,
  DirectoryAdvisorySource,
  OsvClient,
  readinessCollectorsExtensionPoint,
} from '@readiness/plugin-readiness-node';
import { registerReadinessActions } from './actions';
import { DatabaseReadinessStore } from './database';
import {
  createReadinessService,
  createRollupService,
  createRouter,
  createStopWorkNotifier,
  badgePath,
  readBackendConfig,
  scheduleCollection,
} from './service';

/**
 * The Readiness backend plugin: collects evidence on a schedule, evaluates
 * it, stores reports and serves the REST API under `/api/readiness`.
 *
 * @public
 */
export const readinessPlugin = createBackendPlugin({
  pluginId: 'readiness',
  register(env) {
    const collectors = new CollectorRegistry();
    // Built in: catalog metadata needs no I/O. Disable it with
    // readiness.collectors.catalog.enabled: false.
    collectors.addCollector(createCatalogCollector());
    env.registerExtensionPoint(readinessCollectorsExtensionPoint, collectors);

    env.registerInit({
      deps: {
        logger: coreServices.logger,
        rootConfig: coreServices.rootConfig,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        permissionsRegistry: coreServices.permissionsRegistry,
        urlReader: coreServices.urlReader,
        cache: coreServices.cache,
        catalog: catalogServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const config = readBackendConfig(deps.rootConfig);
        deps.permissionsRegistry.addPermissions(readinessPermissions);

        const {
          directory,
          maxFileBytes,
          maxAgeDays,
          osvBaseUrl,
          osvMaxResponseBytes,
          osvBatchWindowMs,
        } = config.advisories;
        collectors.addCollector(
          createRepositoryCollector({
            advisories: directory
              ? new DirectoryAdvisorySource({
                  directory,
                  maxFileBytes,
                  maxAgeDays,
                  onProblem: problem =>
                    deps.logger.warn(
                      `Skipped an advisory record: ${JSON.stringify(problem)}`,
                    ),
                })
              : new OsvClient({
                  baseUrl: osvBaseUrl,
                  maxResponseBytes: osvMaxResponseBytes,
                  cache: deps.cache,
                  batchWindowMs: osvBatchWindowMs,
                }),
            allowedLocalRoots: config.repository.allowedLocalRoots,
            limits: config.repository,
            sourceExtensions: config.repository.sourceExtensions,
            todoGlobs: config.repository.todoGlobs,
            deployPatterns: config.repository.deployPatterns,
          }),
        );

        const store = await DatabaseReadinessStore.create({
          database: deps.database,
        });
        const service = createReadinessService({
          store,
          catalog: deps.catalog,
          auth: deps.auth,
          collectors: () => collectors.list(),
          config,
          logger: deps.logger,
          cache: deps.cache,
          urlReader: deps.urlReader,
          onStopWorkTransition: createStopWorkNotifier({
            store,
            notifications: deps.notifications,
            recipients: config.notificationRecipients,
            logger: deps.logger,
          }),
        });
        await scheduleCollection({
          scheduler: deps.scheduler,
          service,
          collectors: collectors.list(),
          config,
          logger: deps.logger,
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            service,
            rollups: createRollupService({ store, catalog: deps.catalog }),
            store,
            badges: config.badgesEnabled
              ? { credentials: () => deps.auth.getOwnServiceCredentials() }
              : undefined,
          }),
        );
        if (config.badgesEnabled) {
          // The only route open without credentials: tier and stop-work state.
          deps.httpRouter.addAuthPolicy({
            path: badgePath,
            allow: 'unauthenticated',
          });
        }
        registerReadinessActions({
          actionsRegistry: deps.actionsRegistry,
          service,
          store,
          permissions: deps.permissions,
        });
      },
    });
  },
});
