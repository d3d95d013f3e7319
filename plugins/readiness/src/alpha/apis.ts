import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { readinessApiRef } from '../api/ReadinessApi';
import { ReadinessClient } from '../api/ReadinessClient';

/**
 * The readiness API client, `api:readiness`.
 *
 * @alpha
 */
export const readinessApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: readinessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ReadinessClient({ discoveryApi, fetchApi }),
    }),
});

export default [readinessApi];
