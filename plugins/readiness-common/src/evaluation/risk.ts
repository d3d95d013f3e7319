import type { CheckResult, RiskAssessment } from '../types';

/**
 * Critical when a blocker fails, high when a production (or lower) check
 * fails, manageable when only enterprise checks fail. Waived and unknown
 * checks do not contribute: a waiver is an accepted risk.
 *
 * @public
 */
export function assessRisk(checks: readonly CheckResult[]): RiskAssessment {
  const failing = checks.filter(c => c.status === 'fail');
  const blockers = failing.filter(c => c.severity === 'blocker');
  if (blockers.length > 0) {
    return { level: 'critical', contributors: blockers.map(c => c.id) };
  }
  const belowEnterprise = failing.filter(c => c.tier !== 'enterprise');
  if (belowEnterprise.length > 0) {
    return { level: 'high', contributors: belowEnterprise.map(c => c.id) };
  }
  if (failing.length > 0) {
    return { level: 'manageable', contributors: failing.map(c => c.id) };
  }
  return { level: 'none', contributors: [] };
}
