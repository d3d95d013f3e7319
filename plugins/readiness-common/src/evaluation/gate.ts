import { type ReadinessConfig, requiredTierFor } from '../config';
import type { GateResponse, ReadinessReport, Tier } from '../types';
import { readinessTiers, tierRank } from '../types';
import { countingChecks } from './counting';
import { meetsTier } from './evaluateTiers';

/**
 * The tier the gate requires: the one asked for, else the tier the entity's
 * lifecycle requires (as reports and the scorecard compute it), else `mvs`.
 *
 * @public
 */
export function gateMinTier(options: {
  minTier?: Tier;
  lifecycle?: string;
  config?: Pick<ReadinessConfig, 'requiredTiers'>;
}): Tier {
  return (
    options.minTier ??
    requiredTierFor(options.lifecycle, options.config) ??
    readinessTiers[0]
  );
}

/**
 * The deployment gate: allowed only when a report exists, no stop-work order
 * is active and the achieved tier reaches `minTier`.
 *
 * @public
 */
export function evaluateGate(
  report: ReadinessReport | undefined,
  minTier: Tier,
): GateResponse {
  if (!report) {
    return {
      allowed: false,
      tier: null,
      minTier,
      reasons: ['no readiness report yet'],
    };
  }
  const reasons: string[] = [];
  const { stopWork } = report;
  if (stopWork.active) {
    const why = [
      stopWork.blockers.length > 0 &&
        `blockers ${stopWork.blockers.join(', ')}`,
      stopWork.unverifiedBlockers.length > 0 &&
        `unverified blockers ${stopWork.unverifiedBlockers.join(', ')}`,
      stopWork.manual &&
        `issued by ${stopWork.manual.issuedBy}: ${stopWork.manual.reason}`,
    ].filter(Boolean);
    reasons.push(
      `stop-work order active since ${stopWork.since} (${why.join('; ')})`,
    );
  }
  if (!meetsTier(report.tier, minTier)) {
    reasons.push(
      `tier ${report.tier ?? 'none'} does not reach required tier ${minTier}`,
    );
    for (const check of countingChecks(report.checks)) {
      if (
        tierRank(check.tier) <= tierRank(minTier) &&
        (check.status === 'fail' || check.status === 'unknown')
      ) {
        reasons.push(`${check.id} is ${check.status}: ${check.summary}`);
      }
    }
  }
  return { allowed: reasons.length === 0, tier: report.tier, minTier, reasons };
}
