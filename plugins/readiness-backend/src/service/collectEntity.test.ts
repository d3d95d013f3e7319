import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { ReadinessCollector } from '@readiness/plugin-readiness-node';
import type { ReadinessStore } from '../database';
import { collectEntity } from './collectEntity';
import { readBackendConfig } from './config';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', namespace: 'default' },
};

/** The store calls collectEntity makes, recorded. */
function fakeStore() {
  const stale: string[][] = [];
  const store = {
    listEvidence: async () => [],
    markEvidenceStale: async (
      _ref: string,
      _source: string,
      keys: string[],
    ) => {
      stale.push(keys);
    },
    upsertEvidence: async () => undefined,
  } as unknown as ReadinessStore;
  return { store, stale };
}

function options(store: ReadinessStore, entityTimeout = 60_000) {
  return {
    store,
    config: readBackendConfig(
      new ConfigReader({
        readiness: {
          collection: { entityTimeout: { milliseconds: entityTimeout } },
        },
      }),
    ),
    logger: mockServices.logger.mock(),
    urlReader: mockServices.urlReader.mock(),
    cache: mockServices.cache.mock(),
    now: () => new Date('2026-12-03T00:00:00Z'),
  };
}

/** A collector that waits until its signal aborts, and says why it did. */
function waitingCollector(reasons: unknown[]): ReadinessCollector {
  return {
    id: 'waiting',
    evidenceKeys: ['coverage'],
    collect: (_entity, ctx) =>
      new Promise((_, reject) => {
        ctx.signal.addEventListener('abort', () => {
          reasons.push(ctx.signal.reason);
          reject(ctx.signal.reason);
        });
      }),
  };
}

describe('collectEntity', () => {
  it('aborts the collector when the run is aborted, leaves no listener on the run’s signal, and marks its evidence stale', async () => {
    const { store, stale } = fakeStore();
    const run = new AbortController();
    const added = jest.spyOn(run.signal, 'addEventListener');
    const removed = jest.spyOn(run.signal, 'removeEventListener');
    const reasons: unknown[] = [];

    const collecting = collectEntity(
      options(store),
      waitingCollector(reasons),
      entity,
      run.signal,
    );
    await new Promise(r => setTimeout(r, 20));
    run.abort(new Error('backend shutting down'));

    await expect(collecting).resolves.toMatchObject({ ok: false });
    expect(reasons).toEqual([new Error('backend shutting down')]);
    expect(stale).toEqual([['coverage']]);
    expect(added).toHaveBeenCalledTimes(1);
    expect(removed).toHaveBeenCalledWith('abort', added.mock.calls[0][1]);
  });

  it('aborts the collector when the entity times out, the run going on', async () => {
    const { store } = fakeStore();
    const run = new AbortController();
    const reasons: unknown[] = [];

    await expect(
      collectEntity(
        options(store, 50),
        waitingCollector(reasons),
        entity,
        run.signal,
      ),
    ).resolves.toMatchObject({ ok: false });
    expect(String(reasons[0])).toContain('timed out after 50 ms');
    expect(run.signal.aborted).toBe(false);
  });
});
