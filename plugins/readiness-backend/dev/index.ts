/*
 * A standalone backend for developing the Readiness backend plugin:
 *
 *   yarn workspace @readiness/plugin-readiness-backend start
 *
 * Every request is authenticated as a mock user, and the catalog holds the
 * example components. Try:
 *
 *   curl localhost:7007/api/readiness/v1/entities/component/default/claude-flow
 *   curl -X POST -H 'Content-Type: application/json' \
 *     -d '{"key":"build","value":{"succeeded":false,"compilationErrors":97}}' \
 *     localhost:7007/api/readiness/v1/entities/component/default/claude-flow/evidence
 *   curl 'localhost:7007/api/readiness/v1/summaries?stopWork=true'
 *   curl localhost:7007/api/readiness/v1/entities/component/default/claude-flow/gate
 */
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(mockServices.permissions.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'claude-flow', title: 'Claude Flow' },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: 'group:default/orchestration-team',
          system: 'agent-platform',
        },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'payments-api' },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: 'group:default/payments-team',
        },
      },
    ],
  }),
);
backend.add(import('../src'));

backend.start();
