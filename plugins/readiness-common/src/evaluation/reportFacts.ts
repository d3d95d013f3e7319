import type {
  CheckId,
  CheckResult,
  ReadinessReport,
  StopWorkOrder,
} from '../types';
import { evaluateTiers } from './evaluateTiers';
import { countingChecks } from './counting';
import { assessRisk } from './risk';

/**
 * True when nothing has been collected yet: every check is unknown, apart
 * from enterprise checks that fail because their attestation-only rules fail
 * (rather than being unknown) until a person records an attestation.
 *
 * @public
 */
export function hasNoEvidence(checks: readonly CheckResult[]): boolean {
  return countingChecks(checks).every(
    c =>
      c.status === 'unknown' ||
      (c.tier === 'enterprise' && c.status === 'fail'),
  );
}

/**
 * The order's blockers whose counters no progress entry covers, in the
 * order's order: "<check> passes" is all that can be said of them.
 *
 * @public
 */
export function blockersWithoutProgress(
  order: Pick<StopWorkOrder, 'blockers' | 'progress'>,
  checks: readonly CheckResult[],
): CheckId[] {
  const counted = new Set(order.progress.map(p => p.counter));
  return order.blockers.filter(id => {
    const check = checks.find(c => c.id === id);
    return (
      check !== undefined &&
      !Object.keys(check.counters ?? {}).some(counter => counted.has(counter))
    );
  });
}

/**
 * A report with the facts `evaluateReadiness` derives from its checks (tier
 * pass counts, no evidence, blockers without progress, the risk register) filled in where it
 * lacks them, as a report stored before they existed does. A complete report
 * comes back unchanged.
 *
 * @public
 */
export function withReportFacts(report: ReadinessReport): ReadinessReport {
  const missingTierCounts = report.tiers.some(
    t => typeof t.passed !== 'number',
  );
  const missingNoEvidence = typeof report.noEvidence !== 'boolean';
  const missingBlockers = !Array.isArray(
    report.stopWork.blockersWithoutProgress,
  );
  const missingRegister = !Array.isArray(report.risk.risks);
  if (
    !missingTierCounts &&
    !missingNoEvidence &&
    !missingBlockers &&
    !missingRegister
  ) {
    return report;
  }
  return {
    ...report,
    tiers: missingTierCounts
      ? evaluateTiers(report.checks).tiers
      : report.tiers,
    noEvidence: missingNoEvidence
      ? hasNoEvidence(report.checks)
      : report.noEvidence,
    stopWork: missingBlockers
      ? {
          ...report.stopWork,
          blockersWithoutProgress: blockersWithoutProgress(
            report.stopWork,
            report.checks,
          ),
        }
      : report.stopWork,
    risk: missingRegister ? assessRisk(report.checks) : report.risk,
  };
}
