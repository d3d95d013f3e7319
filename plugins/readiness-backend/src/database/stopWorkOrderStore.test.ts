import {
  entity,
  onEveryDatabase,
  report,
  save,
  T0,
} from '../__testUtils__/storeFixtures';

jest.setTimeout(60_000);

describe('stopWorkOrderStore', () => {
  onEveryDatabase((databaseId, createStore) => {
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
  });
});
