import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createMemoryCache } from '../collection/memoryCache';
import { OsvClient } from './OsvClient';
import { packageKey } from './packageKey';
import type { PackageQuery } from './types';

const BASE = 'https://osv.test';

const server = setupServer();
registerMswTestHooks(server);

interface BatchQuery {
  package: { ecosystem: string; name: string };
  version: string;
}

/**
 * A fake OSV whose advisories (id -> affected `name@version`s and
 * `modified`) a test can change between cycles; every call is counted.
 */
function fakeOsv() {
  const advisories = new Map<string, { affects: string[]; modified: string }>();
  const calls = { batch: 0, vulns: [] as string[], queries: 0 };
  server.use(
    http.post(`${BASE}/v1/querybatch`, async ({ request }) => {
      const { queries } = (await request.json()) as { queries: BatchQuery[] };
      calls.batch++;
      calls.queries += queries.length;
      return HttpResponse.json({
        results: queries.map(q => {
          const vulns = [...advisories]
            .filter(([, a]) =>
              a.affects.includes(`${q.package.name}@${q.version}`),
            )
            .map(([id, a]) => ({ id, modified: a.modified }));
          return vulns.length > 0 ? { vulns } : {};
        }),
      });
    }),
    http.get(`${BASE}/v1/vulns/:id`, ({ params }) => {
      const id = String(params.id);
      calls.vulns.push(id);
      return HttpResponse.json({
        id,
        modified: advisories.get(id)!.modified,
        affected: [],
      });
    }),
  );
  return { advisories, calls };
}

const packages: PackageQuery[] = Array.from({ length: 2500 }, (_, i) => ({
  ecosystem: 'npm',
  name: `pkg-${i}`,
  version: '1.0.0',
}));

function client() {
  // One cache for the whole test: what the backend's cache service keeps
  // between cycles.
  return new OsvClient({ baseUrl: BASE, cache: createMemoryCache() });
}

describe('OsvClient.prefetch', () => {
  it('asks every unique package in full batches, each advisory once, and answers the lookups after it from the cache', async () => {
    const osv = fakeOsv();
    osv.advisories.set('GHSA-1', { affects: ['pkg-1@1.0.0'], modified: 'm1' });
    osv.advisories.set('GHSA-2', {
      affects: ['pkg-1@1.0.0', 'pkg-2001@1.0.0'],
      modified: 'm1',
    });
    osv.advisories.set('GHSA-3', {
      affects: ['pkg-2499@1.0.0'],
      modified: 'm1',
    });
    const osvClient = client();

    // Duplicates, as many inventories hold the same versions.
    await osvClient.prefetch([...packages, ...packages.slice(0, 800)]);
    // ⌈2500 / 1000⌉ + 3 unique advisories.
    expect(osv.calls.batch).toBe(3);
    expect(osv.calls.queries).toBe(2500);
    expect(osv.calls.vulns.sort()).toEqual(['GHSA-1', 'GHSA-2', 'GHSA-3']);

    // Every entity's lookup after the pre-pass: no further call.
    const found = await osvClient.findAdvisories(packages.slice(0, 10));
    const found2 = await osvClient.findAdvisories(packages.slice(2000));
    expect(osv.calls.batch).toBe(3);
    expect(osv.calls.vulns).toHaveLength(3);
    expect(
      found
        .get(packageKey(packages[1]))!
        .map(v => v.id)
        .sort(),
    ).toEqual(['GHSA-1', 'GHSA-2']);
    expect(found2.get(packageKey(packages[2499]))!.map(v => v.id)).toEqual([
      'GHSA-3',
    ]);
  });

  it('notices a new advisory of a version already asked, and fetches only advisories whose modified time changed', async () => {
    const osv = fakeOsv();
    osv.advisories.set('GHSA-1', { affects: ['pkg-1@1.0.0'], modified: 'm1' });
    osv.advisories.set('GHSA-2', { affects: ['pkg-7@1.0.0'], modified: 'm1' });
    const osvClient = client();
    await osvClient.prefetch(packages);
    expect(
      (await osvClient.findAdvisories([packages[5]])).get(
        packageKey(packages[5]),
      ),
    ).toEqual([]);

    // The next cycle: one advisory is new, one was modified, one unchanged.
    osv.advisories.set('GHSA-new', {
      affects: ['pkg-5@1.0.0'],
      modified: 'm1',
    });
    osv.advisories.set('GHSA-2', { affects: ['pkg-7@1.0.0'], modified: 'm2' });
    osv.calls.batch = 0;
    osv.calls.vulns = [];
    await osvClient.prefetch(packages);

    expect(osv.calls.batch).toBe(3);
    expect(osv.calls.vulns.sort()).toEqual(['GHSA-2', 'GHSA-new']);
    const found = await osvClient.findAdvisories([packages[5], packages[7]]);
    expect(found.get(packageKey(packages[5]))!.map(v => v.id)).toEqual([
      'GHSA-new',
    ]);
    expect(found.get(packageKey(packages[7]))!.map(v => v.modified)).toEqual([
      'm2',
    ]);
    expect(osv.calls.batch).toBe(3);
  });

  it('makes no call for no packages', async () => {
    const osv = fakeOsv();
    await client().prefetch([]);
    expect(osv.calls).toEqual({ batch: 0, vulns: [], queries: 0 });
  });
});

describe('OsvClient lookups under a signal', () => {
  it('keep one abort listener on the caller’s signal, not one per package version or advisory', async () => {
    const osv = fakeOsv();
    for (let i = 0; i < 20; i++) {
      osv.advisories.set(`GHSA-${i}`, {
        affects: [`pkg-${i}@1.0.0`],
        modified: 'm1',
      });
    }
    const controller = new AbortController();
    const { signal } = controller;
    const listening = { now: 0, max: 0 };
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    jest.spyOn(signal, 'addEventListener').mockImplementation((...args) => {
      listening.max = Math.max(listening.max, ++listening.now);
      add(...args);
    });
    jest.spyOn(signal, 'removeEventListener').mockImplementation((...args) => {
      listening.now--;
      remove(...args);
    });

    // Two lookups of one entity at once, as its ecosystems' are.
    const [found] = await Promise.all([
      client().findAdvisories(packages.slice(0, 300), { signal }),
      client().findAdvisories(packages.slice(300, 600), { signal }),
    ]);

    expect(found.get(packageKey(packages[3]))!.map(v => v.id)).toEqual([
      'GHSA-3',
    ]);
    expect(listening).toEqual({ now: 0, max: 1 });
    expect(osv.calls.vulns).toHaveLength(20);
  });

  it('still rejects a caller whose signal aborts, and aborts a call no one waits for', async () => {
    let aborted = false;
    server.use(
      http.post(`${BASE}/v1/querybatch`, async ({ request }) => {
        await new Promise<void>(resolve => {
          request.signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          });
        });
        return HttpResponse.json({ results: [] });
      }),
    );
    const controller = new AbortController();
    const lookup = client().findAdvisories(packages.slice(0, 30), {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('entity timed out')), 100);
    await expect(lookup).rejects.toThrow('entity timed out');
    await new Promise(r => setTimeout(r, 50));
    expect(aborted).toBe(true);
  });
});
