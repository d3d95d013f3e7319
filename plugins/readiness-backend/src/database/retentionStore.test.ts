import {
  entity,
  later,
  onEveryDatabase,
  report,
  save,
  T0,
} from '../__testUtils__/storeFixtures';

jest.setTimeout(60_000);

describe('retentionStore', () => {
  onEveryDatabase((databaseId, createStore) => {
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
