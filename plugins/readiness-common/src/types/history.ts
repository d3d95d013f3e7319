import type { CheckId, CheckStatus } from './checks';
import type { HistoryEntry } from './api';
import type { Tier } from './tiers';

/**
 * One piece of evidence a regressed check reads that arrived after the
 * evaluation in which the check still passed.
 *
 * @public
 */
export interface EvidenceChange {
  key: string;
  source: string;
  observedAt: string;
  /** Set when the new evidence is a failed collection. */
  error?: string;
}

/**
 * A check that went from pass (or waived) to fail between two evaluations.
 *
 * @public
 */
export interface CheckRegression {
  checkId: CheckId;
  title: string;
  from: CheckStatus;
  to: CheckStatus;
  /** The evaluation that saw the failure. */
  detectedAt: string;
  /** The check's summary while it passed. */
  summaryBefore: string;
  /** The check's summary once it failed. */
  summaryAfter: string;
  evidence: EvidenceChange[];
}

/**
 * `GET .../history?include=regressions`: the points of the entity's history,
 * when it reached its current tier, and its regressions, newest first.
 *
 * @public
 */
export interface EntityHistory {
  items: HistoryEntry[];
  /** The current tier and since when it has held; absent without history. */
  currentTier?: { tier: Tier | null; since: string };
  regressions: CheckRegression[];
}
