import { onEveryDatabase, T0 } from '../__testUtils__/storeFixtures';

jest.setTimeout(60_000);

const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const refs = (n: number) =>
  Array.from({ length: n }, (_, i) => `component:default/s-${i}`);
const claim = { leaseMs: 10_000, maxAttempts: 3 };

describe('collectionQueueStore', () => {
  onEveryDatabase((databaseId, createStore) => {
    it('hands each queued entity to one instance, and ends the run once all are settled', async () => {
      const store = await createStore(databaseId);
      const runId = await store.startQueuedRun('ci', { now: T0 });
      await store.enqueueEntities(runId, refs(5), { now: T0 });
      // Queued twice (a page boundary moved): still once.
      await store.enqueueEntities(runId, refs(2), { now: T0 });

      const a = await store.claimEntities({
        ...claim,
        instance: 'a',
        limit: 3,
        now: T0,
      });
      const b = await store.claimEntities({
        ...claim,
        instance: 'b',
        limit: 3,
        now: T0,
      });
      expect(a.map(item => item.entityRef)).toEqual(refs(3));
      expect(b.map(item => item.entityRef)).toEqual(refs(5).slice(3));
      expect(a[0]).toMatchObject({ runId, task: 'ci' });

      await store.settleEntities(
        a.map(item => item.id),
        'done',
        { instance: 'a', now: at(1) },
      );
      await store.settleEntities([b[0].id], 'failed', {
        instance: 'b',
        now: at(1),
      });
      // Not all queued yet: a run whose catalog pages are still being read
      // does not end, however empty its queue.
      await store.settleEntities([b[1].id], 'done', {
        instance: 'b',
        now: at(1),
      });
      expect(await store.finishRunIfDrained(runId, { now: at(2) })).toBe(false);
      await store.markRunQueued(runId, { now: at(2) });
      expect(await store.finishRunIfDrained(runId, { now: at(2) })).toBe(true);
      expect(await store.finishRunIfDrained(runId, { now: at(2) })).toBe(false);

      const counts = (await store.countQueuedEntities([runId])).get(runId);
      expect(counts).toEqual({
        total: 5,
        byState: { queued: 0, claimed: 0, done: 4, failed: 1, deferred: 0 },
        byInstance: {
          a: { claimed: 0, done: 3, failed: 0, deferred: 0 },
          b: { claimed: 0, done: 1, failed: 1, deferred: 0 },
        },
      });
      expect(await store.listLatestCollectionRuns()).toEqual([
        expect.objectContaining({
          task: 'ci',
          finishedAt: at(2).toISOString(),
          entitiesTotal: 5,
          entitiesDone: 5,
          entitiesFailed: 1,
        }),
      ]);
    });

    it('never hands one entity to two instances claiming at the same time', async () => {
      const store = await createStore(databaseId);
      const runId = await store.startQueuedRun('ci', { now: T0 });
      await store.enqueueEntities(runId, refs(30), { now: T0 });
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.claimEntities({
            ...claim,
            instance: `i${i}`,
            limit: 5,
            now: T0,
          }),
        ),
      );
      const claimed = claims.flat().map(item => item.entityRef);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed.length).toBe(30);
    });

    it('takes over a claim whose lease ran out, unless renewed, and fails an entity claimed too often', async () => {
      const store = await createStore(databaseId);
      const runId = await store.startQueuedRun('ci', { now: T0 });
      await store.enqueueEntities(runId, refs(2), { now: T0 });
      const [first, second] = await store.claimEntities({
        ...claim,
        instance: 'dead',
        limit: 2,
        now: T0,
      });
      // The live holder renews one lease; the other runs out.
      expect(
        await store.renewLeases([first.id], {
          instance: 'dead',
          leaseMs: 20_000,
          now: at(5),
        }),
      ).toBe(1);
      expect(
        await store.claimEntities({
          ...claim,
          instance: 'b',
          limit: 5,
          now: at(9),
        }),
      ).toEqual([]);
      const takenOver = await store.claimEntities({
        ...claim,
        instance: 'b',
        limit: 5,
        now: at(11),
      });
      expect(takenOver.map(item => item.entityRef)).toEqual([second.entityRef]);
      // The first holder can no longer settle what it lost.
      await store.settleEntities([second.id], 'done', {
        instance: 'dead',
        now: at(12),
      });
      expect(
        (await store.countQueuedEntities([runId])).get(runId)?.byInstance,
      ).toEqual({
        dead: { claimed: 1, done: 0, failed: 0, deferred: 0 },
        b: { claimed: 1, done: 0, failed: 0, deferred: 0 },
      });

      // Claimed three times, each holder dying: the next claim fails it.
      await store.claimEntities({
        ...claim,
        instance: 'c',
        limit: 5,
        now: at(30),
      });
      const last = await store.claimEntities({
        ...claim,
        instance: 'd',
        limit: 5,
        now: at(50),
      });
      expect(last.map(item => item.entityRef)).toEqual([first.entityRef]);
      expect(
        await store.claimEntities({
          ...claim,
          instance: 'e',
          limit: 5,
          now: at(70),
        }),
      ).toEqual([]);
      const counts = (await store.countQueuedEntities([runId])).get(runId);
      expect(counts?.byState).toMatchObject({ failed: 2, claimed: 0 });
    });

    it('waits for a rate limit, defers to the next run, and queues what a run left first in the next', async () => {
      const store = await createStore(databaseId);
      const first = await store.startQueuedRun('ci', { now: T0 });
      await store.enqueueEntities(first, refs(4), { now: T0 });
      await store.markRunQueued(first, { now: T0 });
      const items = await store.claimEntities({
        ...claim,
        instance: 'a',
        limit: 4,
        now: T0,
      });
      await store.settleEntities([items[0].id], 'done', {
        instance: 'a',
        now: T0,
      });
      await store.settleEntities([items[1].id], 'queued', {
        instance: 'a',
        now: T0,
        notBefore: at(60),
      });
      await store.settleEntities([items[2].id, items[3].id], 'deferred', {
        instance: 'a',
        now: T0,
      });
      expect(
        await store.claimEntities({
          ...claim,
          instance: 'a',
          limit: 4,
          now: at(59),
        }),
      ).toEqual([]);
      // Waiting on a rate limit keeps the run open.
      expect(await store.finishRunIfDrained(first, { now: at(59) })).toBe(
        false,
      );
      const resumed = await store.claimEntities({
        ...claim,
        instance: 'a',
        limit: 4,
        now: at(60),
      });
      expect(resumed.map(item => item.entityRef)).toEqual([refs(4)[1]]);
      await store.settleEntities([resumed[0].id], 'done', {
        instance: 'a',
        now: at(60),
      });
      expect(await store.finishRunIfDrained(first, { now: at(60) })).toBe(true);
      expect(
        (await store.countQueuedEntities([first])).get(first)?.byState,
      ).toEqual({ queued: 0, claimed: 0, done: 2, failed: 0, deferred: 2 });

      const next = await store.startQueuedRun('ci', { now: at(3600) });
      await store.enqueueEntities(next, refs(4), { now: at(3600) });
      const order = await store.claimEntities({
        ...claim,
        instance: 'a',
        limit: 4,
        now: at(3600),
      });
      expect(order.map(item => item.entityRef)).toEqual([
        refs(4)[2],
        refs(4)[3],
        refs(4)[0],
        refs(4)[1],
      ]);
      // The earlier run's rows are gone; its counters stay.
      expect(await store.countQueuedEntities([first])).toEqual(new Map());
    });

    it('ends an unfinished earlier run of the task when the next starts, its uncollected entities first, those gone from the catalog dropped', async () => {
      const store = await createStore(databaseId);
      const stuck = await store.startQueuedRun('recheck', { now: T0 });
      await store.enqueueEntities(stuck, refs(3), { now: T0 });
      const [item] = await store.claimEntities({
        ...claim,
        instance: 'a',
        limit: 1,
        now: T0,
      });
      await store.settleEntities([item.id], 'done', {
        instance: 'a',
        now: T0,
      });
      const next = await store.startQueuedRun('recheck', { now: at(60) });
      const runs = await store.listLatestCollectionRuns();
      expect(runs).toEqual([
        expect.objectContaining({ id: next, task: 'recheck' }),
      ]);
      // s-2 left the catalog meanwhile: the next run drops it.
      await store.enqueueEntities(next, refs(2), { now: at(60) });
      await store.markRunQueued(next, { now: at(60) });
      const order = await store.claimEntities({
        ...claim,
        instance: 'a',
        limit: 5,
        now: at(60),
      });
      expect(order.map(i => i.entityRef)).toEqual([refs(2)[1], refs(2)[0]]);
    });

    it('adds requests per source from every instance, keeping the later rate-limit wait', async () => {
      const store = await createStore(databaseId);
      const runId = await store.startQueuedRun('github', { now: T0 });
      await store.addSourceRequests(runId, { github: 3, osv: 1 }, {});
      const totals = await store.addSourceRequests(
        runId,
        { github: 2 },
        { github: at(120) },
      );
      expect(totals).toEqual({
        github: { requests: 5, blockedUntil: at(120).toISOString() },
        osv: { requests: 1 },
      });
      expect(
        await store.addSourceRequests(runId, {}, { github: at(60) }),
      ).toMatchObject({
        github: { requests: 5, blockedUntil: at(120).toISOString() },
      });
      expect(await store.listSourceRequests([runId])).toEqual(
        new Map([[runId, totals]]),
      );
      // Another task's run heard it too: the later wait holds for all.
      const other = await store.startQueuedRun('repository', { now: T0 });
      await store.addSourceRequests(other, {}, { osv: at(30) });
      expect(await store.listSourceWaits(at(10))).toEqual({
        github: at(120),
        osv: at(30),
      });
      expect(await store.listSourceWaits(at(60))).toEqual({
        github: at(120),
      });
    });
  });
});
