import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type {
  ReadinessCollector,
  ReadinessEvidenceKind,
} from './collectors/types';

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
  /**
   * Adds an evidence kind under a namespaced key (`acme.slo`), with the
   * schema its values must match and how long they count. A key may be
   * registered only once; a collector that declares a namespaced key in
   * `evidenceKeys` needs it registered by the time the backend starts.
   */
  registerEvidenceKind(kind: ReadinessEvidenceKind): void;
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
