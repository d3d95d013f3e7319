import {
  readinessTiers,
  tierRank,
  tiersBestFirst,
  type EntitySummary,
  type ReadinessCounts,
  type ReadinessRollup,
  type Tier,
} from '../types';

/**
 * Counts of no components.
 *
 * @public
 */
export function emptyReadinessCounts(): ReadinessCounts {
  return {
    total: 0,
    tiers: { enterprise: 0, production: 0, mvs: 0, none: 0 },
    stopWork: 0,
    belowRequiredTier: 0,
    scoreSum: 0,
  };
}

/**
 * The sum of several counts (for example a group and its nested groups).
 *
 * @public
 */
export function addReadinessCounts(
  ...counts: readonly ReadinessCounts[]
): ReadinessCounts {
  const sum = emptyReadinessCounts();
  for (const c of counts) {
    sum.total += c.total;
    sum.stopWork += c.stopWork;
    sum.belowRequiredTier += c.belowRequiredTier;
    sum.scoreSum += c.scoreSum;
    for (const tier of tiersBestFirst) {
      sum.tiers[tier] += c.tiers[tier];
    }
  }
  return sum;
}

/**
 * Counts a list of summaries.
 *
 * @public
 */
export function countSummaries(
  summaries: readonly EntitySummary[],
): ReadinessCounts {
  const counts = emptyReadinessCounts();
  for (const s of summaries) {
    counts.total += 1;
    counts.tiers[s.tier ?? 'none'] += 1;
    counts.stopWork += s.stopWork ? 1 : 0;
    counts.belowRequiredTier += s.belowRequiredTier ? 1 : 0;
    counts.scoreSum += s.score;
  }
  return counts;
}

/**
 * The weakest tier among the counted components: null when any achieves no
 * tier (or there are none), since a group is only as ready as its weakest part.
 *
 * @public
 */
export function weakestTier(counts: ReadinessCounts): Tier | null {
  if (counts.total === 0 || counts.tiers.none > 0) {
    return null;
  }
  return readinessTiers.find(tier => counts.tiers[tier] > 0) ?? null;
}

/**
 * The roll-up of a Group, System or Domain from its components' counts: the
 * weakest tier, and stop-work when a blocker holds any component.
 *
 * @public
 */
export function rollUpCounts(
  entityRef: string,
  counts: ReadinessCounts,
): ReadinessRollup {
  return {
    entityRef,
    counts,
    tier: weakestTier(counts),
    stopWork: counts.stopWork > 0,
    belowRequiredTier: counts.belowRequiredTier > 0,
    averageScore:
      counts.total > 0 ? Math.round(counts.scoreSum / counts.total) : null,
  };
}

/**
 * Every group below `root` in a parent-to-children map, `root` included,
 * each once; cycles in the hierarchy are cut.
 *
 * @public
 */
export function descendantGroups(
  root: string,
  childrenOf: ReadonlyMap<string, readonly string[]>,
): string[] {
  const seen = new Set<string>([root]);
  const queue = [root];
  while (queue.length) {
    for (const child of childrenOf.get(queue.shift()!) ?? []) {
      if (!seen.has(child)) {
        seen.add(child);
        queue.push(child);
      }
    }
  }
  return [...seen];
}

/**
 * Roll-ups by owner through the group hierarchy: each group counts the
 * components it owns directly and those of every group nested below it (each
 * component once). Owners that are not groups in the hierarchy (users, or
 * groups the caller cannot see) keep their own counts.
 *
 * @public
 */
export function rollUpByOwner(
  direct: ReadonlyMap<string, ReadinessCounts>,
  childrenOf: ReadonlyMap<string, readonly string[]>,
): ReadinessRollup[] {
  const owners = new Set<string>(direct.keys());
  for (const [parent, children] of childrenOf) {
    owners.add(parent);
    children.forEach(child => owners.add(child));
  }
  const rollups: ReadinessRollup[] = [];
  for (const owner of owners) {
    const counts = addReadinessCounts(
      ...descendantGroups(owner, childrenOf).flatMap(group => {
        const c = direct.get(group);
        return c ? [c] : [];
      }),
    );
    if (counts.total > 0) {
      rollups.push(rollUpCounts(owner, counts));
    }
  }
  return sortRollups(rollups);
}

/**
 * Weakest first: under stop-work, then by weakest tier, then by average
 * score, then by entity ref.
 *
 * @public
 */
export function sortRollups(rollups: ReadinessRollup[]): ReadinessRollup[] {
  const rank = (r: ReadinessRollup) =>
    r.tier === null ? -1 : tierRank(r.tier);
  return rollups.sort(
    (a, b) =>
      Number(b.stopWork) - Number(a.stopWork) ||
      rank(a) - rank(b) ||
      (a.averageScore ?? 0) - (b.averageScore ?? 0) ||
      a.entityRef.localeCompare(b.entityRef),
  );
}
