import type { FilterPredicate } from '@backstage/filter-predicates';
import type { CheckId, CheckStatus } from './checks';
import type { Tier } from './tiers';

/**
 * A campaign moves a set of entities to a target by a deadline: a tier,
 * a set of checks, or both (then both must hold).
 *
 * @public
 */
export interface Campaign {
  /** Lower-case kebab, chosen by its creator; stable in links. */
  id: string;
  title: string;
  description?: string;
  /** The tier every matching entity must reach. */
  targetTier?: Tier;
  /** Checks every matching entity must pass (or have waived). */
  checks?: CheckId[];
  /** Which catalog entities the campaign covers. */
  appliesTo: FilterPredicate;
  deadline: string;
  /** Entity ref of the group or user that owns the campaign. */
  owner: string;
  createdBy: string;
  createdAt: string;
  /**
   * When the campaign has checks and a tier: from the deadline on, its
   * checks count toward that tier (before it they show as upcoming).
   */
  promote?: boolean;
  /** Set when it was archived (deleted); archived campaigns are not listed. */
  archivedAt?: string;
}

/**
 * Body of `POST /v1/campaigns`.
 *
 * @public
 */
export type CampaignCreateRequest = Pick<
  Campaign,
  | 'id'
  | 'title'
  | 'description'
  | 'targetTier'
  | 'checks'
  | 'appliesTo'
  | 'deadline'
  | 'owner'
  | 'promote'
>;

/**
 * An entity a campaign covers that is not at its target yet.
 *
 * @public
 */
export interface CampaignEntityGap {
  entityRef: string;
  title?: string;
  owner?: string;
  tier: Tier | null;
  /** The campaign's checks it does not pass, with their status. */
  checks: Array<{ id: CheckId; status: CheckStatus | 'missing' }>;
}

/**
 * One day's share of a campaign's entities at target.
 *
 * @public
 */
export interface CampaignTrendPoint {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  total: number;
  atTarget: number;
}

/**
 * A campaign with its progress, as far as the caller may read the entities.
 *
 * @public
 */
export interface CampaignProgress {
  campaign: Campaign;
  total: number;
  atTarget: number;
  /** atTarget / total, 0 to 1; 0 when it covers nothing yet. */
  share: number;
  notAtTarget: CampaignEntityGap[];
  /** Daily snapshots, oldest first (over every entity it covers). */
  trend: CampaignTrendPoint[];
}

/**
 * Response of `GET /v1/campaigns`.
 *
 * @public
 */
export interface CampaignListResponse {
  items: CampaignProgress[];
}
