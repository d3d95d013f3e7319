import type { EntitySummaryRow } from '@readiness/plugin-readiness-common';

/**
 * A row of the summaries endpoint.
 *
 * @internal
 */
export type ScorecardRow = EntitySummaryRow;

/** @internal */
export type TierFilter = '' | 'enterprise' | 'production' | 'mvs' | 'none';

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
