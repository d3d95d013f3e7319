import type { DistributionSnapshot, Tier } from '../types';
import { meetsTier } from './evaluateTiers';
import { emptyReadinessCounts } from './rollup';

/**
 * One entity's point of history, as {@link replayDistribution} reads it.
 *
 * @public
 */
export interface ReplayPoint {
  entityRef: string;
  tier: Tier | null;
  score: number;
  stopWork: boolean;
  recordedAt: string;
  requiredTier: Tier | null;
}

/**
 * The distribution at the end of each UTC day of the last `days` days,
 * replayed from entities' history points (oldest first; each entity's last
 * point before the window included). An entity counts from its first point
 * on, in the state of its latest point up to that day.
 *
 * @public
 */
export function replayDistribution(
  points: readonly ReplayPoint[],
  options: { days: number; now: string },
): DistributionSnapshot[] {
  const nowMs = Date.parse(options.now);
  const dayMs = 86_400_000;
  const today = Math.floor(nowMs / dayMs);
  const state = new Map<string, ReplayPoint>();
  const snapshots: DistributionSnapshot[] = [];
  let next = 0;
  for (let day = today - options.days + 1; day <= today; day++) {
    const endMs = Math.min((day + 1) * dayMs, nowMs + 1);
    while (
      next < points.length &&
      Date.parse(points[next].recordedAt) < endMs
    ) {
      state.set(points[next].entityRef, points[next]);
      next += 1;
    }
    if (state.size === 0) {
      continue;
    }
    const counts = emptyReadinessCounts();
    for (const point of state.values()) {
      counts.total += 1;
      counts.tiers[point.tier ?? 'none'] += 1;
      counts.stopWork += point.stopWork ? 1 : 0;
      counts.scoreSum += point.score;
      if (point.requiredTier && !meetsTier(point.tier, point.requiredTier)) {
        counts.belowRequiredTier += 1;
      }
    }
    snapshots.push({
      day: new Date(day * dayMs).toISOString().slice(0, 10),
      counts,
    });
  }
  return snapshots;
}
