import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { rootRouteRef } from '../routes';
import apis from './apis';
import entityCards from './entityCards';
import filters from './filters';
import pages from './pages';

/**
 * The Readiness plugin for Backstage's new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'readiness',
  title: 'Readiness',
  icon: <AssessmentIcon />,
  routes: convertLegacyRouteRefs({ root: rootRouteRef }),
  extensions: [...apis, ...entityCards, ...filters, ...pages],
});
