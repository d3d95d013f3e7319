import type { CheckId, StopWorkOrder, StopWorkProgress } from '../types';

/**
 * The open automatic stop-work order as recorded: when it began, and its
 * blockers and counters then.
 *
 * @public
 */
export interface RecordedStopWorkOrder {
  /** ISO timestamp when the order began. */
  beganAt: string;
  /** The blockers failing when it began. */
  blockers: CheckId[];
  /** Counter values when it began, the base of its progress. */
  countsAtStart: Record<string, number>;
}

/**
 * What a new evaluation does to the automatic stop-work order, and why.
 * `open` carries what to record; `keep` the counters and progress the order
 * now shows; `lift` and `none` only the reason.
 *
 * @public
 */
export type StopWorkTransition =
  | {
      action: 'open';
      reason: string;
      beganAt: string;
      blockers: CheckId[];
      countsAtStart: Record<string, number>;
    }
  | {
      action: 'keep';
      reason: string;
      countsAtStart: Record<string, number>;
      progress: StopWorkProgress[];
    }
  | { action: 'lift'; reason: string }
  | { action: 'none'; reason: string };

function describeBlockers(next: StopWorkOrder): string {
  const parts = [];
  if (next.blockers.length > 0) {
    parts.push(`blockers fail: ${next.blockers.join(', ')}`);
  }
  if (next.unverifiedBlockers.length > 0) {
    // An outage never lifts an order: its blockers are unverified, not fixed.
    parts.push(`blockers unverified: ${next.unverifiedBlockers.join(', ')}`);
  }
  return parts.join('; ');
}

/**
 * Decides the automatic stop-work order's transition, given the order open
 * now (if any) and the order a new evaluation computed (see
 * {@link evaluateStopWork}). Manual orders are issued and lifted by people
 * and play no part here. Pure: recording and notifying are the caller's.
 *
 * @public
 */
export function decideStopWorkTransition(options: {
  open?: RecordedStopWorkOrder;
  next: StopWorkOrder;
  /** ISO timestamp of the evaluation: the start of an order without `since`. */
  now: string;
}): StopWorkTransition {
  const { open, next, now } = options;
  if (next.automatic) {
    if (open) {
      return {
        action: 'keep',
        reason: describeBlockers(next),
        countsAtStart: next.countsAtStart,
        progress: next.progress,
      };
    }
    return {
      action: 'open',
      reason: describeBlockers(next),
      // An order carried over from the previous report keeps its start.
      beganAt: next.since ?? now,
      blockers: next.blockers,
      countsAtStart: next.countsAtStart,
    };
  }
  return open
    ? { action: 'lift', reason: 'no blocker fails or is unverified' }
    : { action: 'none', reason: 'no blocker fails' };
}
