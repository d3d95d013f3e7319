import { isNamespacedEvidenceKey } from '@readiness/plugin-readiness-common';
import type { ReadinessCollector, ReadinessEvidenceKind } from './types';
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
  readonly #evidenceKinds = new Map<string, ReadinessEvidenceKind>();

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

  registerEvidenceKind(kind: ReadinessEvidenceKind): void {
    if (!isNamespacedEvidenceKey(kind.key)) {
      throw new Error(
        `Readiness evidence kind '${kind.key}' must be namespaced: lower-case segments of a-z, 0-9 and dashes joined by dots, e.g. acme.slo`,
      );
    }
    if (this.#evidenceKinds.has(kind.key)) {
      throw new Error(
        `Readiness evidence kind '${kind.key}' was already registered`,
      );
    }
    if (typeof kind.schema?.safeParse !== 'function') {
      throw new Error(
        `Readiness evidence kind '${kind.key}' needs a zod schema`,
      );
    }
    if (!Number.isFinite(kind.lifetimeHours) || kind.lifetimeHours <= 0) {
      throw new Error(
        `Readiness evidence kind '${kind.key}' needs a positive lifetimeHours`,
      );
    }
    this.#evidenceKinds.set(kind.key, kind);
  }

  /** The registered evidence kinds in registration order. */
  listEvidenceKinds(): ReadinessEvidenceKind[] {
    return [...this.#evidenceKinds.values()];
  }

  getEvidenceKind(key: string): ReadinessEvidenceKind | undefined {
    return this.#evidenceKinds.get(key);
  }

  /**
   * Throws when a collector declares a namespaced key no module registered:
   * its evidence could be neither checked nor read by any rule. Call it once
   * every module has registered, when the backend starts.
   */
  requireRegisteredEvidenceKeys(): void {
    for (const collector of this.#collectors.values()) {
      for (const key of collector.evidenceKeys) {
        if (key.includes('.') && !this.#evidenceKinds.has(key)) {
          throw new Error(
            `Readiness collector '${collector.id}' declares evidence key '${key}', which no module registered as an evidence kind`,
          );
        }
      }
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
