/**
 * A DORA performance level, best first.
 *
 * @public
 */
export type DoraClass = 'elite' | 'high' | 'medium' | 'low';

/**
 * The DORA metrics, in the order the card shows them.
 *
 * @public
 */
export type DeliveryMetricId =
  | 'deploymentFrequency'
  | 'leadTimeForChanges'
  | 'changeFailureRate'
  | 'timeToRestore';

/**
 * One DORA metric over the window: measured with its class, or unknown
 * (never classed) when the window holds too few events.
 *
 * @public
 */
export type DeliveryMetric =
  | {
      status: 'measured';
      /** Deployments per day, hours (median) or percent, see `unit`. */
      value: number;
      unit: 'per-day' | 'hours' | 'percent';
      doraClass: DoraClass;
      /** How many events the figure was computed from. */
      samples: number;
    }
  | {
      status: 'unknown';
      /** Why, for example "deployments: 2 in 30 days; at least 3 needed". */
      reason: string;
      samples: number;
    };

/**
 * The four DORA metrics of one entity over a window ending at the evaluation.
 *
 * @public
 */
export interface DeliveryMetrics {
  windowDays: number;
  /** ISO start of the window (exclusive). */
  from: string;
  /** ISO end of the window: the evaluation time. */
  to: string;
  deploymentFrequency: DeliveryMetric;
  leadTimeForChanges: DeliveryMetric;
  changeFailureRate: DeliveryMetric;
  timeToRestore: DeliveryMetric;
}
