import type { ReadinessCollector } from './types';
import type { ReadinessCollectorsExtensionPoint } from '../extensions';

const COLLECTOR_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Holds the collectors registered through the extension point; rejects
 * malformed and duplicate ids when they are added, so a misconfigured module
 * fails at startup rather than at its first scheduled run.
 *
 * @public
 */
export class CollectorRegistry implements ReadinessCollectorsExtensionPoint {
  readonly #collectors = new Map<string, ReadinessCollector>();

  addCollector(
    ...collectors: Array<ReadinessCollector | Array<ReadinessCollector>>
  ): void {
    for (const collector of collectors.flat()) {
      if (!COLLECTOR_ID.test(collector.id)) {
        throw new Error(
          `Readiness collector id '${collector.id}' must be kebab-case (a-z, 0-9 and single dashes)`,
        );
      }
      if (this.#collectors.has(collector.id)) {
        throw new Error(
          `Readiness collector '${collector.id}' was already registered`,
        );
      }
      this.#collectors.set(collector.id, collector);
    }
  }

  /** The collectors in registration order. */
  list(): ReadinessCollector[] {
    return [...this.#collectors.values()];
  }

  get(id: string): ReadinessCollector | undefined {
    return this.#collectors.get(id);
  }
}
