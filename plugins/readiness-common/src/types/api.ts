import type { CheckId } from './checks';
import type {
  AttestationKind,
  EvidenceValues,
  PushableEvidenceKey,
} from './evidence';
import type { EntitySummary, RiskLevel } from './report';
import type { Tier } from './tiers';

/**
 * One evidence item pushed by CI. The backend sets `source` to `push`, and
 * defaults `observedAt` to now and `staleAfter` to its configured lifetime.
 *
 * @public
 */
export type PushedEvidence = {
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
}[PushableEvidenceKey];

/**
 * Body of `POST /v1/entities/:kind/:namespace/:name/evidence`: one item or many.
 *
 * @public
 */
export type EvidencePushRequest = PushedEvidence | PushedEvidence[];

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
  tier?: Tier | 'none';
  stopWork?: boolean;
  kind?: string;
  namespace?: string;
  owner?: string;
  system?: string;
  lifecycle?: string;
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
  items: EntitySummary[];
  nextCursor?: string;
  totalCount: number;
}

/**
 * Parsed query of `GET .../gate`.
 *
 * @public
 */
export interface GateQuery {
  minTier: Tier;
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
 * Response of `GET /v1/collection`: progress of the current collection run.
 *
 * @public
 */
export interface CollectionProgress {
  running: boolean;
  startedAt?: string;
  finishedAt?: string;
  entitiesDone: number;
  entitiesTotal: number;
  /** Entities whose collection failed in this run. */
  entitiesFailed: number;
}
