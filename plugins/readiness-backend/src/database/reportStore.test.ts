import {
  entity,
  later,
  onEveryDatabase,
  report,
  save,
  T0,
} from '../__testUtils__/storeFixtures';

jest.setTimeout(60_000);

describe('reportStore', () => {
  onEveryDatabase((databaseId, createStore) => {
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
  });
});
