import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { readinessCollectorsExtensionPoint } from '@readiness/plugin-readiness-node';
import { readGithubModuleConfig } from './config';
import { createGithubActionsCollector } from './createGithubActionsCollector';

/**
 * Adds the `github-actions` collector to the Readiness backend: build and
 * deployment-pipeline evidence, with compilation-error counts, from GitHub
 * Actions, using the adopter's `integrations.github` credentials.
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
      },
      async init({ collectors, config, logger }) {
        const settings = readGithubModuleConfig(config);
        const integrations = ScmIntegrations.fromConfig(config);
        collectors.addCollector(
          createGithubActionsCollector({
            integrations,
            credentialsProvider:
              DefaultGithubCredentialsProvider.fromIntegrations(integrations),
            ...settings,
          }),
        );
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
