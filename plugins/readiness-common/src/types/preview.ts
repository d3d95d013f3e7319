import type { CheckStatus } from './checks';
import type { Tier } from './tiers';

/**
 * Where one entity stands in a rule preview, before or after the change.
 *
 * @public
 */
export interface CheckPreviewState {
  tier: Tier | null;
  stopWork: boolean;
  /** Only when the entity's lifecycle requires a tier. */
  belowRequiredTier?: boolean;
  score: number;
}

/**
 * One entity whose tier, stop-work order or required-tier standing the
 * previewed checks change, with the checks whose status changes.
 *
 * @public
 */
export interface CheckPreviewChange {
  entityRef: string;
  requiredTier?: Tier;
  before: CheckPreviewState;
  after: CheckPreviewState;
  /** Checks whose status differs; absent on a side where the check does not apply. */
  checks: Array<{ id: string; before?: CheckStatus; after?: CheckStatus }>;
}

/**
 * How many entities a rule change would move, each counted once per kind of
 * move.
 *
 * @public
 */
export interface CheckPreviewCounts {
  /** Entities evaluated: every entity of the collected kinds the caller may read. */
  evaluated: number;
  /** Entities in `items`: any of the moves below. */
  changed: number;
  tierUp: number;
  tierDown: number;
  enterStopWork: number;
  leaveStopWork: number;
  newlyBelowRequiredTier: number;
  newlyMeetingRequiredTier: number;
}

/**
 * Response of `POST /v1/checks/preview`: the stored evidence of every entity
 * the caller may read, evaluated with the configured checks and with the
 * posted ones, at the same instant. Nothing is stored.
 *
 * @public
 */
export interface CheckPreviewResponse {
  evaluatedAt: string;
  counts: CheckPreviewCounts;
  /** The changed entities by entity ref, at most `maxCheckPreviewItems`. */
  items: CheckPreviewChange[];
  /** True when more entities changed than `items` holds. */
  truncated: boolean;
}

/**
 * Body of `POST /v1/checks/preview`: check definitions added to the
 * configured ones (replacing any of the same id), and overrides of checks in
 * the shape of `readiness.checks.<id>` in app-config.
 *
 * @public
 */
export interface CheckPreviewRequest {
  checks: unknown[];
  overrides?: Record<string, unknown>;
}
