import type { CheckId } from './checks';
import type {
  AttestationKind,
  BuildEvidenceValue,
  EvidenceValues,
  NamespacedEvidenceKey,
  PushableEvidenceKey,
} from './evidence';
import type { EntitySummaryRow, RiskLevel } from './report';
import type { Tier, TierOrNone } from './tiers';

/**
 * One evidence item pushed by CI. The backend sets `source` to `push`, and
 * defaults `observedAt` to now and `staleAfter` to its configured lifetime.
 *
 * @public
 */
export type PushedEvidence =
  | {
      [K in PushableEvidenceKey]: {
        key: K;
        value: EvidenceValues[K];
        /** Who reports it, e.g. `github-actions`; default `push`. */
        source?: string;
        /**
         * The CI run it comes from. A second push with the same source, key and
         * run id changes nothing, so retried pipeline steps are harmless.
         */
        runId?: string;
        observedAt?: string;
        staleAfter?: string;
        link?: string;
      };
    }[PushableEvidenceKey]
  | PushedCustomEvidence;

/**
 * Evidence of a kind a collector module registered (`acme.slo`), pushed by
 * CI. The backend checks `value` against the kind's schema and defaults
 * `staleAfter` to the kind's lifetime.
 *
 * @public
 */
export interface PushedCustomEvidence {
  key: NamespacedEvidenceKey;
  value: unknown;
  source?: string;
  runId?: string;
  observedAt?: string;
  staleAfter?: string;
  link?: string;
}

/**
 * A build pushed with its raw compiler output: the backend counts the errors
 * in `log`, grouped by code. With a `value` as well, its `succeeded` and
 * `branch` stand and the log's count replaces `compilationErrors`. A log
 * without recognisable compiler output leaves the build unknown, unless a
 * `value` is sent with it.
 *
 * @public
 */
export interface PushedBuildLog {
  key: 'build';
  /** Compiler output, at most `maxPushedBuildLogChars` characters. */
  log: string;
  value?: BuildEvidenceValue;
  source?: string;
  runId?: string;
  observedAt?: string;
  staleAfter?: string;
  link?: string;
}

/**
 * One pushed item as CI sends it: evidence, or a build with its log.
 *
 * @public
 */
export type PushedEvidenceItem = PushedEvidence | PushedBuildLog;

/**
 * Body of `POST /v1/entities/:kind/:namespace/:name/evidence`: one item or many.
 *
 * @public
 */
export type EvidencePushRequest = PushedEvidenceItem | PushedEvidenceItem[];

/**
 * Body of `POST /v1/entities/:kind/:namespace/:name/sbom`: an SBOM the
 * backend reads into `vulnerabilities` and `dependency-health` evidence.
 *
 * @public
 */
export interface SbomPushRequest {
  /**
   * A CycloneDX (JSON or XML, 1.2 to 1.7) or SPDX 2.x JSON document, at
   * most `maxPushedSbomChars` characters.
   */
  document: string;
  source?: string;
  runId?: string;
  observedAt?: string;
  staleAfter?: string;
  link?: string;
}

/**
 * Body of `POST .../attestations`. The backend records who attested and when.
 *
 * @public
 */
export interface AttestationCreateRequest {
  kind: AttestationKind;
  summary: string;
  evidenceLink: string;
  expiresAt: string;
}

/**
 * Body of `POST .../waivers`. The backend checks that `expiresAt` is in the future.
 *
 * @public
 */
export interface WaiverCreateRequest {
  checkId: CheckId;
  reason: string;
  /** Entity ref of who owns the accepted risk. */
  owner: string;
  expiresAt: string;
  /** For `security.vulnerabilities`: only these advisory ids (or aliases). */
  advisories?: string[];
  /** With `advisories`: only this package. */
  package?: string;
}

/**
 * Body of `POST` and `DELETE .../stop-work`.
 *
 * @public
 */
export interface StopWorkRequest {
  reason: string;
}

/**
 * Sort orders of the summaries endpoint; a leading `-` means descending.
 *
 * @public
 */
export type SummariesSort =
  | 'entityRef'
  | '-entityRef'
  | 'score'
  | '-score'
  | 'tier'
  | '-tier'
  | 'evaluatedAt'
  | '-evaluatedAt';

/**
 * Parsed query of `GET /v1/summaries`.
 *
 * @public
 */
export interface SummariesQuery {
  /** `none` selects entities that achieve no tier. */
  tier?: TierOrNone;
  stopWork?: boolean;
  kind?: string;
  namespace?: string;
  owner?: string;
  system?: string;
  lifecycle?: string;
  /** Only entities below (true) or meeting (false) their required tier. */
  belowRequiredTier?: boolean;
  /** Free-text match on the entity ref. */
  q?: string;
  cursor?: string;
  limit: number;
  sort: SummariesSort;
}

/**
 * Response of `GET /v1/summaries`.
 *
 * @public
 */
export interface SummariesResponse {
  items: EntitySummaryRow[];
  nextCursor?: string;
  totalCount: number;
}

/**
 * Parsed query of `GET .../gate`.
 *
 * @public
 */
export interface GateQuery {
  /** Absent: the tier the entity's lifecycle requires, else `mvs`. */
  minTier?: Tier;
}

/**
 * Response of `GET .../gate`, for deployment pipelines.
 *
 * @public
 */
export interface GateResponse {
  allowed: boolean;
  tier: Tier | null;
  minTier: Tier;
  /** Why the gate is closed; empty when allowed. */
  reasons: string[];
}

/**
 * One point of `GET .../history`.
 *
 * @public
 */
export interface HistoryEntry {
  evaluatedAt: string;
  tier: Tier | null;
  score: number;
  stopWork: boolean;
  risk: RiskLevel;
}

/**
 * One stop-work order of an entity, open or lifted, automatic or issued by a
 * person.
 *
 * @public
 */
export interface StopWorkOrderEntry {
  id: string;
  origin: 'automatic' | 'manual';
  beganAt: string;
  /** Blocker checks failing when it began (empty for a manual order). */
  blockers: CheckId[];
  countsAtStart: Record<string, number>;
  /** A manual order's reason and who issued it. */
  reason?: string;
  issuedBy?: string;
  /** Absent while the order is open. */
  liftedAt?: string;
  liftedBy?: string;
  liftReason?: string;
}

/**
 * Response of `GET /v1/entities/:kind/:namespace/:name/stop-work`: the
 * entity's stop-work orders, newest first.
 *
 * @public
 */
export interface StopWorkOrderListResponse {
  items: StopWorkOrderEntry[];
}

/**
 * Body of `POST /v1/summaries/by-refs`: the summaries of these entities, in
 * one request (for catalog tables and filters).
 *
 * @public
 */
export interface SummariesByRefsRequest {
  entityRefs: string[];
}

/**
 * Response of `POST /v1/summaries/by-refs`. Entities without a report are
 * left out.
 *
 * @public
 */
export interface SummariesByRefsResponse {
  items: EntitySummaryRow[];
}

/**
 * Components per achieved tier; `none` achieves no tier.
 *
 * @public
 */
export type TierCounts = Record<TierOrNone, number>;

/**
 * What a set of components adds up to: the basis of the tier distribution,
 * its trend and every roll-up.
 *
 * @public
 */
export interface ReadinessCounts {
  total: number;
  tiers: TierCounts;
  /** Components under a stop-work order. */
  stopWork: number;
  /** Components below the tier their lifecycle requires. */
  belowRequiredTier: number;
  /** Sum of the scores, for averages that add up across groups. */
  scoreSum: number;
}

/**
 * Response of `GET /v1/distribution`: the counts over every component, and
 * the owners, systems and lifecycles present, for filter pickers.
 *
 * @public
 */
export interface DistributionResponse {
  counts: ReadinessCounts;
  facets: {
    owners: string[];
    systems: string[];
    lifecycles: string[];
  };
}

/**
 * Parsed query of `GET /v1/distribution/trend`.
 *
 * @public
 */
export interface DistributionTrendQuery {
  /** How many days back, today included. */
  days: number;
  /** Only the components of this owner (entity ref), replayed from their history. */
  owner?: string;
  /** Only the components of this system (entity ref), replayed from their history. */
  system?: string;
}

/**
 * The distribution at the end of one UTC day (today: as of now).
 *
 * @public
 */
export interface DistributionSnapshot {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  counts: ReadinessCounts;
}

/**
 * Response of `GET /v1/distribution/trend`, oldest day first; days without
 * a recorded snapshot are left out.
 *
 * @public
 */
export interface DistributionTrendResponse {
  items: DistributionSnapshot[];
}

/**
 * The readiness of a group of components: an owner (with its nested groups),
 * a system or a domain.
 *
 * @public
 */
export interface ReadinessRollup {
  /** The Group, System or Domain. */
  entityRef: string;
  counts: ReadinessCounts;
  /**
   * The weakest component's tier: null when any component achieves no tier,
   * or when there are no components.
   */
  tier: Tier | null;
  /** True when any component is under stop-work. */
  stopWork: boolean;
  /** True when any component is below its required tier. */
  belowRequiredTier: boolean;
  /** Mean score, or null without components. */
  averageScore: number | null;
}

/**
 * Parsed query of `GET /v1/rollups`.
 *
 * @public
 */
export interface RollupsQuery {
  /** `owner` includes each group's nested groups. */
  by: 'owner' | 'system';
}

/**
 * Response of `GET /v1/rollups`, weakest first.
 *
 * @public
 */
export interface RollupsResponse {
  items: ReadinessRollup[];
}

/**
 * Response of `GET /v1/entities/:kind/:namespace/:name/rollup` for a Group,
 * System or Domain: its roll-up, and the components that hold it back
 * (under stop-work, below their required tier, or at the weakest tier).
 *
 * @public
 */
export interface EntityRollupResponse {
  rollup: ReadinessRollup;
  holdingBack: EntitySummaryRow[];
}

/**
 * A component or system that depends on an entity under a stop-work order,
 * found through the catalog's relations when the order opened.
 *
 * @public
 */
export interface AffectedEntity {
  entityRef: string;
  title?: string;
  /** The owner's entity ref, from its `ownedBy` relation. */
  owner?: string;
  /** How it was reached: it depends on it, consumes an API it provides, or is the system it is part of. */
  via: 'dependency' | 'api' | 'system';
  /** Relation hops from the entity under the order; 1 is a direct dependent. */
  depth: number;
}

/**
 * Response of `GET /v1/entities/:kind/:namespace/:name/stop-work/affected`:
 * what depends on the entity, for its open orders; empty when none is open.
 *
 * @public
 */
export interface AffectedEntitiesResponse {
  items: AffectedEntity[];
  /** True when the configured cap stopped the search before its end. */
  truncated: boolean;
}
