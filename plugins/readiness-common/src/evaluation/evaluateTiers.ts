import {
  readinessTiers,
  tierRank,
  type CheckResult,
  type Tier,
  type TierResult,
} from '../types';
import { countingChecks } from './counting';

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
 * and of every lower tier passes or is waived. Unknown never counts;
 * upcoming checks are left out.
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
    const ofTier = countingChecks(checks).filter(c => c.tier === tier);
    const passed = ofTier.filter(
      c => c.status === 'pass' || c.status === 'waived',
    ).length;
    const achieved = lowerAchieved && passed === ofTier.length;
    lowerAchieved = achieved;
    if (achieved) {
      highest = tier;
    }
    return { tier, achieved, checks: ofTier.map(c => c.id), passed };
  });
  return { tiers, tier: highest };
}
