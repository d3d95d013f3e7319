import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type {
  CollectedEvidence,
  CollectorContext,
  ReadinessCollector,
} from '@readiness/plugin-readiness-node';

/**
 * Options for {@link createMockCollector}.
 *
 * @public
 */
export interface CreateMockCollectorOptions {
  id?: string;
  evidenceKeys?: ReadinessCollector['evidenceKeys'];
  appliesTo?: ReadinessCollector['appliesTo'];
  /**
   * The evidence to return for each entity, keyed by entity ref or as a
   * function; an `Error` makes the collection of that entity fail.
   */
  evidence?:
    | Record<string, CollectedEvidence[] | Error>
    | ((
        entity: Entity,
        ctx: CollectorContext,
      ) => Promise<CollectedEvidence[]> | CollectedEvidence[]);
}

/**
 * A collector for tests that returns prepared evidence and records the
 * entities it was called for in `calls`.
 *
 * @public
 */
export function createMockCollector(
  options: CreateMockCollectorOptions = {},
): ReadinessCollector & { calls: Entity[] } {
  const calls: Entity[] = [];
  const source = options.evidence ?? {};
  return {
    id: options.id ?? 'mock',
    evidenceKeys: options.evidenceKeys ?? [],
    appliesTo: options.appliesTo,
    calls,
    async collect(entity, ctx) {
      calls.push(entity);
      if (typeof source === 'function') {
        return source(entity, ctx);
      }
      const result = source[stringifyEntityRef(entity)];
      if (result instanceof Error) {
        throw result;
      }
      return result ?? [];
    },
  };
}
