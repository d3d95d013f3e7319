import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * Route of the readiness scorecard page.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'readiness' });
