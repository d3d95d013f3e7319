import type { Evidence } from '@readiness/plugin-readiness-common';
import { later, onEveryDatabase, T0 } from '../__testUtils__/storeFixtures';

jest.setTimeout(60_000);

describe('evidenceStore', () => {
  onEveryDatabase((databaseId, createStore) => {
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
          receivedAt: T0.toISOString(),
        },
        {
          source: 'repository',
          key: 'todo-markers',
          value: { count: 40 },
          observedAt: later(1).toISOString(),
          staleAfter: later(2).toISOString(),
          staleReason: 'could not read the repository: 503',
          receivedAt: later(1).toISOString(),
        },
      ]);
      expect(await store.listEvidence('component:default/other')).toEqual([]);
    });

    it('applies a pushed CI run once: sent again, even after a newer run, it changes nothing; a new run replaces it whatever its observedAt', async () => {
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
      expect(await stored()).toEqual([
        ['run-2', { succeeded: true, compilationErrors: 0 }],
      ]);
      // a run never seen, observed before the stored one but received
      // after it: receipt orders, so it replaces the stored one
      expect(await push(build('run-0', 12, later(0.5)), later(3))).toBe(1);
      expect(await store.listEvidence(ref)).toEqual([
        expect.objectContaining({
          runId: 'run-0',
          observedAt: later(0.5).toISOString(),
          receivedAt: later(3).toISOString(),
          pushed: true,
        }),
      ]);
      // only the applied pushes are in the audit log
      const pushes = (await store.listAuditLog(ref)).filter(
        entry => entry.action === 'evidence.push',
      );
      expect(pushes).toHaveLength(3);

      // after the retention a run id is forgotten; newer observations apply
      expect(
        await push(build('run-1', 3, later(24 * 91)), later(24 * 91)),
      ).toBe(1);
      expect(await stored()).toEqual([
        ['run-1', { succeeded: false, compilationErrors: 3 }],
      ]);
    });

    it('counts only collected items that change what the engine reads, and refreshes the times of the rest', async () => {
      const store = await createStore(databaseId);
      const ref = 'component:default/claude-flow';
      const item = (
        key: `${string}.${string}`,
        hours: number,
        value: unknown,
      ) => ({
        source: 'repository',
        key,
        value,
        observedAt: later(hours).toISOString(),
        staleAfter: later(hours + 2).toISOString(),
      });
      const collect = (hours: number, items: Evidence[]) =>
        store.upsertEvidence(ref, items, { now: later(hours) });

      expect(
        await collect(0, [
          item('acme.readme', 0, true),
          item('acme.todo', 0, 3),
        ]),
      ).toBe(2);
      expect(
        await collect(1, [
          item('acme.readme', 1, true),
          item('acme.todo', 1, 3),
        ]),
      ).toBe(0);
      expect(await store.listEvidence(ref)).toEqual(
        ['acme.readme', 'acme.todo'].map(key =>
          expect.objectContaining({
            key,
            observedAt: later(1).toISOString(),
            staleAfter: later(3).toISOString(),
          }),
        ),
      );
      // Another value, a link, a stale row seen fresh again: changed.
      expect(await collect(2, [item('acme.todo', 2, 4)])).toBe(1);
      expect(
        await collect(3, [{ ...item('acme.todo', 3, 4), link: 'https://x' }]),
      ).toBe(1);
      expect(await collect(9, [item('acme.readme', 9, true)])).toBe(1);
      // A push of the same value replaces a collected one as pushed.
      expect(
        await store.upsertEvidence(ref, [item('acme.readme', 9, true)], {
          now: later(9),
          actor: 'user:default/ci',
        }),
      ).toBe(1);
      expect(await collect(9, [item('acme.readme', 9, true)])).toBe(1);
    });
  });
});
