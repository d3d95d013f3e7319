import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { rootRouteRef } from '../routes';

/**
 * The org-wide scorecard at `/readiness`, `page:readiness`. Its title and
 * icon also make it a sidebar item.
 *
 * @alpha
 */
export const readinessScorecardPage = PageBlueprint.make({
  params: {
    path: '/readiness',
    title: 'Readiness',
    icon: <AssessmentIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    // Prefetched while the app starts, so that opening the scorecard does
    // not wait for its chunks after sign-in.
    loader: () =>
      import(/* webpackPrefetch: true */ '../components/ScorecardPage').then(
        m => <m.ScorecardPageContent />,
      ),
  },
});

export default [readinessScorecardPage];
