/*
 * A standalone app for developing the Readiness frontend plugin:
 *
 *   yarn workspace @readiness/plugin-readiness start
 *
 * No backend: the plugin's API is replaced by MockReadinessApi, which serves
 * the test fixtures. Pages:
 *   /            the stop-work banner and entity card of the incident report's
 *                system (stop-work, progress, all four check statuses)
 *   /catalog/default/component/inventory-api
 *                the same for a component whose MVS checks pass; the
 *                scorecard's entity links lead to these pages
 *   /readiness   the plugin's own scorecard page, over five components
 */
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { createDevApp } from '@backstage/frontend-dev-utils';
import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import readinessPlugin from '../src/alpha';
import { readinessApiRef } from '../src/api/ReadinessApi';
import { MockReadinessApi, stopWorkEntityRef } from './MockReadinessApi';

// The API ref belongs to the readiness plugin, so only that plugin may
// provide it: the mock replaces the plugin's own `api:readiness`.
const mockReadinessApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: readinessApiRef,
      deps: {},
      factory: () => new MockReadinessApi(),
    }),
});

const stopWorkEntityPage = PageBlueprint.make({
  name: 'stop-work-entity',
  params: {
    path: '/',
    loader: () =>
      import('./DevEntityPage').then(m => (
        <m.DevEntityPage entityRef={stopWorkEntityRef} />
      )),
  },
});

// Stands in for the catalog's entity page, so entity links resolve here.
const entityPage = PageBlueprint.make({
  name: 'entity',
  params: {
    path: '/catalog/:namespace/:kind/:name',
    routeRef: convertLegacyRouteRef(entityRouteRef),
    loader: () => import('./DevEntityPage').then(m => <m.DevEntityRoutePage />),
  },
});

const devPlugin = createFrontendPlugin({
  pluginId: 'readiness-dev',
  extensions: [stopWorkEntityPage, entityPage],
});

createDevApp({
  features: [
    readinessPlugin.withOverrides({ extensions: [mockReadinessApi] }),
    devPlugin,
  ],
});
