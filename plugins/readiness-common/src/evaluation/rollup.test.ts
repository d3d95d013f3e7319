import type { EntitySummary, Tier } from '../types';
import {
  countSummaries,
  descendantGroups,
  rollUpByOwner,
  rollUpCounts,
  weakestTier,
} from './rollup';

function summary(
  name: string,
  tier: Tier | null,
  extra: Partial<EntitySummary> = {},
): EntitySummary {
  return {
    entityRef: `component:default/${name}`,
    tier,
    score: 50,
    stopWork: false,
    risk: 'none',
    counts: { pass: 0, fail: 0, unknown: 0, waived: 0 },
    evaluatedAt: '2026-11-24T00:00:00.000Z',
    stale: false,
    ...extra,
  };
}

describe('roll-ups', () => {
  it('counts summaries per tier, stop-work, required-tier gaps and score', () => {
    const counts = countSummaries([
      summary('a', 'enterprise', { score: 90 }),
      summary('b', 'mvs', { score: 40, belowRequiredTier: true }),
      summary('c', null, { score: 10, stopWork: true }),
    ]);
    expect(counts).toEqual({
      total: 3,
      tiers: { enterprise: 1, production: 0, mvs: 1, none: 1 },
      stopWork: 1,
      belowRequiredTier: 1,
      scoreSum: 140,
    });
  });

  it("takes a system's tier from its weakest component", () => {
    const healthy = countSummaries([
      summary('a', 'enterprise'),
      summary('b', 'production'),
    ]);
    expect(weakestTier(healthy)).toBe('production');
    const withNone = countSummaries([
      summary('a', 'enterprise'),
      summary('b', null),
    ]);
    expect(weakestTier(withNone)).toBeNull();
    expect(weakestTier(countSummaries([]))).toBeNull();
  });

  it('shows a blocker anywhere in the system on the system', () => {
    const rollup = rollUpCounts(
      'system:default/payments',
      countSummaries([
        summary('a', 'enterprise', { score: 100 }),
        summary('b', 'enterprise', { score: 81, stopWork: true }),
      ]),
    );
    expect(rollup).toMatchObject({
      entityRef: 'system:default/payments',
      tier: 'enterprise',
      stopWork: true,
      belowRequiredTier: false,
      averageScore: 91,
    });
    expect(rollUpCounts('system:default/empty', countSummaries([]))).toEqual(
      expect.objectContaining({ tier: null, averageScore: null }),
    );
  });

  it('walks nested groups once each, even through a cycle', () => {
    const childrenOf = new Map([
      ['group:default/org', ['group:default/platform', 'group:default/pay']],
      ['group:default/platform', ['group:default/orchestration']],
      ['group:default/orchestration', ['group:default/org']],
    ]);
    expect(
      descendantGroups('group:default/platform', childrenOf).sort(),
    ).toEqual([
      'group:default/orchestration',
      'group:default/org',
      'group:default/pay',
      'group:default/platform',
    ]);
  });

  it('rolls owners up through the group hierarchy, weakest first', () => {
    const childrenOf = new Map([
      ['group:default/platform', ['group:default/orchestration']],
      ['group:default/orchestration', []],
      ['group:default/empty', []],
    ]);
    const direct = new Map([
      [
        'group:default/platform',
        countSummaries([summary('inventory', 'production', { score: 80 })]),
      ],
      [
        'group:default/orchestration',
        countSummaries([summary('flow', null, { score: 20, stopWork: true })]),
      ],
      [
        'user:default/ada',
        countSummaries([summary('tool', 'mvs', { score: 60 })]),
      ],
    ]);
    const rollups = rollUpByOwner(direct, childrenOf);
    expect(
      rollups.map(r => [r.entityRef, r.counts.total, r.tier, r.stopWork]),
    ).toEqual([
      ['group:default/orchestration', 1, null, true],
      ['group:default/platform', 2, null, true],
      ['user:default/ada', 1, 'mvs', false],
    ]);
    expect(rollups[1].averageScore).toBe(50);
  });
});
