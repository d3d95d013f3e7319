import type {
  CheckId,
  CheckResult,
  CheckSeverity,
  CheckStatus,
  ReadinessReport,
  RemediationItem,
  Tier,
} from '../types';
import { readinessTiers, tierRank } from '../types';
import { countingChecks } from './counting';

/**
 * One check that keeps an entity from its next tier, with what to do about it.
 *
 * @public
 */
export interface NextTierBlocker {
  /** 1 is the most urgent. */
  rank: number;
  checkId: CheckId;
  title: string;
  tier: Tier;
  severity: CheckSeverity;
  /** `fail`, or `unknown` when evidence is missing or stale. */
  status: Extract<CheckStatus, 'fail' | 'unknown'>;
  summary: string;
  /** The remediation plan's items for this check. */
  remediation: RemediationItem[];
}

/**
 * What stands between an entity and the tier above its current one.
 *
 * @public
 */
export interface NextTierExplanation {
  entityRef: string;
  tier: Tier | null;
  /** Null when the entity is already at the highest tier. */
  nextTier: Tier | null;
  /** Whether a stop-work order is active; it blocks deployment, not the tier. */
  stopWorkActive: boolean;
  blockers: NextTierBlocker[];
}

const severityOrder: readonly CheckSeverity[] = ['blocker', 'major', 'minor'];

/**
 * Ranks the failing and unknown checks of the next tier and every tier below
 * it (tiers are cumulative): blocker severity first, then failures before
 * unknowns, then lower tiers, then definition order. Waived checks count as
 * achieved, as in tier evaluation, so they are not listed.
 *
 * @public
 */
export function explainNextTier(report: ReadinessReport): NextTierExplanation {
  const nextTier =
    report.tier === null
      ? readinessTiers[0]
      : (readinessTiers[tierRank(report.tier) + 1] ?? null);
  const remediation = report.remediation.phases.flatMap(p => p.items);
  const blocking =
    nextTier === null
      ? []
      : countingChecks(report.checks)
          .map((check, index) => ({ check, index }))
          .filter(
            (
              entry,
            ): entry is {
              check: CheckResult & { status: 'fail' | 'unknown' };
              index: number;
            } =>
              tierRank(entry.check.tier) <= tierRank(nextTier) &&
              (entry.check.status === 'fail' ||
                entry.check.status === 'unknown'),
          )
          .sort(
            (a, b) =>
              severityOrder.indexOf(a.check.severity) -
                severityOrder.indexOf(b.check.severity) ||
              Number(a.check.status === 'unknown') -
                Number(b.check.status === 'unknown') ||
              tierRank(a.check.tier) - tierRank(b.check.tier) ||
              a.index - b.index,
          );
  return {
    entityRef: report.entityRef,
    tier: report.tier,
    nextTier,
    stopWorkActive: report.stopWork.active,
    blockers: blocking.map(({ check }, i) => ({
      rank: i + 1,
      checkId: check.id,
      title: check.title,
      tier: check.tier,
      severity: check.severity,
      status: check.status,
      summary: check.summary,
      remediation: remediation.filter(item => item.checkId === check.id),
    })),
  };
}
