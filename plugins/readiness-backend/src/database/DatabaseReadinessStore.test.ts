import { mockServices } from '@backstage/backend-test-utils';
import type { ReadinessReport, Tier } from '@readiness/plugin-readiness-common';
import type { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  DatabaseReadinessStore,
  InvalidCursorError,
} from './DatabaseReadinessStore';
import { decideEvaluationWrites } from '../service/evaluationWrites';
import type { EntityMetadata, ReadinessStore } from './ReadinessStore';

jest.setTimeout(60_000);

const T0 = new Date('2026-11-24T10:00:00.000Z');
const later = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);

function entity(name: string, extra: Partial<EntityMetadata> = {}) {
  return {
    entityRef: `component:default/${name}`,
    kind: 'Component',
    namespace: 'default',
    name,
    ...extra,
  };
}

function report(
  entityRef: string,
  options: {
    tier?: Tier | null;
    score?: number;
    stopWork?: boolean;
    evaluatedAt?: Date;
    compilationErrors?: number;
  } = {},
): ReadinessReport {
  const stopWork = options.stopWork ?? false;
  const evaluatedAt = (options.evaluatedAt ?? T0).toISOString();
  return {
    entityRef,
    evaluatedAt,
    tier: options.tier ?? null,
    tiers: [],
    checks: [
      {
        id: 'build.clean',
        tier: 'mvs',
        dimension: 'build',
        severity: 'blocker',
        title: 'Clean build',
        status: stopWork ? 'fail' : 'pass',
        summary: stopWork ? 'build failed' : 'build passed',
        details: [],
        evidenceLinks: [],
        actions: [],
        credit: stopWork ? 0 : 1,
      },
    ],
    score: { overall: options.score ?? 50, dimensions: {} },
    stopWork: {
      active: stopWork,
      automatic: stopWork,
      blockers: stopWork ? ['build.clean'] : [],
      unverifiedBlockers: [],
      ...(stopWork ? { since: evaluatedAt } : {}),
      countsAtStart: stopWork
        ? { compilationErrors: options.compilationErrors ?? 97 }
        : {},
      progress: [],
    },
    risk: { level: stopWork ? 'critical' : 'none', contributors: [] },
    remediation: { phases: [] },
    stale: false,
  };
}

/** Saves as the service does: history on change, the automatic order's transition. */
function save(
  store: ReadinessStore,
  options: Omit<Parameters<ReadinessStore['saveEvaluation']>[0], 'decide'>,
) {
  return store.saveEvaluation({
    ...options,
    decide: decideEvaluationWrites(options.report),
  });
}

describe('DatabaseReadinessStore', () => {
  const databases = createTestDatabases();
  let knex: Knex | undefined;

  afterEach(async () => {
    await knex?.destroy();
    knex = undefined;
  });

  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    knex = await databases.init(databaseId);
    const database = mockServices.database({
      knex,
      migrations: { skip: false },
    });
    return DatabaseReadinessStore.create({ database });
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('keeps the latest evidence per source and key, and keeps failed evidence marked stale', async () => {
      const store = await createStore(databaseId);
      const ref = 'component:default/claude-flow';
      await store.upsertEvidence(
        ref,
        [
          {
            source: 'repository',
            key: 'todo-markers',
            value: { count: 75 },
            observedAt: T0.toISOString(),
            staleAfter: later(48).toISOString(),
          },
          {
            source: 'push',
            key: 'build',
            value: { succeeded: false, compilationErrors: 97 },
            observedAt: T0.toISOString(),
            staleAfter: later(48).toISOString(),
            link: 'https://ci.example.com/runs/1',
          },
        ],
        { now: T0 },
      );
      await store.upsertEvidence(
        ref,
        [
          {
            source: 'repository',
            key: 'todo-markers',
            value: { count: 40 },
            observedAt: later(1).toISOString(),
            staleAfter: later(49).toISOString(),
          },
        ],
        { now: later(1) },
      );

      await store.markEvidenceStale(
        ref,
        'repository',
        ['todo-markers'],
        'could not read the repository: 503',
        { now: later(2) },
      );

      const evidence = await store.listEvidence(ref);
      expect(evidence).toEqual([
        {
          source: 'push',
          key: 'build',
          value: { succeeded: false, compilationErrors: 97 },
          observedAt: T0.toISOString(),
          staleAfter: later(48).toISOString(),
          link: 'https://ci.example.com/runs/1',
        },
        {
          source: 'repository',
          key: 'todo-markers',
          value: { count: 40 },
          observedAt: later(1).toISOString(),
          staleAfter: later(2).toISOString(),
          staleReason: 'could not read the repository: 503',
        },
      ]);
      expect(await store.listEvidence('component:default/other')).toEqual([]);
    });

    it('applies a pushed CI run once: sent again, even after a newer run, or observed earlier, it changes nothing', async () => {
      const store = await createStore(databaseId);
      const ref = 'component:default/claude-flow';
      const build = (runId: string, errors: number, observedAt: Date) => ({
        source: 'push',
        key: 'build' as const,
        value: { succeeded: errors === 0, compilationErrors: errors },
        observedAt: observedAt.toISOString(),
        staleAfter: later(240).toISOString(),
        runId,
      });
      const push = (item: ReturnType<typeof build>, now: Date) =>
        store.upsertEvidence(ref, [item], { now, actor: 'user:default/ci' });
      const stored = async () =>
        (await store.listEvidence(ref)).map(e => [e.runId, e.value]);

      expect(await push(build('run-1', 97, T0), T0)).toBe(1);
      expect(await push(build('run-2', 0, later(1)), later(1))).toBe(1);
      // run-1 again, as CI retries it: its observation is stamped anew
      expect(await push(build('run-1', 97, later(2)), later(2))).toBe(0);
      // a run never seen, but observed before the stored one
      expect(await push(build('run-0', 12, later(0.5)), later(3))).toBe(0);
      expect(await stored()).toEqual([
        ['run-2', { succeeded: true, compilationErrors: 0 }],
      ]);
      // only the applied pushes are in the audit log
      const pushes = (await store.listAuditLog(ref)).filter(
        entry => entry.action === 'evidence.push',
      );
      expect(pushes).toHaveLength(2);

      // after the retention a run id is forgotten; newer observations apply
      expect(
        await push(build('run-1', 3, later(24 * 91)), later(24 * 91)),
      ).toBe(1);
      expect(await stored()).toEqual([
        ['run-1', { succeeded: false, compilationErrors: 3 }],
      ]);
    });

    it('keeps one open order and the newest report when evaluations of one entity race', async () => {
      const store = await createStore(databaseId);
      const flow = entity('claude-flow');
      // On PostgreSQL these transactions run on separate pooled connections,
      // as two backend instances would.
      const minutes = [3, 1, 4, 1, 5, 9, 2, 6];
      const transitions = await Promise.all(
        minutes.map(m =>
          save(store, {
            entity: flow,
            report: report(flow.entityRef, {
              stopWork: true,
              score: m,
              evaluatedAt: new Date(T0.getTime() + m * 60_000),
            }),
            now: T0,
          }),
        ),
      );
      expect(transitions.filter(t => t.began)).toHaveLength(1);
      expect(await store.getOpenStopWorkOrders(flow.entityRef)).toHaveLength(1);
      expect(
        (await store.listStopWorkOrders(flow.entityRef)).map(o => o.origin),
      ).toEqual(['automatic']);
      // whatever order they finished in, the latest evaluation is kept
      expect((await store.getReport(flow.entityRef))?.score.overall).toBe(9);

      // and one that finishes late, with an older view, changes nothing
      const late = await save(store, {
        entity: flow,
        report: report(flow.entityRef, { stopWork: false, evaluatedAt: T0 }),
        now: T0,
      });
      expect(late).toEqual({});
      expect((await store.getReport(flow.entityRef))?.stopWork.active).toBe(
        true,
      );
    });

    it('writes history only on change and opens and lifts the automatic stop-work order once', async () => {
      const store = await createStore(databaseId);
      const e = entity('claude-flow', { owner: 'group:default/team' });

      const first = await save(store, {
        entity: e,
        report: report(e.entityRef, { stopWork: true, score: 12 }),
        now: T0,
      });
      expect(first.began).toMatchObject({
        entityRef: e.entityRef,
        origin: 'automatic',
        beganAt: T0.toISOString(),
        blockers: ['build.clean'],
        countsAtStart: { compilationErrors: 97 },
      });
      expect(first.lifted).toBeUndefined();

      const again = await save(store, {
        entity: e,
        report: report(e.entityRef, {
          stopWork: true,
          score: 12,
          evaluatedAt: later(1),
        }),
        now: later(1),
      });
      expect(again).toEqual({});

      const lifted = await save(store, {
        entity: e,
        report: report(e.entityRef, {
          tier: 'mvs',
          score: 70,
          evaluatedAt: later(2),
        }),
        now: later(2),
      });
      expect(lifted.lifted).toMatchObject({
        id: first.began!.id,
        liftedAt: later(2).toISOString(),
      });
      expect(await store.getOpenStopWorkOrders(e.entityRef)).toEqual([]);

      expect(await store.getHistory(e.entityRef)).toEqual([
        {
          entityRef: e.entityRef,
          tier: null,
          score: 12,
          stopWork: true,
          risk: 'critical',
          recordedAt: T0.toISOString(),
        },
        {
          entityRef: e.entityRef,
          tier: 'mvs',
          score: 70,
          stopWork: false,
          risk: 'none',
          recordedAt: later(2).toISOString(),
        },
      ]);
      expect((await store.getReport(e.entityRef))?.tier).toBe('mvs');
      expect(
        await store.getReport('component:default/unknown'),
      ).toBeUndefined();
    });

    it('claims each stop-work notification exactly once', async () => {
      const store = await createStore(databaseId);
      const e = entity('claude-flow');
      const { began } = await save(store, {
        entity: e,
        report: report(e.entityRef, { stopWork: true }),
        now: T0,
      });
      expect(
        await store.markStopWorkNotified(began!.id, 'began', { now: T0 }),
      ).toBe(true);
      expect(
        await store.markStopWorkNotified(began!.id, 'began', { now: T0 }),
      ).toBe(false);
      expect(
        await store.markStopWorkNotified(began!.id, 'lifted', { now: T0 }),
      ).toBe(true);
    });

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

    it('records attestations, waivers and manual orders with an audit trail', async () => {
      const store = await createStore(databaseId);
      const ref = 'component:default/claude-flow';
      await store.addAttestation(
        ref,
        {
          id: 'att-1',
          kind: 'compliance',
          summary: 'SOC 2 controls reviewed',
          evidenceLink: 'https://example.com/soc2',
          attestedBy: 'user:default/alice',
          attestedAt: T0.toISOString(),
          expiresAt: later(24 * 365).toISOString(),
        },
        { now: T0 },
      );
      await store.addWaiver(
        ref,
        {
          id: 'w-1',
          checkId: 'quality.coverage',
          reason: 'legacy module, replaced in Q1',
          owner: 'group:default/team',
          createdBy: 'user:default/bob',
          createdAt: T0.toISOString(),
          expiresAt: later(24 * 30).toISOString(),
        },
        { now: T0 },
      );
      expect(await store.listAttestations(ref)).toHaveLength(1);
      expect(await store.listWaivers(ref)).toEqual([
        expect.objectContaining({ id: 'w-1', checkId: 'quality.coverage' }),
      ]);

      const order = await store.issueManualStopWork({
        entityRef: ref,
        issuedBy: 'user:default/carol',
        reason: 'incident review pending',
        blockers: [],
        countsAtStart: {},
        now: later(1),
      });
      // Issuing twice returns the open order instead of stacking a second one.
      const same = await store.issueManualStopWork({
        entityRef: ref,
        issuedBy: 'user:default/dave',
        reason: 'again',
        blockers: [],
        countsAtStart: {},
        now: later(2),
      });
      expect(same.id).toBe(order.id);
      expect(same.issuedBy).toBe('user:default/carol');

      const lifted = await store.liftManualStopWork({
        entityRef: ref,
        liftedBy: 'user:default/carol',
        reason: 'review done',
        now: later(3),
      });
      expect(lifted).toMatchObject({ id: order.id, liftReason: 'review done' });
      expect(
        await store.liftManualStopWork({
          entityRef: ref,
          liftedBy: 'user:default/carol',
          reason: 'nothing open',
          now: later(4),
        }),
      ).toBeUndefined();

      expect(
        await store.revokeWaiver({
          entityRef: ref,
          id: 'w-1',
          revokedBy: 'user:default/bob',
          now: later(5),
        }),
      ).toBe(true);
      expect(
        await store.revokeWaiver({
          entityRef: ref,
          id: 'w-1',
          revokedBy: 'user:default/bob',
          now: later(6),
        }),
      ).toBe(false);
      expect(
        await store.revokeAttestation({
          entityRef: 'component:default/other',
          id: 'att-1',
          revokedBy: 'user:default/x',
          now: later(6),
        }),
      ).toBe(false);
      expect(await store.listWaivers(ref)).toEqual([]);

      await store.upsertEvidence(
        ref,
        [
          {
            source: 'push',
            key: 'coverage',
            value: { linePercent: 81 },
            observedAt: later(7).toISOString(),
            staleAfter: later(100).toISOString(),
          },
        ],
        { now: later(7), actor: 'user:default/ci-bot' },
      );

      expect(
        (await store.listAuditLog(ref)).map(e => [e.actor, e.action]),
      ).toEqual([
        ['user:default/alice', 'attestation.create'],
        ['user:default/bob', 'waiver.create'],
        ['user:default/carol', 'stop-work.issue'],
        ['user:default/carol', 'stop-work.lift'],
        ['user:default/bob', 'waiver.revoke'],
        ['user:default/ci-bot', 'evidence.push'],
      ]);
    });

    it('removes everything about entities gone from the catalog after the grace period', async () => {
      const store = await createStore(databaseId);
      const kept = entity('kept');
      const gone = entity('gone');
      for (const e of [kept, gone]) {
        await save(store, {
          entity: e,
          report: report(e.entityRef, { stopWork: true }),
          now: T0,
        });
        await store.upsertEvidence(
          e.entityRef,
          [
            {
              source: 'push',
              key: 'coverage',
              value: { linePercent: 90 },
              observedAt: T0.toISOString(),
              staleAfter: later(1).toISOString(),
            },
          ],
          { now: T0, actor: 'user:default/ci' },
        );
      }
      await store.markSeenInCatalog([kept.entityRef], { now: later(24 * 10) });

      const removed = await store.deleteExpired({
        notSeenSince: later(24 * 7),
      });
      expect(removed).toEqual([gone.entityRef]);
      expect(await store.getReport(gone.entityRef)).toBeUndefined();
      expect(await store.listEvidence(gone.entityRef)).toEqual([]);
      expect(await store.listAuditLog(gone.entityRef)).toEqual([]);
      expect(await store.getOpenStopWorkOrders(gone.entityRef)).toEqual([]);
      expect(await store.getReport(kept.entityRef)).toBeDefined();
      expect(await store.listEvidence(kept.entityRef)).toHaveLength(1);
    });
  });
});
