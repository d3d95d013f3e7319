import {
  readinessTiers,
  type CheckResult,
  type Tier,
  type TierResult,
} from '../types';

/**
 * The position of a tier, lowest first (`mvs` is 0).
 *
 * @public
 */
export function tierRank(tier: Tier): number {
  return readinessTiers.indexOf(tier);
}

/**
 * Whether an achieved tier (or none) reaches a minimum tier.
 *
 * @public
 */
export function meetsTier(achieved: Tier | null, minimum: Tier): boolean {
  return achieved !== null && tierRank(achieved) >= tierRank(minimum);
}

/**
 * Cumulative tier attainment: a tier is achieved only when every check of it
 * and of every lower tier passes or is waived. Unknown never counts.
 *
 * @public
 */
export function evaluateTiers(checks: readonly CheckResult[]): {
  tiers: TierResult[];
  tier: Tier | null;
} {
  let lowerAchieved = true;
  let highest: Tier | null = null;
  const tiers = readinessTiers.map(tier => {
    const ofTier = checks.filter(c => c.tier === tier);
    const achieved =
      lowerAchieved &&
      ofTier.every(c => c.status === 'pass' || c.status === 'waived');
    lowerAchieved = achieved;
    if (achieved) {
      highest = tier;
    }
    return { tier, achieved, checks: ofTier.map(c => c.id) };
  });
  return { tiers, tier: highest };
}
