import type {
  DeliveryMetric,
  DeliveryMetrics,
  DeploymentEvent,
  DoraClass,
  IncidentEvent,
} from '../types';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/**
 * Bounds of the DORA classes, from the performance levels of the 2023
 * Accelerate State of DevOps report (DORA). The report describes each level
 * by a range ("between once per day and once per week"); a figure on a
 * boundary takes the better class. Change failure rates are the levels'
 * values (5, 10, 15 and 64%); a rate above 15% is low.
 */
const doraBounds = {
  /** Deployments per day at least: on demand (daily or more), weekly, monthly. */
  deploymentFrequency: { elite: 1, high: 1 / 7, medium: 1 / 30 },
  /** Hours at most: under a day, a week, a month. */
  leadTimeForChanges: { elite: 24, high: 7 * 24, medium: 30 * 24 },
  /** Percent at most. */
  changeFailureRate: { elite: 5, high: 10, medium: 15 },
  /** Hours at most: an hour, a day, a week. */
  timeToRestore: { elite: 1, high: 24, medium: 7 * 24 },
};

function classAtLeast(
  value: number,
  bounds: { elite: number; high: number; medium: number },
): DoraClass {
  if (value >= bounds.elite) return 'elite';
  if (value >= bounds.high) return 'high';
  if (value >= bounds.medium) return 'medium';
  return 'low';
}

function classAtMost(
  value: number,
  bounds: { elite: number; high: number; medium: number },
): DoraClass {
  if (value <= bounds.elite) return 'elite';
  if (value <= bounds.high) return 'high';
  if (value <= bounds.medium) return 'medium';
  return 'low';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Two decimals: the card shows figures, not float noise. */
const rounded = (value: number) => Math.round(value * 100) / 100;

/**
 * Options of {@link computeDeliveryMetrics}.
 *
 * @public
 */
export interface DeliveryMetricsOptions {
  deployments: readonly DeploymentEvent[];
  incidents: readonly IncidentEvent[];
  /** ISO end of the window; the engine never reads the clock. */
  now: string;
  /** Length of the window ending at `now`; default 30. */
  windowDays?: number;
  /** Fewest deployments in the window for the three deployment metrics; default 3. */
  minDeployments?: number;
  /** Fewest restored incidents in the window for time to restore; default 1. */
  minIncidents?: number;
}

/**
 * DORA's four metrics over the deployments and incidents of a window, each
 * with its DORA class. Events outside the window, or after `now`, do not
 * count. A metric with too few events is unknown and has no class.
 *
 * @public
 */
export function computeDeliveryMetrics(
  options: DeliveryMetricsOptions,
): DeliveryMetrics {
  const windowDays = options.windowDays ?? 30;
  const minDeployments = options.minDeployments ?? 3;
  const minIncidents = options.minIncidents ?? 1;
  const toMs = Date.parse(options.now);
  const fromMs = toMs - windowDays * dayMs;
  const inWindow = (at: string) => {
    const ms = Date.parse(at);
    return ms > fromMs && ms <= toMs;
  };

  const deployments = options.deployments.filter(d => inWindow(d.deployedAt));
  const succeeded = deployments.filter(d => d.succeeded);
  const causedIncidents = new Set(
    options.incidents.flatMap(i => (i.deploymentId ? [i.deploymentId] : [])),
  );
  const failed = deployments.filter(
    d =>
      !d.succeeded ||
      d.changeFailure === true ||
      (d.id !== undefined && causedIncidents.has(d.id)),
  );
  const leadTimesHours = succeeded.flatMap(d => {
    if (!d.committedAt) return [];
    const hours =
      (Date.parse(d.deployedAt) - Date.parse(d.committedAt)) / hourMs;
    return hours >= 0 ? [hours] : [];
  });
  const restoreHours = options.incidents.flatMap(i => {
    if (!inWindow(i.startedAt) || !i.resolvedAt || !inWindow(i.resolvedAt)) {
      return [];
    }
    const hours = (Date.parse(i.resolvedAt) - Date.parse(i.startedAt)) / hourMs;
    return hours >= 0 ? [hours] : [];
  });

  const tooFew = (samples: number, least: number, what: string) =>
    samples < least
      ? ({
          status: 'unknown',
          reason: `${what}: ${samples} in ${windowDays} days; at least ${least} needed`,
          samples,
        } satisfies DeliveryMetric)
      : undefined;

  const perDay = succeeded.length / windowDays;
  const leadTime = leadTimesHours.length ? median(leadTimesHours) : 0;
  const failureRate = deployments.length
    ? (failed.length / deployments.length) * 100
    : 0;
  const restore = restoreHours.length ? median(restoreHours) : 0;

  return {
    windowDays,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    deploymentFrequency: tooFew(
      succeeded.length,
      minDeployments,
      'successful deployments',
    ) ?? {
      status: 'measured',
      value: rounded(perDay),
      unit: 'per-day',
      doraClass: classAtLeast(perDay, doraBounds.deploymentFrequency),
      samples: succeeded.length,
    },
    leadTimeForChanges: tooFew(
      leadTimesHours.length,
      minDeployments,
      'deployments with a commit time',
    ) ?? {
      status: 'measured',
      value: rounded(leadTime),
      unit: 'hours',
      doraClass: classAtMost(leadTime, doraBounds.leadTimeForChanges),
      samples: leadTimesHours.length,
    },
    changeFailureRate: tooFew(
      deployments.length,
      minDeployments,
      'deployments',
    ) ?? {
      status: 'measured',
      value: rounded(failureRate),
      unit: 'percent',
      doraClass: classAtMost(failureRate, doraBounds.changeFailureRate),
      samples: deployments.length,
    },
    timeToRestore: tooFew(
      restoreHours.length,
      minIncidents,
      'restored incidents',
    ) ?? {
      status: 'measured',
      value: rounded(restore),
      unit: 'hours',
      doraClass: classAtMost(restore, doraBounds.timeToRestore),
      samples: restoreHours.length,
    },
  };
}
