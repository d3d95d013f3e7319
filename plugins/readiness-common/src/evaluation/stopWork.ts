import type {
  CheckResult,
  ManualStopWork,
  StopWorkOrder,
  StopWorkProgress,
} from '../types';
import { countingChecks } from './counting';

/**
 * Inputs of {@link evaluateStopWork}.
 *
 * @public
 */
export interface EvaluateStopWorkOptions {
  checks: readonly CheckResult[];
  /** The order from the previous evaluation, so `since` and counts persist. */
  previous?: StopWorkOrder;
  /** An open order issued by a person, if any. */
  manual?: ManualStopWork;
  now: string;
}

// How each counter reads in progress labels: "<noun> <verb> 57/97".
const counterLabels: Record<string, { noun: string; verb: string }> = {
  compilationErrors: { noun: 'compilation errors', verb: 'resolved' },
  vulnerabilities: { noun: 'vulnerabilities', verb: 'patched' },
  unhealthyDependencies: { noun: 'unhealthy dependencies', verb: 'replaced' },
  failedTests: { noun: 'failing tests', verb: 'fixed' },
  pipelineIssues: { noun: 'deployment pipeline issues', verb: 'resolved' },
  todoMarkers: { noun: 'TODO/FIXME markers', verb: 'resolved' },
};

/**
 * The inactive order: what a lifted order turns into.
 *
 * @public
 */
export const inactiveStopWorkOrder: StopWorkOrder = {
  active: false,
  automatic: false,
  blockers: [],
  unverifiedBlockers: [],
  countsAtStart: {},
  progress: [],
};

function blockerCounters(
  checks: readonly CheckResult[],
): Record<string, number> {
  const counters: Record<string, number> = {};
  for (const check of checks) {
    if (check.severity !== 'blocker' || !check.counters) {
      continue;
    }
    for (const [counter, value] of Object.entries(check.counters)) {
      counters[counter] = (counters[counter] ?? 0) + value;
    }
  }
  return counters;
}

/**
 * Progress label, e.g. "compilation errors resolved 57/97".
 *
 * @public
 */
export function formatStopWorkProgress(
  counter: string,
  resolved: number,
  total: number,
): string {
  const label = counterLabels[counter] ?? { noun: counter, verb: 'resolved' };
  return `${label.noun} ${label.verb} ${resolved}/${total}`;
}

/**
 * Decides the stop-work order. It is active while an enabled blocker check
 * fails (unknown and waived do not raise it) or a manual order is open.
 *
 * A running order also stays active while one of its blockers has become
 * unknown: a collector outage must never lift it (it would turn red into green).
 *
 * Counters are taken when the order starts and kept while it runs (counters
 * first seen later, or first positive later, are taken then), so progress
 * reads "57/97 resolved".
 *
 * @public
 */
export function evaluateStopWork(
  options: EvaluateStopWorkOptions,
): StopWorkOrder {
  const { manual, now } = options;
  const checks = countingChecks(options.checks);
  const previous = options.previous?.active ? options.previous : undefined;

  const blockers = checks
    .filter(c => c.severity === 'blocker' && c.status === 'fail')
    .map(c => c.id);
  const unverifiedBlockers = previous
    ? checks
        .filter(
          c =>
            c.severity === 'blocker' &&
            c.status === 'unknown' &&
            [...previous.blockers, ...previous.unverifiedBlockers].includes(
              c.id,
            ),
        )
        .map(c => c.id)
    : [];

  const automatic = blockers.length > 0 || unverifiedBlockers.length > 0;
  if (!automatic && !manual) {
    return inactiveStopWorkOrder;
  }

  const current = blockerCounters(checks);
  const since =
    previous?.since ??
    (manual && Date.parse(manual.issuedAt) < Date.parse(now)
      ? manual.issuedAt
      : now);
  // A counter that read 0 when the order started (a failed build whose
  // errors were not counted yet) starts at its first positive reading, so
  // "compilation errors resolved 0/97" shows from the first real log on.
  const countsAtStart: Record<string, number> = { ...current };
  for (const [counter, total] of Object.entries(
    previous?.countsAtStart ?? {},
  )) {
    if (total > 0 || !((current[counter] ?? 0) > 0)) {
      countsAtStart[counter] = total;
    }
  }

  const progress: StopWorkProgress[] = [];
  for (const [counter, total] of Object.entries(countsAtStart)) {
    // Nothing to show when there was nothing to fix, or no current value.
    if (total <= 0 || current[counter] === undefined) {
      continue;
    }
    const resolved = Math.min(total, Math.max(0, total - current[counter]));
    progress.push({
      counter,
      label: formatStopWorkProgress(counter, resolved, total),
      resolved,
      total,
    });
  }

  return {
    active: true,
    automatic,
    ...(manual ? { manual } : {}),
    blockers,
    unverifiedBlockers,
    since,
    countsAtStart,
    progress,
  };
}
