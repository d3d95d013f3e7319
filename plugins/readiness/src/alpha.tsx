import { createFrontendPlugin } from '@backstage/frontend-plugin-api';

/**
 * The Readiness plugin for Backstage's new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'readiness',
  extensions: [],
});
