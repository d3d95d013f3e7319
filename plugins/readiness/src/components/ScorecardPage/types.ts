import type {
  EntitySummaryRow,
  TierOrNone,
} from '@readiness/plugin-readiness-common';

/**
 * A row of the summaries endpoint.
 *
 * @internal
 */
export type ScorecardRow = EntitySummaryRow;

/** @internal */
export type TierFilter = '' | TierOrNone;

/**
 * The filters of the scorecard, as sent to the summaries endpoint; an empty
 * string is "any".
 *
 * @internal
 */
export interface ScorecardFilters {
  tier: TierFilter;
  stopWork: boolean;
  belowRequiredTier: boolean;
  owner: string;
  system: string;
  lifecycle: string;
  q: string;
}
