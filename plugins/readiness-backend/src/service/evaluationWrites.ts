import {
  type CheckRegression,
  decideStopWorkTransition,
  type ReadinessReport,
  summarizeReport,
} from '@readiness/plugin-readiness-common';
import type {
  EvaluationWrites,
  HistoryPoint,
  StoredEvaluationState,
} from '../database';

/** A report is a new point in history when its tier, score, stop-work or risk moved. */
export function changesHistory(
  previous: HistoryPoint | undefined,
  next: HistoryPoint,
): boolean {
  return (
    !previous ||
    previous.tier !== next.tier ||
    previous.score !== next.score ||
    previous.stopWork !== next.stopWork ||
    previous.risk !== next.risk
  );
}

/**
 * What saving `report` writes besides it, given what is stored: a history
 * point when it moved, the automatic stop-work order's transition, and the
 * checks that regressed.
 *
 * @internal
 */
export function decideEvaluationWrites(
  report: ReadinessReport,
  regressions: { found: readonly CheckRegression[]; windowMs: number } = {
    found: [],
    windowMs: 0,
  },
): (stored: StoredEvaluationState) => EvaluationWrites {
  const summary = summarizeReport(report);
  return stored => ({
    regressions: regressions.found,
    regressionWindowMs: regressions.windowMs,
    history: changesHistory(stored.previous, summary),
    stopWork: decideStopWorkTransition({
      open: stored.openAutomaticOrder,
      next: report.stopWork,
      now: report.evaluatedAt,
    }),
  });
}
