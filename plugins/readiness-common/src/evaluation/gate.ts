import type { GateResponse, ReadinessReport, Tier } from '../types';
import { tierRank } from '../types';
import { meetsTier } from './evaluateTiers';

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
    for (const check of report.checks) {
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
