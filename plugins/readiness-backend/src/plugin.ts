import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  readinessPacks,
  readinessPermissions,
} from '@readiness/plugin-readiness-common';
import {
  CollectorRegistry,
  createAdvisorySource,
  createRegistryHealthSource,
  RegistryLicenseClient,
  createBuiltInCollectors,
  createRepositoryAnalysisPool,
  readinessCollectorsExtensionPoint,
} from '@readiness/plugin-readiness-node';
import { registerReadinessActions } from './actions';
import {
  createCampaignStore,
  createFollowUpStore,
  createInventoryStore,
  DatabaseReadinessStore,
} from './database';
import {
  createCampaignRouter,
  createCampaigns,
  createFollowUp,
  createReadinessEvents,
  createReadinessService,
  createRollupService,
  createRouter,
  createSummaryService,
  badgePath,
  evidencePushSchemaFor,
  createCheckPreview,
  readBackendConfig,
  readCampaignConfig,
  readFollowUpConfig,
  scheduleCollection,
  scheduleFollowUp,
  withCheckDefinitionFiles,
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
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
        events: eventsServiceRef,
      },
      async init(deps) {
        // Check definitions files are read and validated here: a bad one
        // stops the backend, naming the file, the check and the field.
        const config = await withCheckDefinitionFiles(
          readBackendConfig(deps.rootConfig),
          deps.urlReader,
        );
        deps.permissionsRegistry.addPermissions(readinessPermissions);

        // The built-in collectors and advisory source `readiness scan` runs
        // too; disable one with readiness.collectors.<id>.enabled: false.
        const { directory, maxFileBytes, maxAgeDays, ...osv } =
          config.advisories;
        // Parsing a repository can take seconds: off the event loop.
        const analyzer = createRepositoryAnalysisPool({ logger: deps.logger });
        deps.lifecycle.addShutdownHook(() => analyzer.close());
        const advisories = createAdvisorySource(
          {
            directory,
            maxFileBytes,
            maxAgeDays,
            osv: {
              baseUrl: osv.osvBaseUrl,
              maxResponseBytes: osv.osvMaxResponseBytes,
              batchWindowMs: osv.osvBatchWindowMs,
            },
          },
          {
            cache: deps.cache,
            onProblem: problem =>
              deps.logger.warn(
                `Skipped an advisory record: ${JSON.stringify(problem)}`,
              ),
          },
        );
        const registries = createRegistryHealthSource(config.registries, {
          cache: deps.cache,
        });
        collectors.addCollector(
          createBuiltInCollectors({
            advisories,
            registries,
            licenses: new RegistryLicenseClient({
              ...config.licenseRegistries,
              cache: deps.cache,
            }),
            repository: {
              allowedLocalRoots: config.repository.allowedLocalRoots,
              limits: config.repository,
              sourceExtensions: config.repository.sourceExtensions,
              todoGlobs: config.repository.todoGlobs,
              deployPatterns: config.repository.deployPatterns,
              analyzer,
              // Conditional reads, lockfiles parsed once, advisories asked
              // once per cycle (the tables are migrated below, before any
              // collection runs).
              inventory: createInventoryStore(await deps.database.getClient()),
            },
          }),
        );

        // The packs' own kinds (slsa.provenance), pushed by CI, are checked
        // against their schemas like a module's.
        for (const pack of readinessPacks) {
          for (const kind of pack.evidenceKinds ?? []) {
            collectors.registerEvidenceKind(kind);
          }
        }
        // Every module has registered by now: a collector's namespaced key
        // without a registered kind stops the backend here.
        collectors.requireRegisteredEvidenceKeys();
        const evidenceKinds = new Map(
          collectors.listEvidenceKinds().map(kind => [kind.key, kind]),
        );

        const store = await DatabaseReadinessStore.create({
          database: deps.database,
        });
        const followUpConfig = readFollowUpConfig(deps.rootConfig);
        const followUpStore = createFollowUpStore(
          await deps.database.getClient(),
        );
        const followUp = createFollowUp({
          store: followUpStore,
          catalog: deps.catalog,
          auth: deps.auth,
          notifications: deps.notifications,
          config: followUpConfig,
          logger: deps.logger,
        });
        const campaigns = createCampaigns({
          campaigns: createCampaignStore(await deps.database.getClient()),
          store,
          claims: followUpStore,
          catalog: deps.catalog,
          auth: deps.auth,
          notifications: deps.notifications,
          logger: deps.logger,
          config: readCampaignConfig(deps.rootConfig),
        });
        const events = createReadinessEvents({
          events: deps.events,
          logger: deps.logger,
        });
        const service = createReadinessService({
          store,
          catalog: deps.catalog,
          auth: deps.auth,
          collectors: () => collectors.list(),
          evidenceKinds,
          config,
          logger: deps.logger,
          cache: deps.cache,
          urlReader: deps.urlReader,
          notifications: deps.notifications,
          describeStopWorkImpact: followUp.describeImpact,
          async onStopWorkTransition(entity, report, change) {
            if (change.began) {
              await followUp.notifyDependents(entity, change.began);
            }
            await events.stopWorkChanged(entity, report, change);
          },
          onEvaluated: events.evaluated,
          onWaiverDecided: events.waiverDecided,
          // A pushed SBOM is read as the repository collector reads lockfiles.
          sbomAnalysis: { advisories, registries, analyzer },
          // A promoting campaign's checks join its tier from its deadline.
          currentEngine: engine => campaigns.promote(engine),
        });
        const summaries = createSummaryService({
          store,
          permissions: deps.permissions,
          runner: service,
        });
        await scheduleCollection({
          scheduler: deps.scheduler,
          service,
          collectors: collectors.list(),
          config,
          logger: deps.logger,
        });
        await scheduleFollowUp({
          scheduler: deps.scheduler,
          // Campaigns' daily snapshots and reminders ride on the follow-up.
          followUp: {
            async run(now) {
              await followUp.run(now);
              await campaigns.run(now);
            },
          },
          schedule: followUpConfig.schedule,
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            service,
            summaries,
            rollups: createRollupService({ store, catalog: deps.catalog }),
            requiredTiers: config.engine.requiredTiers,
            affected: followUp,
            evidencePushSchema: evidencePushSchemaFor(evidenceKinds),
            checkPreview: {
              preview: createCheckPreview({ store, runner: service }),
              engine: config.engine,
            },
            badges: config.badgesEnabled
              ? {
                  credentials: () => deps.auth.getOwnServiceCredentials(),
                  kinds: config.badgeKinds,
                }
              : undefined,
            refreshRateLimit: config.refreshRateLimit,
            previewRateLimit: config.previewRateLimit,
          }),
        );
        deps.httpRouter.use(
          createCampaignRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            campaigns,
            summaries,
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
          summaries,
        });
      },
    });
  },
});
