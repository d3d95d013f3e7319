import type {
  CacheService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import type {
  Evidence,
  EvidenceKey,
  NamespacedEvidenceKey,
} from '@readiness/plugin-readiness-common';
import type { z } from 'zod';

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
   * evidence under these keys is kept and marked stale, never dropped. A
   * namespaced key (`acme.slo`) must be registered as an evidence kind.
   */
  evidenceKeys: Array<EvidenceKey | NamespacedEvidenceKey>;
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
  /**
   * A scheduled cycle in phases, for a collector that keeps what it reads:
   * every entity's `read` first, then {@link ReadinessCollector.prepareCycle}
   * once over what was stored, then every entity's `collectStored`. Without
   * it (and for a refresh of one entity) `collect` does both at once.
   */
  phases?: ReadinessCollectorPhases;
}

/**
 * The two phases of a collector's scheduled cycle.
 *
 * @public
 */
export interface ReadinessCollectorPhases {
  /**
   * Reads what the entity's evidence comes from and stores it, with no
   * evidence yet. Throwing marks its evidence stale, as `collect` does.
   */
  read(entity: Entity, ctx: CollectorContext): Promise<void>;
  /** The entity's evidence from what `read` stored in this cycle. */
  collectStored(
    entity: Entity,
    ctx: CollectorContext,
  ): Promise<CollectedEvidence[]>;
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

/**
 * An evidence kind a collector module adds to the built-in ones, through
 * {@link ReadinessCollectorsExtensionPoint.registerEvidenceKind}. Custom
 * check rules read its values as `evidence.<namespace>.<name>`.
 *
 * @public
 */
export interface ReadinessEvidenceKind {
  /**
   * The namespaced key, such as `acme.slo`: lower-case segments of letters,
   * digits and dashes joined by dots. Built-in keys never contain a dot.
   */
  key: NamespacedEvidenceKey;
  /**
   * The schema of the value. The backend checks pushed and collected values
   * against it and refuses (push) or records as an error (collection) what
   * does not match, so rules only ever see values of this shape.
   */
  schema: z.ZodType;
  /**
   * How long an observation counts, in hours, unless a push sets its own
   * `staleAfter`; after that it is stale and the rules over it are unknown.
   */
  lifetimeHours: number;
  /** A human readable name for logs and docs. */
  title?: string;
}
