import type {
  CheckPreviewChange,
  CheckPreviewCounts,
  CheckPreviewState,
  Tier,
} from '../types';
import type { ReadinessStanding } from './evaluateReadiness';
import { tierRank } from '../types';

/** No tier ranks below `mvs`. */
const rankOf = (tier: Tier | null) => (tier === null ? -1 : tierRank(tier));

function stateOf(report: ReadinessStanding): CheckPreviewState {
  return {
    tier: report.tier,
    stopWork: report.stopWork.active,
    ...(report.requiredTier
      ? { belowRequiredTier: !report.meetsRequiredTier }
      : {}),
    score: Math.round(report.score.overall),
  };
}

/**
 * How a rule change moves one entity: its standing (or report) under the
 * configured checks against that under the proposed ones, evaluated at the same
 * instant. Undefined when tier, stop-work and required-tier standing stay
 * (a changed score or check alone is no move).
 *
 * @public
 */
export function comparePreviewReports(
  before: ReadinessStanding,
  after: ReadinessStanding,
): CheckPreviewChange | undefined {
  const was = stateOf(before);
  const is = stateOf(after);
  if (
    was.tier === is.tier &&
    was.stopWork === is.stopWork &&
    Boolean(was.belowRequiredTier) === Boolean(is.belowRequiredTier)
  ) {
    return undefined;
  }
  const statusBefore = new Map(before.checks.map(c => [c.id, c.status]));
  const statusAfter = new Map(after.checks.map(c => [c.id, c.status]));
  const ids = [...new Set([...statusBefore.keys(), ...statusAfter.keys()])];
  return {
    entityRef: after.entityRef,
    ...(after.requiredTier ? { requiredTier: after.requiredTier } : {}),
    before: was,
    after: is,
    checks: ids
      .filter(id => statusBefore.get(id) !== statusAfter.get(id))
      .map(id => ({
        id,
        ...(statusBefore.has(id) ? { before: statusBefore.get(id) } : {}),
        ...(statusAfter.has(id) ? { after: statusAfter.get(id) } : {}),
      })),
  };
}

/**
 * Zero counts, to add changes to with {@link countPreviewChange}.
 *
 * @public
 */
export function emptyPreviewCounts(): CheckPreviewCounts {
  return {
    evaluated: 0,
    changed: 0,
    tierUp: 0,
    tierDown: 0,
    enterStopWork: 0,
    leaveStopWork: 0,
    newlyBelowRequiredTier: 0,
    newlyMeetingRequiredTier: 0,
  };
}

/**
 * Adds one entity's move to the counts (`evaluated` is the caller's).
 *
 * @public
 */
export function countPreviewChange(
  counts: CheckPreviewCounts,
  change: CheckPreviewChange,
): void {
  const { before, after } = change;
  counts.changed += 1;
  const rankChange = rankOf(after.tier) - rankOf(before.tier);
  if (rankChange > 0) {
    counts.tierUp += 1;
  } else if (rankChange < 0) {
    counts.tierDown += 1;
  }
  if (!before.stopWork && after.stopWork) {
    counts.enterStopWork += 1;
  } else if (before.stopWork && !after.stopWork) {
    counts.leaveStopWork += 1;
  }
  if (!before.belowRequiredTier && after.belowRequiredTier) {
    counts.newlyBelowRequiredTier += 1;
  } else if (before.belowRequiredTier && !after.belowRequiredTier) {
    counts.newlyMeetingRequiredTier += 1;
  }
}
