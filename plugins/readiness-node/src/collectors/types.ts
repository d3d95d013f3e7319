import type {
  CacheService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import type { Evidence, EvidenceKey } from '@readiness/plugin-readiness-common';

/**
 * Evidence as a collector returns it: the collection engine fills in the
 * `source` (the collector id) when it stores it.
 *
 * @public
 */
export type CollectedEvidence = Evidence extends infer E
  ? E extends Evidence
    ? Omit<E, 'source'>
    : never
  : never;

/**
 * What a collector gets for one run over one entity.
 *
 * @public
 */
export interface CollectorContext {
  /** A logger already scoped to the collector and the entity. */
  logger: LoggerService;
  /** The collector's own block, `readiness.collectors.<id>`; empty when absent. */
  config: Config;
  /** Reads repositories through the SCM integrations the adopter configured. */
  urlReader: UrlReaderService;
  /** A cache shared by every run of this collector. */
  cache: CacheService;
  /** Aborted when the per-entity timeout expires or the backend shuts down. */
  signal: AbortSignal;
  /** The time the run is for; evidence should be stamped with it. */
  now: Date;
}

/**
 * Produces readiness evidence for catalog entities. Collectors are added to
 * the backend through {@link readinessCollectorsExtensionPoint}; their
 * schedule is owned by config, not by the collector.
 *
 * @public
 */
export interface ReadinessCollector {
  /** Stable kebab-case id; also the config key `readiness.collectors.<id>`. */
  id: string;
  /** A human readable name for logs and the UI. */
  title?: string;
  /**
   * The evidence keys this collector produces. When a run fails, the last
   * evidence under these keys is kept and marked stale, never dropped.
   */
  evidenceKeys: EvidenceKey[];
  /** Whether the collector applies to the entity; all entities when absent. */
  appliesTo?(entity: Entity): boolean;
  /** Collects evidence for one entity. Throwing marks its evidence stale. */
  collect(entity: Entity, ctx: CollectorContext): Promise<CollectedEvidence[]>;
  /**
   * Called once before a scheduled cycle collects `entities` (those the
   * collector applies to), for work better done once for all of them than
   * once per entity, such as asking an advisory database for every stored
   * package at once. A failure is logged and the cycle goes on.
   */
  prepareCycle?(entities: Entity[], ctx: CycleContext): Promise<void>;
}

/**
 * What {@link ReadinessCollector.prepareCycle} gets.
 *
 * @public
 */
export interface CycleContext {
  /** A logger already scoped to the collector. */
  logger: LoggerService;
  /** Aborted when the backend shuts down. */
  signal: AbortSignal;
  /** When the cycle started. */
  now: Date;
}
