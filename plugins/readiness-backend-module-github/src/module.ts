import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { readinessCollectorsExtensionPoint } from '@readiness/plugin-readiness-node';
import { subscribeBlockerIssues } from './blockerIssuesSubscriber';
import { readGithubModuleConfig } from './config';
import { createGithubActionsCollector } from './createGithubActionsCollector';

/**
 * Adds the `github-actions` collector to the Readiness backend: build and
 * deployment-pipeline evidence, with compilation-error counts, from GitHub
 * Actions, using the adopter's `integrations.github` credentials. With
 * `readiness.github.issues.enabled`, it also keeps one GitHub issue per
 * failing blocker in the entity's repository, closed when the blocker clears.
 *
 * @public
 */
export const readinessModuleGithub = createBackendModule({
  pluginId: 'readiness',
  moduleId: 'github',
  register(reg) {
    reg.registerInit({
      deps: {
        collectors: readinessCollectorsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
      },
      async init({ collectors, config, logger, auth, catalog, events }) {
        const settings = readGithubModuleConfig(config);
        const integrations = ScmIntegrations.fromConfig(config);
        const credentialsProvider =
          DefaultGithubCredentialsProvider.fromIntegrations(integrations);
        collectors.addCollector(
          createGithubActionsCollector({
            integrations,
            credentialsProvider,
            ...settings,
          }),
        );
        if (config.getOptionalBoolean('readiness.github.issues.enabled')) {
          await subscribeBlockerIssues({
            integrations,
            credentialsProvider,
            ...settings,
            rateLimits: new Map(),
            events,
            catalog,
            auth,
            logger,
            appBaseUrl: config.getOptionalString('app.baseUrl'),
          });
          logger.info('Readiness opens a GitHub issue per blocker');
        }
        logger.info('Added the github-actions readiness collector', {
          buildWorkflowPattern: String(settings.buildPatterns[0]),
          deployWorkflowPattern: String(settings.deployPatterns[0]),
          hosts: integrations.github
            .list()
            .map(i => i.config.host)
            .join(', '),
        });
      },
    });
  },
});
