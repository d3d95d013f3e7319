import type { Tier } from '@readiness/plugin-readiness-common';
import { InvalidCursorError } from './summaryStore';
import {
  entity,
  later,
  onEveryDatabase,
  report,
  save,
  T0,
} from '../__testUtils__/storeFixtures';

jest.setTimeout(60_000);

describe('summaryStore', () => {
  onEveryDatabase((databaseId, createStore) => {
    it('filters, searches, sorts and pages summaries with a stable cursor', async () => {
      const store = await createStore(databaseId);
      const fixtures: Array<[string, Tier | null, number, boolean, string]> = [
        ['alpha', 'enterprise', 95, false, 'group:default/a'],
        ['bravo', 'production', 80, false, 'group:default/a'],
        ['charlie', null, 12, true, 'group:default/b'],
        ['delta', 'mvs', 60, false, 'group:default/b'],
        ['echo_100%', null, 30, false, 'group:default/b'],
      ];
      for (const [name, tier, score, stopWork, owner] of fixtures) {
        const e = entity(name, { owner, system: 'system:default/s' });
        await save(store, {
          entity: e,
          report: report(e.entityRef, { tier, score, stopWork }),
          now: T0,
        });
      }

      const byTier = await store.listSummaries({ tier: ['none'], limit: 10 });
      expect(byTier.items.map(i => i.name)).toEqual(['charlie', 'echo_100%']);
      expect(byTier.totalCount).toBe(2);

      const stopped = await store.listSummaries({ stopWork: true, limit: 10 });
      expect(stopped.items).toEqual([
        expect.objectContaining({
          entityRef: 'component:default/charlie',
          stopWork: true,
          risk: 'critical',
          counts: { pass: 0, fail: 1, unknown: 0, waived: 0 },
        }),
      ]);

      const owned = await store.listSummaries({
        owner: ['group:default/a'],
        tier: ['production', 'enterprise'],
        limit: 10,
      });
      expect(owned.items.map(i => i.name)).toEqual(['alpha', 'bravo']);

      expect(
        (
          await store.listSummaries({
            kind: ['COMPONENT'],
            namespace: ['default'],
            limit: 10,
          })
        ).totalCount,
      ).toBe(5);
      expect(
        (await store.listSummaries({ kind: ['system'], limit: 10 })).totalCount,
      ).toBe(0);
      expect(
        (await store.listSummaries({ namespace: ['other'], limit: 10 }))
          .totalCount,
      ).toBe(0);

      // LIKE wildcards in the search text are matched literally.
      const searched = await store.listSummaries({ q: 'O_1', limit: 10 });
      expect(searched.items.map(i => i.name)).toEqual(['echo_100%']);
      expect(
        (await store.listSummaries({ q: '%', limit: 10 })).items.map(
          i => i.name,
        ),
      ).toEqual(['echo_100%']);

      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listSummaries({
          sort: 'score',
          order: 'desc',
          limit: 2,
          cursor,
        });
        expect(page.totalCount).toBe(5);
        seen.push(...page.items.map(i => i.name));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['alpha', 'bravo', 'delta', 'echo_100%', 'charlie']);

      const byTierRank = await store.listSummaries({
        sort: 'tier',
        order: 'desc',
        limit: 2,
      });
      expect(byTierRank.items.map(i => i.tier)).toEqual([
        'enterprise',
        'production',
      ]);

      await expect(
        store.listSummaries({
          sort: 'name',
          limit: 2,
          cursor: byTierRank.nextCursor,
        }),
      ).rejects.toThrow(InvalidCursorError);
      await expect(
        store.listSummaries({ limit: 2, cursor: 'not-a-cursor' }),
      ).rejects.toThrow(InvalidCursorError);
    });

    it('counts summaries per tier, owner and system, and keeps daily distribution snapshots', async () => {
      const store = await createStore(databaseId);
      const fixtures: Array<
        [string, Tier | null, number, boolean, string, string, Tier?]
      > = [
        ['flow', null, 20, true, 'group:default/orch', 'system:default/agents'],
        [
          'portal',
          'mvs',
          40,
          false,
          'group:default/platform',
          'system:default/agents',
        ],
        [
          'inventory',
          'production',
          80,
          false,
          'group:default/platform',
          'system:default/inventory',
          'production',
        ],
        [
          'ledger',
          'mvs',
          60,
          false,
          'group:default/pay',
          'system:default/payments',
          'production',
        ],
        [
          'payments',
          'enterprise',
          100,
          false,
          'group:default/pay',
          'system:default/payments',
          'production',
        ],
      ];
      for (const [
        name,
        tier,
        score,
        stopWork,
        owner,
        system,
        requiredTier,
      ] of fixtures) {
        const e = entity(name, { owner, system, lifecycle: 'production' });
        const r = report(e.entityRef, { tier, score, stopWork });
        await save(store, {
          entity: e,
          report: requiredTier
            ? {
                ...r,
                requiredTier,
                meetsRequiredTier:
                  tier === 'production' || tier === 'enterprise',
              }
            : r,
          now: T0,
        });
      }

      expect(await store.countSummaries()).toEqual({
        total: 5,
        tiers: { enterprise: 1, production: 1, mvs: 2, none: 1 },
        stopWork: 1,
        belowRequiredTier: 1,
        scoreSum: 300,
      });
      expect(
        (await store.countSummaries({ owner: ['group:default/pay'] })).tiers,
      ).toEqual({ enterprise: 1, production: 0, mvs: 1, none: 0 });

      const bySystem = await store.countSummariesBy('system');
      expect([...bySystem.keys()].sort()).toEqual([
        'system:default/agents',
        'system:default/inventory',
        'system:default/payments',
      ]);
      expect(bySystem.get('system:default/agents')).toMatchObject({
        total: 2,
        stopWork: 1,
        tiers: { none: 1, mvs: 1, production: 0, enterprise: 0 },
        scoreSum: 60,
      });
      expect(bySystem.get('system:default/payments')).toMatchObject({
        total: 2,
        belowRequiredTier: 1,
      });
      const byOwner = await store.countSummariesBy('owner', {
        stopWork: false,
      });
      expect(byOwner.has('group:default/orch')).toBe(false);
      expect(byOwner.get('group:default/platform')?.total).toBe(2);

      const below = await store.listSummaries({
        belowRequiredTier: true,
        limit: 10,
      });
      expect(below.items).toEqual([
        expect.objectContaining({
          name: 'ledger',
          requiredTier: 'production',
          belowRequiredTier: true,
        }),
      ]);

      expect(await store.listFacets()).toEqual({
        owners: [
          'group:default/orch',
          'group:default/pay',
          'group:default/platform',
        ],
        systems: [
          'system:default/agents',
          'system:default/inventory',
          'system:default/payments',
        ],
        lifecycles: ['production'],
      });

      // One snapshot per UTC day: the later write of a day replaces the earlier.
      await store.recordDistributionSnapshot({ now: T0 });
      const e = entity('flow', {
        owner: 'group:default/orch',
        system: 'system:default/agents',
      });
      await save(store, {
        entity: e,
        report: report(e.entityRef, { tier: 'mvs', score: 45 }),
        now: later(1),
      });
      await store.recordDistributionSnapshot({ now: later(1) });
      await store.recordDistributionSnapshot({ now: later(24) });
      const snapshots = await store.listDistributionSnapshots('2026-11-24');
      expect(
        snapshots.map(s => [s.day, s.counts.tiers.none, s.counts.stopWork]),
      ).toEqual([
        ['2026-11-24', 0, 0],
        ['2026-11-25', 0, 0],
      ]);
      expect(await store.listDistributionSnapshots('2026-11-25')).toHaveLength(
        1,
      );
      await store.deleteExpired({
        notSeenSince: new Date(0),
        historyBefore: later(24),
      });
      expect(
        (await store.listDistributionSnapshots('2026-01-01')).map(s => s.day),
      ).toEqual(['2026-11-25']);
    });
  });
});
