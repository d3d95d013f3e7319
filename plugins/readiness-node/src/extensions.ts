import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { ReadinessCollector } from './collectors/types';

/**
 * Lets backend modules add evidence collectors to the Readiness backend.
 *
 * @public
 */
export interface ReadinessCollectorsExtensionPoint {
  /**
   * Adds collectors. A collector id may be registered only once: a second
   * registration throws instead of silently replacing the first.
   */
  addCollector(
    ...collectors: Array<ReadinessCollector | Array<ReadinessCollector>>
  ): void;
}

/**
 * The extension point for Readiness evidence collectors.
 *
 * @public
 */
export const readinessCollectorsExtensionPoint =
  createExtensionPoint<ReadinessCollectorsExtensionPoint>({
    id: 'readiness.collectors',
  });
