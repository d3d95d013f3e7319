import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { readinessApiRef } from './api/ReadinessApi';
import { ReadinessClient } from './api/ReadinessClient';
import { rootRouteRef } from './routes';

/**
 * The Readiness frontend plugin (legacy frontend system).
 *
 * @public
 */
export const readinessPlugin = createPlugin({
  id: 'readiness',
  apis: [
    createApiFactory({
      api: readinessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ReadinessClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * Card for the entity page overview: tier, checks per tier, score, risk and
 * the remediation plan.
 *
 * @public
 */
export const EntityReadinessCard: () => JSX.Element = readinessPlugin.provide(
  createComponentExtension({
    name: 'EntityReadinessCard',
    component: {
      lazy: () =>
        import('./components/EntityReadinessCard').then(
          m => m.EntityReadinessCard,
        ),
    },
  }),
);

/**
 * Banner for the entity page warning area; use with
 * `<EntitySwitch.Case if={isStopWorkActive}>`.
 *
 * @public
 */
export const EntityStopWorkBanner: () => JSX.Element | null =
  readinessPlugin.provide(
    createComponentExtension({
      name: 'EntityStopWorkBanner',
      component: {
        lazy: () =>
          import('./components/StopWorkBanner').then(
            m => m.EntityStopWorkBanner,
          ),
      },
    }),
  );

/**
 * Card for System, Group and Domain pages: the weakest component's tier,
 * blockers anywhere below, required-tier gaps, and links to the components
 * holding it back. Show it with `<EntitySwitch.Case if={isReadinessRollupAvailable}>`.
 *
 * @public
 */
export const EntityReadinessRollupCard: () => JSX.Element =
  readinessPlugin.provide(
    createComponentExtension({
      name: 'EntityReadinessRollupCard',
      component: {
        lazy: () =>
          import('./components/EntityReadinessRollupCard').then(
            m => m.EntityReadinessRollupCard,
          ),
      },
    }),
  );

/**
 * A component's readiness history: score and tier over time, since when it
 * holds its tier, and each check that went from pass to fail.
 *
 * @public
 */
export const EntityReadinessHistoryCard: () => JSX.Element =
  readinessPlugin.provide(
    createComponentExtension({
      name: 'EntityReadinessHistoryCard',
      component: {
        lazy: () =>
          import('./components/EntityReadinessHistoryCard').then(
            m => m.EntityReadinessHistoryCard,
          ),
      },
    }),
  );

/**
 * The org-wide readiness scorecard: tier distribution, filters, a sortable,
 * paged table of components and CSV export. Mount it at `/readiness`.
 *
 * @public
 */
export const ReadinessScorecardPage: () => JSX.Element =
  readinessPlugin.provide(
    createRoutableExtension({
      name: 'ReadinessScorecardPage',
      component: () =>
        import('./components/ScorecardPage').then(m => m.ScorecardPage),
      mountPoint: rootRouteRef,
    }),
  );
