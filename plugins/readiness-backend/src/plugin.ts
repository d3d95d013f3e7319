import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';

/**
 * The Readiness backend plugin.
 *
 * @public
 */
export const readinessPlugin = createBackendPlugin({
  pluginId: 'readiness',
  register(env) {
    env.registerInit({
      deps: { logger: coreServices.logger },
      async init({ logger }) {
        logger.info('Readiness backend plugin initialised');
      },
    });
  },
});
