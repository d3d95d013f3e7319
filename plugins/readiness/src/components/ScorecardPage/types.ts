import type { EntitySummary } from '@readiness/plugin-readiness-common';

/**
 * A row of the summaries endpoint: the summary plus the catalog facts the
 * backend stores beside it.
 *
 * @internal
 */
export type ScorecardRow = EntitySummary & {
  kind?: string;
  namespace?: string;
  name?: string;
  title?: string;
  owner?: string;
  system?: string;
  lifecycle?: string;
};

/** @internal */
export type TierFilter = '' | 'enterprise' | 'production' | 'mvs' | 'none';

/**
 * The filters of the scorecard, as sent to the summaries endpoint.
 *
 * @internal
 */
export interface ScorecardFilters {
  tier: TierFilter;
  stopWork: boolean;
  owner: string;
  system: string;
  lifecycle: string;
  q: string;
}
