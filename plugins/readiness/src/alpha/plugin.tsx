import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import apis from './apis';
import entityCards from './entityCards';

/**
 * The Readiness plugin for Backstage's new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'readiness',
  extensions: [...apis, ...entityCards],
});
