import type { CacheService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { toFindings } from './findings';
import { DEFAULT_OSV_BASE_URL, OsvClient, OsvRequestError } from './OsvClient';
import { runWithRequestReporter } from '../collection/requestBudget';
import { packageKey } from './packageKey';
import type { OsvVulnerability, PackageQuery } from './types';

const BASE = 'https://osv.test';

const server = setupServer();
registerMswTestHooks(server);

/** A batch endpoint that answers every query with the one advisory `id`. */
const batchNaming = (id: string) =>
  http.post(`${BASE}/v1/querybatch`, () =>
    HttpResponse.json({ results: [{ vulns: [{ id, modified: 'm' }] }] }),
  );

interface BatchQuery {
  package: { ecosystem: string; name: string };
  version: string;
  page_token?: string;
}

function record(
  id: string,
  modified = '2024-01-01T00:00:00Z',
): OsvVulnerability {
  return {
    id,
    modified,
    summary: `summary of ${id}`,
    affected: [],
  };
}

/**
 * A fake OSV: `hits` maps `ecosystem/name@version` to advisory ids, `pageSize`
 * splits long answers into pages. Every request is recorded.
 */
function fakeOsv(options: {
  hits?: Record<string, string[]>;
  records?: Record<string, OsvVulnerability>;
  pageSize?: number;
}) {
  const batches: BatchQuery[][] = [];
  const vulnRequests: string[] = [];
  const records = new Map(Object.entries(options.records ?? {}));
  const pageSize = options.pageSize ?? Infinity;
  server.use(
    http.post(`${BASE}/v1/querybatch`, async ({ request }) => {
      const body = (await request.json()) as { queries: BatchQuery[] };
      batches.push(body.queries);
      return HttpResponse.json({
        results: body.queries.map(q => {
          const ids =
            options.hits?.[
              `${q.package.ecosystem}/${q.package.name}@${q.version}`
            ] ?? [];
          const start = q.page_token ? Number(q.page_token) : 0;
          const page = ids.slice(start, start + pageSize);
          if (page.length === 0) {
            return {};
          }
          return {
            vulns: page.map(id => ({
              id,
              modified: (records.get(id) ?? record(id)).modified,
            })),
            ...(start + pageSize < ids.length
              ? { next_page_token: String(start + pageSize) }
              : {}),
          };
        }),
      });
    }),
    http.get(`${BASE}/v1/vulns/:id`, ({ params }) => {
      const id = String(params.id);
      vulnRequests.push(id);
      const found = records.get(id) ?? record(id);
      return HttpResponse.json(found);
    }),
  );
  return { batches, vulnRequests, records };
}

function noSleep() {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms: number) => {
      delays.push(ms);
    },
  };
}

/** A CacheService backed by a Map, recording the TTLs it was given. */
function mapCache() {
  const entries = new Map<string, JsonValue>();
  const ttls: Array<number | undefined> = [];
  const cache: CacheService = {
    async get<T extends JsonValue>(key: string) {
      return entries.get(key) as T | undefined;
    },
    async set(key, value, options) {
      ttls.push(options?.ttl as number | undefined);
      entries.set(key, JSON.parse(JSON.stringify(value)));
    },
    async delete(key) {
      entries.delete(key);
    },
    withOptions() {
      return cache;
    },
  };
  return { cache, entries, ttls };
}

const npm = (name: string, version: string): PackageQuery => ({
  ecosystem: 'npm',
  name,
  version,
});

describe('OsvClient', () => {
  it('uses the public OSV API by default and validates the base URL', () => {
    expect(new OsvClient().baseUrl).toBe(DEFAULT_OSV_BASE_URL);
    expect(new OsvClient({ baseUrl: 'https://proxy.test/osv/' }).baseUrl).toBe(
      'https://proxy.test/osv',
    );
    expect(() => new OsvClient({ baseUrl: 'ftp://osv.test' })).toThrow(
      /http or https/,
    );
    expect(() => new OsvClient({ baseUrl: 'not a url' })).toThrow(/Invalid/);
    expect(() => new OsvClient({ baseUrl: 'https://osv.test/?x=1' })).toThrow(
      /query/,
    );
  });

  it('batches 1,000 queries per call: 2,500 packages make 3 calls', async () => {
    const osv = fakeOsv({
      hits: {
        'npm/pkg-7@1.0.0': ['GHSA-aaaa-aaaa-aaaa'],
        'npm/pkg-2400@1.0.0': ['GHSA-aaaa-aaaa-aaaa', 'GHSA-bbbb-bbbb-bbbb'],
      },
    });
    const client = new OsvClient({ baseUrl: BASE });
    const packages = Array.from({ length: 2500 }, (_, i) =>
      npm(`pkg-${i}`, '1.0.0'),
    );

    const result = await client.findAdvisories(packages);

    expect(osv.batches.map(b => b.length)).toEqual([1000, 1000, 500]);
    expect(result.size).toBe(2500);
    expect(
      result.get(packageKey(npm('pkg-7', '1.0.0')))!.map(v => v.id),
    ).toEqual(['GHSA-aaaa-aaaa-aaaa']);
    expect(
      result.get(packageKey(npm('pkg-2400', '1.0.0')))!.map(v => v.id),
    ).toEqual(['GHSA-aaaa-aaaa-aaaa', 'GHSA-bbbb-bbbb-bbbb']);
    expect(result.get(packageKey(npm('pkg-8', '1.0.0')))).toEqual([]);
    // Each unique advisory is fetched once.
    expect(osv.vulnRequests.sort()).toEqual([
      'GHSA-aaaa-aaaa-aaaa',
      'GHSA-bbbb-bbbb-bbbb',
    ]);
    const stats = client.getStats();
    expect(stats).toMatchObject({
      batchCalls: 3,
      vulnFetches: 2,
      cacheHits: 0,
    });
    // The benchmark bound: ceil(unique packages / 1000) + unique advisories.
    expect(stats.batchCalls + stats.vulnFetches).toBeLessThanOrEqual(
      Math.ceil(2500 / 1000) + 2,
    );
  });

  describe('concurrent lookups (one collection run over many entities)', () => {
    /** Entity i locks 300 of a shared pool of 1,500 package versions. */
    const entityPackages = (i: number) =>
      Array.from({ length: 300 }, (_, j) =>
        npm(`pool-${(i * 37 + j * 5) % 1500}`, '1.0.0'),
      );

    it('shares batch calls: 20 entities over a pool of 1,500 make 2 calls', async () => {
      const hits: Record<string, string[]> = {};
      for (let p = 0; p < 1500; p += 100) {
        hits[`npm/pool-${p}@1.0.0`] = [`GHSA-${p % 300}`];
      }
      const osv = fakeOsv({ hits });
      const client = new OsvClient({ baseUrl: BASE });

      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          client.findAdvisories(entityPackages(i)),
        ),
      );

      const asked = osv.batches.flat().map(q => q.package.name);
      expect(new Set(asked).size).toBe(asked.length);
      expect(new Set(asked).size).toBe(1500);
      expect(osv.batches.map(b => b.length)).toEqual([1000, 500]);
      // GHSA-0, -100 and -200: each fetched once though many entities need it.
      expect(osv.vulnRequests.sort()).toEqual([
        'GHSA-0',
        'GHSA-100',
        'GHSA-200',
      ]);
      expect(client.getStats()).toMatchObject({
        batchCalls: 2,
        vulnFetches: 3,
      });
      expect(
        results[0].get(packageKey(npm('pool-0', '1.0.0')))!.map(v => v.id),
      ).toEqual(['GHSA-0']);
      expect(results[0].get(packageKey(npm('pool-5', '1.0.0')))).toEqual([]);
    });

    it('joins a package version already being asked instead of asking again', async () => {
      const osv = fakeOsv({ hits: { 'npm/a@1.0.0': ['GHSA-a'] } });
      const client = new OsvClient({ baseUrl: BASE, batchWindowMs: 0 });
      const first = client.findAdvisories([npm('a', '1.0.0')]);
      // Sent after the first batch has gone out, before it has answered.
      await new Promise(done => setTimeout(done, 5));
      const second = client.findAdvisories([npm('a', '1.0.0')]);
      const [one, two] = await Promise.all([first, second]);
      expect(osv.batches).toHaveLength(1);
      expect(osv.vulnRequests).toEqual(['GHSA-a']);
      expect(two).toEqual(one);
    });

    it('keeps a shared batch going when only one of its callers aborts', async () => {
      const osv = fakeOsv({ hits: { 'npm/a@1.0.0': ['GHSA-a'] } });
      const client = new OsvClient({ baseUrl: BASE });
      const controller = new AbortController();
      const aborted = client.findAdvisories([npm('a', '1.0.0')], {
        signal: controller.signal,
      });
      const other = client.findAdvisories([npm('a', '1.0.0')], {
        signal: new AbortController().signal,
      });
      controller.abort(new Error('entity timeout'));
      await expect(aborted).rejects.toThrow('entity timeout');
      const result = await other;
      expect(result.get(packageKey(npm('a', '1.0.0')))!.map(v => v.id)).toEqual(
        ['GHSA-a'],
      );
      expect(osv.batches).toHaveLength(1);
    });

    it('asks again after a failed shared batch', async () => {
      let calls = 0;
      server.use(
        http.post(`${BASE}/v1/querybatch`, () =>
          ++calls === 1
            ? new HttpResponse(null, { status: 400 })
            : HttpResponse.json({ results: [{}] }),
        ),
      );
      const client = new OsvClient({ baseUrl: BASE });
      const failing = [
        client.findAdvisories([npm('a', '1.0.0')]),
        client.findAdvisories([npm('a', '1.0.0')]),
      ];
      for (const call of failing) {
        await expect(call).rejects.toThrow('status 400');
      }
      const result = await client.findAdvisories([npm('a', '1.0.0')]);
      expect(result.get(packageKey(npm('a', '1.0.0')))).toEqual([]);
      expect(calls).toBe(2);
    });
  });

  it('sends the documented request shape', async () => {
    const osv = fakeOsv({});
    await new OsvClient({ baseUrl: BASE }).findAdvisories([
      { ecosystem: 'crates.io', name: 'sqlx', version: '0.7.2' },
    ]);
    expect(osv.batches).toEqual([
      [{ package: { ecosystem: 'crates.io', name: 'sqlx' }, version: '0.7.2' }],
    ]);
  });

  it('deduplicates queries across the whole call', async () => {
    const osv = fakeOsv({ hits: { 'PyPI/pydantic@1.10.2': ['PYSEC-1'] } });
    const client = new OsvClient({ baseUrl: BASE });
    const result = await client.findAdvisories([
      { ecosystem: 'PyPI', name: 'pydantic', version: '1.10.2' },
      { ecosystem: 'pypi', name: 'Pydantic', version: '1.10.2' },
      { ecosystem: 'PyPI', name: 'pydantic', version: '1.10.2' },
      npm('left-pad', '1.3.0'),
      npm('left-pad', '1.3.0'),
      npm('left-pad', '1.2.0'),
    ]);
    expect(osv.batches).toHaveLength(1);
    expect(osv.batches[0]).toHaveLength(3);
    expect(result.size).toBe(3);
    expect(
      result
        .get(
          packageKey({
            ecosystem: 'PyPI',
            name: 'PYDANTIC',
            version: '1.10.2',
          }),
        )!
        .map(v => v.id),
    ).toEqual(['PYSEC-1']);
    expect(osv.vulnRequests).toEqual(['PYSEC-1']);
  });

  it('follows next_page_token for only the queries that have one', async () => {
    const ids = ['A-1', 'A-2', 'A-3', 'A-4', 'A-5'];
    const osv = fakeOsv({
      hits: { 'npm/big@1.0.0': ids, 'npm/small@1.0.0': ['B-1'] },
      pageSize: 2,
    });
    const client = new OsvClient({ baseUrl: BASE });
    const result = await client.findAdvisories([
      npm('big', '1.0.0'),
      npm('small', '1.0.0'),
      npm('none', '1.0.0'),
    ]);
    expect(osv.batches).toEqual([
      [
        { package: { ecosystem: 'npm', name: 'big' }, version: '1.0.0' },
        { package: { ecosystem: 'npm', name: 'small' }, version: '1.0.0' },
        { package: { ecosystem: 'npm', name: 'none' }, version: '1.0.0' },
      ],
      [
        {
          package: { ecosystem: 'npm', name: 'big' },
          version: '1.0.0',
          page_token: '2',
        },
      ],
      [
        {
          package: { ecosystem: 'npm', name: 'big' },
          version: '1.0.0',
          page_token: '4',
        },
      ],
    ]);
    expect(result.get(packageKey(npm('big', '1.0.0')))!.map(v => v.id)).toEqual(
      ids,
    );
    expect(
      result.get(packageKey(npm('small', '1.0.0')))!.map(v => v.id),
    ).toEqual(['B-1']);
    expect(result.get(packageKey(npm('none', '1.0.0')))).toEqual([]);
  });

  it('answers an empty result ({}) with an empty list, and makes no call for no packages', async () => {
    const osv = fakeOsv({});
    const client = new OsvClient({ baseUrl: BASE });
    expect((await client.findAdvisories([])).size).toBe(0);
    expect(osv.batches).toHaveLength(0);
    const result = await client.findAdvisories([npm('clean', '1.0.0')]);
    expect([...result.entries()]).toEqual([
      [packageKey(npm('clean', '1.0.0')), []],
    ]);
    expect(osv.vulnRequests).toEqual([]);
  });

  it('reports queries without a version instead of asking OSV for every version', async () => {
    const osv = fakeOsv({});
    const problems: unknown[] = [];
    const result = await new OsvClient({ baseUrl: BASE }).findAdvisories(
      [npm('unpinned', ''), npm('pinned', '1.0.0')],
      { onProblem: p => problems.push(p) },
    );
    expect(osv.batches[0]).toHaveLength(1);
    expect(result.size).toBe(1);
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'invalid-query' }),
    ]);
  });

  it('caches query results per package version, with a TTL, in a CacheService', async () => {
    const osv = fakeOsv({
      hits: { 'npm/lodash@4.17.20': ['GHSA-35jh-r3h4-6jhm'] },
    });
    const { cache, ttls } = mapCache();
    const client = new OsvClient({
      baseUrl: BASE,
      cache,
      queryTtlMs: 1000,
      vulnTtlMs: 5000,
    });
    await client.findAdvisories([npm('lodash', '4.17.20')]);
    const again = await client.findAdvisories([npm('lodash', '4.17.20')]);

    expect(osv.batches).toHaveLength(1);
    expect(osv.vulnRequests).toEqual(['GHSA-35jh-r3h4-6jhm']);
    expect(again.get(packageKey(npm('lodash', '4.17.20')))![0].id).toBe(
      'GHSA-35jh-r3h4-6jhm',
    );
    expect(ttls.sort()).toEqual([1000, 5000]);
    expect(client.getStats()).toMatchObject({
      batchCalls: 1,
      vulnFetches: 1,
      queryCacheHits: 1,
      vulnCacheHits: 1,
      cacheHits: 2,
    });

    // Another client on the same cache does not ask OSV at all.
    const second = new OsvClient({ baseUrl: BASE, cache });
    await second.findAdvisories([npm('lodash', '4.17.20')]);
    expect(second.getStats()).toMatchObject({ batchCalls: 0, vulnFetches: 0 });
  });

  it('keeps working when the cache fails', async () => {
    const osv = fakeOsv({ hits: { 'npm/a@1.0.0': ['GHSA-x'] } });
    const broken: CacheService = {
      get: async () => {
        throw new Error('redis down');
      },
      set: async () => {
        throw new Error('redis down');
      },
      delete: async () => {},
      withOptions: () => broken,
    };
    const result = await new OsvClient({
      baseUrl: BASE,
      cache: broken,
    }).findAdvisories([npm('a', '1.0.0')]);
    expect(result.get(packageKey(npm('a', '1.0.0')))![0].id).toBe('GHSA-x');
    expect(osv.vulnRequests).toEqual(['GHSA-x']);
  });

  it('sends OSV ecosystem spellings', async () => {
    const osv = fakeOsv({});
    await new OsvClient({ baseUrl: BASE }).findAdvisories([
      { ecosystem: 'pypi', name: 'Django', version: '4.2.0' },
    ]);
    expect(osv.batches[0][0].package).toEqual({
      ecosystem: 'PyPI',
      name: 'Django',
    });
  });

  it('refetches an advisory only when its modified time changes', async () => {
    const osv = fakeOsv({
      hits: {
        'npm/a@1.0.0': ['GHSA-x'],
        'npm/b@1.0.0': ['GHSA-x'],
        'npm/c@1.0.0': ['GHSA-x'],
      },
      records: { 'GHSA-x': record('GHSA-x', '2024-01-01T00:00:00Z') },
    });
    const client = new OsvClient({ baseUrl: BASE });
    await client.findAdvisories([npm('a', '1.0.0')]);
    expect(osv.vulnRequests).toEqual(['GHSA-x']);

    // Same id, same modified: served from the cache.
    await client.findAdvisories([npm('b', '1.0.0')]);
    expect(osv.vulnRequests).toEqual(['GHSA-x']);

    // The record changed upstream: the new modified time makes it refetch.
    osv.records.set('GHSA-x', {
      ...record('GHSA-x', '2024-06-01T00:00:00Z'),
      summary: 'updated',
    });
    const result = await client.findAdvisories([npm('c', '1.0.0')]);
    expect(osv.vulnRequests).toEqual(['GHSA-x', 'GHSA-x']);
    expect(result.get(packageKey(npm('c', '1.0.0')))![0].summary).toBe(
      'updated',
    );
    expect(client.getStats()).toMatchObject({
      vulnFetches: 2,
      vulnCacheHits: 1,
    });
  });

  it('URL-encodes advisory ids into the path and never fetches another origin', async () => {
    const requested: string[] = [];
    server.use(
      http.post(`${BASE}/v1/querybatch`, () =>
        HttpResponse.json({
          results: [
            { vulns: [{ id: 'https://evil.test/x?y#z', modified: 'm' }] },
          ],
        }),
      ),
      http.get(`${BASE}/v1/vulns/:id`, ({ request, params }) => {
        requested.push(new URL(request.url).pathname);
        return HttpResponse.json(record(String(params.id), 'm'));
      }),
    );
    const result = await new OsvClient({ baseUrl: BASE }).findAdvisories([
      npm('a', '1.0.0'),
    ]);
    expect(requested).toEqual([
      '/v1/vulns/https%3A%2F%2Fevil.test%2Fx%3Fy%23z',
    ]);
    expect(result.get(packageKey(npm('a', '1.0.0')))![0].id).toBe(
      'https://evil.test/x?y#z',
    );
  });

  describe('errors and retries', () => {
    it('retries a 429 honouring Retry-After, then succeeds', async () => {
      let calls = 0;
      server.use(
        http.post(`${BASE}/v1/querybatch`, () => {
          calls++;
          if (calls === 1) {
            return new HttpResponse('slow down', {
              status: 429,
              headers: { 'Retry-After': '7' },
            });
          }
          return HttpResponse.json({ results: [{}] });
        }),
      );
      const { sleep, delays } = noSleep();
      const client = new OsvClient({ baseUrl: BASE, sleep });
      const result = await client.findAdvisories([npm('a', '1.0.0')]);
      expect(result.get(packageKey(npm('a', '1.0.0')))).toEqual([]);
      expect(delays).toEqual([7000]);
      expect(client.getStats()).toMatchObject({
        batchCalls: 1,
        requests: 2,
        retries: 1,
      });
    });

    it('reports each attempt and the Retry-After wait to the collection budget', async () => {
      let calls = 0;
      server.use(
        http.post(`${BASE}/v1/querybatch`, () =>
          ++calls === 1
            ? new HttpResponse(null, {
                status: 429,
                headers: { 'Retry-After': '7' },
              })
            : HttpResponse.json({ results: [{}] }),
        ),
      );
      const requests: string[] = [];
      const waits: Array<{ source: string; inMs: number }> = [];
      const client = new OsvClient({ baseUrl: BASE, sleep: noSleep().sleep });
      await runWithRequestReporter(
        {
          request: source => requests.push(source),
          rateLimited: (source, until) =>
            waits.push({ source, inMs: until.getTime() - Date.now() }),
        },
        () => client.findAdvisories([npm('a', '1.0.0')]),
      );
      expect(requests).toEqual(['osv', 'osv']);
      expect(waits).toEqual([{ source: 'osv', inMs: expect.any(Number) }]);
      expect(waits[0].inMs).toBeGreaterThan(6_000);
      expect(waits[0].inMs).toBeLessThanOrEqual(7_000);

      // Outside a collection nobody listens, and nothing breaks.
      calls = 1;
      await expect(
        client.findAdvisories([npm('b', '1.0.0')]),
      ).resolves.toBeDefined();
      expect(requests).toHaveLength(2);
    });

    it('caps Retry-After at maxDelayMs', async () => {
      let calls = 0;
      server.use(
        http.post(`${BASE}/v1/querybatch`, () =>
          ++calls === 1
            ? new HttpResponse(null, {
                status: 429,
                headers: { 'Retry-After': '3600' },
              })
            : HttpResponse.json({ results: [{}] }),
        ),
      );
      const { sleep, delays } = noSleep();
      await new OsvClient({
        baseUrl: BASE,
        sleep,
        maxDelayMs: 10_000,
      }).findAdvisories([npm('a', '1.0.0')]);
      expect(delays).toEqual([10_000]);
    });

    it('retries 503 with exponential backoff, then succeeds', async () => {
      let calls = 0;
      server.use(
        http.post(`${BASE}/v1/querybatch`, () =>
          ++calls <= 2
            ? new HttpResponse('unavailable', { status: 503 })
            : HttpResponse.json({
                results: [{ vulns: [{ id: 'X-1', modified: 'm' }] }],
              }),
        ),
        http.get(`${BASE}/v1/vulns/:id`, () =>
          HttpResponse.json(record('X-1', 'm')),
        ),
      );
      const { sleep, delays } = noSleep();
      const result = await new OsvClient({
        baseUrl: BASE,
        sleep,
        baseDelayMs: 100,
      }).findAdvisories([npm('a', '1.0.0')]);
      expect(delays).toEqual([100, 200]);
      expect(result.get(packageKey(npm('a', '1.0.0')))![0].id).toBe('X-1');
    });

    it('fails after the maximum attempts with a message naming path and status', async () => {
      let calls = 0;
      server.use(
        http.post(`${BASE}/v1/querybatch`, () => {
          calls++;
          return new HttpResponse('down', { status: 502 });
        }),
      );
      const { sleep, delays } = noSleep();
      const promise = new OsvClient({
        baseUrl: BASE,
        sleep,
        maxAttempts: 3,
      }).findAdvisories([npm('a', '1.0.0')]);
      await expect(promise).rejects.toThrow(
        'OSV request POST /v1/querybatch failed with status 502 after 3 attempts',
      );
      await expect(promise).rejects.toBeInstanceOf(OsvRequestError);
      await expect(promise).rejects.toMatchObject({
        status: 502,
        path: '/v1/querybatch',
      });
      expect(calls).toBe(3);
      expect(delays).toEqual([500, 1000]);
    });

    it('refuses a batch answer over maxResponseBytes by its length, at once and naming the limit', async () => {
      let calls = 0;
      server.use(
        http.post(`${BASE}/v1/querybatch`, () => {
          calls++;
          return HttpResponse.json({
            results: [{ vulns: [{ id: 'X'.repeat(2000), modified: 'm' }] }],
          });
        }),
      );
      const promise = new OsvClient({
        baseUrl: BASE,
        sleep: noSleep().sleep,
        maxResponseBytes: 1000,
      }).findAdvisories([npm('a', '1.0.0')]);
      await expect(promise).rejects.toThrow(
        'OSV response from POST /v1/querybatch is larger than 1000 bytes, the configured limit',
      );
      await expect(promise).rejects.toMatchObject({
        name: 'OsvRequestError',
        path: '/v1/querybatch',
      });
      expect(calls).toBe(1);
    });

    it('stops reading a streamed advisory without a length once it passes maxResponseBytes', async () => {
      let sent = 0;
      server.use(
        batchNaming('BIG-1'),
        http.get(`${BASE}/v1/vulns/:id`, () => {
          // An endless body: only a cap ends the read.
          const body = new ReadableStream<Uint8Array>({
            pull(controller) {
              sent += 1024;
              controller.enqueue(new Uint8Array(1024).fill(32));
            },
          });
          return new HttpResponse(body, {
            headers: { 'content-type': 'application/json' },
          });
        }),
      );
      await expect(
        new OsvClient({
          baseUrl: BASE,
          sleep: noSleep().sleep,
          maxResponseBytes: 64 * 1024,
        }).findAdvisories([npm('a', '1.0.0')]),
      ).rejects.toThrow(
        'OSV response from GET /v1/vulns/BIG-1 is larger than 65536 bytes',
      );
      expect(sent).toBeLessThan(1024 * 1024);
    });

    it('fails fast on a 404 of an advisory', async () => {
      let vulnCalls = 0;
      server.use(
        batchNaming('GONE-1'),
        http.get(`${BASE}/v1/vulns/:id`, () => {
          vulnCalls++;
          return HttpResponse.json(
            { code: 5, message: 'Bug not found.' },
            { status: 404 },
          );
        }),
      );
      const { sleep, delays } = noSleep();
      await expect(
        new OsvClient({ baseUrl: BASE, sleep }).findAdvisories([
          npm('a', '1.0.0'),
        ]),
      ).rejects.toThrow(
        'OSV request GET /v1/vulns/GONE-1 failed with status 404',
      );
      expect(vulnCalls).toBe(1);
      expect(delays).toEqual([]);
    });

    it('fails fast on a 400', async () => {
      server.use(
        http.post(`${BASE}/v1/querybatch`, () =>
          HttpResponse.json({ message: 'bad' }, { status: 400 }),
        ),
      );
      await expect(
        new OsvClient({ baseUrl: BASE, sleep: async () => {} }).findAdvisories([
          npm('a', '1.0.0'),
        ]),
      ).rejects.toMatchObject({ status: 400, path: '/v1/querybatch' });
    });

    it('treats invalid JSON as an error naming path and status', async () => {
      server.use(
        http.post(
          `${BASE}/v1/querybatch`,
          () =>
            new HttpResponse('<html>oops</html>', {
              status: 200,
              headers: { 'content-type': 'application/json' },
            }),
        ),
      );
      await expect(
        new OsvClient({ baseUrl: BASE }).findAdvisories([npm('a', '1.0.0')]),
      ).rejects.toThrow(
        'OSV response from POST /v1/querybatch (status 200) is not valid JSON',
      );
    });

    it('rejects a batch answer that does not match the queries', async () => {
      server.use(
        http.post(`${BASE}/v1/querybatch`, () =>
          HttpResponse.json({ results: [] }),
        ),
      );
      await expect(
        new OsvClient({ baseUrl: BASE }).findAdvisories([npm('a', '1.0.0')]),
      ).rejects.toThrow(
        /POST \/v1\/querybatch \(status 200\) does not hold one result per query/,
      );
    });

    it('rejects an advisory answer with another id', async () => {
      server.use(
        http.post(`${BASE}/v1/querybatch`, () =>
          HttpResponse.json({ results: [{ vulns: [{ id: 'X-1' }] }] }),
        ),
        http.get(`${BASE}/v1/vulns/:id`, () =>
          HttpResponse.json(record('X-2')),
        ),
      );
      await expect(
        new OsvClient({ baseUrl: BASE }).findAdvisories([npm('a', '1.0.0')]),
      ).rejects.toThrow(
        'GET /v1/vulns/X-1 (status 200) is not the advisory X-1',
      );
    });

    it('times out a request that hangs, retrying it within the attempts', async () => {
      let calls = 0;
      const hangingFetch: typeof fetch = (_input, init) => {
        calls++;
        return new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'TimeoutError')),
          );
        });
      };
      await expect(
        new OsvClient({
          baseUrl: BASE,
          fetch: hangingFetch,
          timeoutMs: 20,
          maxAttempts: 2,
          sleep: async () => {},
        }).findAdvisories([npm('a', '1.0.0')]),
      ).rejects.toThrow(
        'OSV request POST /v1/querybatch timed out after 20 ms',
      );
      expect(calls).toBe(2);
    });

    it('stops at once when the caller aborts', async () => {
      const controller = new AbortController();
      const abortingFetch: typeof fetch = (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () =>
            reject(init.signal!.reason),
          );
          controller.abort(new Error('collector timeout'));
        });
      let calls = 0;
      await expect(
        new OsvClient({
          baseUrl: BASE,
          fetch: (...args) => {
            calls++;
            return abortingFetch(...args);
          },
          sleep: async () => {},
        }).findAdvisories([npm('a', '1.0.0')], { signal: controller.signal }),
      ).rejects.toThrow('collector timeout');
      expect(calls).toBe(1);

      await expect(
        new OsvClient({ baseUrl: BASE }).findAdvisories([npm('a', '1.0.0')], {
          signal: AbortSignal.abort(new Error('already')),
        }),
      ).rejects.toThrow('already');
    });

    it('retries network errors', async () => {
      let calls = 0;
      server.use(
        http.post(`${BASE}/v1/querybatch`, () =>
          ++calls === 1
            ? HttpResponse.error()
            : HttpResponse.json({ results: [{}] }),
        ),
      );
      const { sleep, delays } = noSleep();
      await new OsvClient({ baseUrl: BASE, sleep }).findAdvisories([
        npm('a', '1.0.0'),
      ]);
      expect(calls).toBe(2);
      expect(delays).toEqual([500]);
    });
  });

  it('answers the seed case online, one finding per advisory and its aliases', async () => {
    const example = (path: string) =>
      JSON.parse(
        readFileSync(
          resolve(__dirname, '../../../../examples/advisories', path),
          'utf8',
        ),
      ) as OsvVulnerability;
    const marvin = example('crates.io/RUSTSEC-2023-0071.json');
    // OSV also serves the GitHub copy of the advisory for the crate.
    const ghsaCopy: OsvVulnerability = {
      ...marvin,
      id: 'GHSA-4grx-2x9w-596c',
      aliases: ['CVE-2023-49092'],
      database_specific: { severity: 'MODERATE' },
    };
    const osv = fakeOsv({
      hits: {
        'crates.io/rsa@0.9.8': ['GHSA-4grx-2x9w-596c', 'RUSTSEC-2023-0071'],
        'crates.io/sqlx@0.7.2': ['RUSTSEC-2024-0363'],
        'crates.io/paste@1.0.15': ['RUSTSEC-2024-0436'],
      },
      records: {
        'RUSTSEC-2023-0071': marvin,
        'GHSA-4grx-2x9w-596c': ghsaCopy,
        'RUSTSEC-2024-0363': example('crates.io/RUSTSEC-2024-0363.json'),
        'RUSTSEC-2024-0436': example('crates.io/RUSTSEC-2024-0436.json'),
      },
    });
    const packages = [
      { ecosystem: 'crates.io', name: 'rsa', version: '0.9.8' },
      { ecosystem: 'crates.io', name: 'sqlx', version: '0.7.2' },
      { ecosystem: 'crates.io', name: 'paste', version: '1.0.15' },
      { ecosystem: 'crates.io', name: 'serde', version: '1.0.193' },
    ];
    const client = new OsvClient({ baseUrl: BASE });
    const result = await client.findAdvisories(packages);
    const findings = packages.map(p =>
      toFindings(p, result.get(packageKey(p))!),
    );
    expect(
      findings.flatMap(f =>
        f.vulnerabilities.map(v => [v.advisoryId, v.fixedVersions]),
      ),
    ).toEqual([
      ['RUSTSEC-2023-0071', []],
      ['RUSTSEC-2024-0363', ['0.8.1']],
    ]);
    expect(findings[0].vulnerabilities[0].aliases).toContain(
      'GHSA-4grx-2x9w-596c',
    );
    expect(
      findings.flatMap(f => f.dependencyHealth.map(d => d.advisoryId)),
    ).toEqual(['RUSTSEC-2024-0436']);
    expect(osv.batches).toHaveLength(1);
    expect(osv.vulnRequests.sort()).toEqual([
      'GHSA-4grx-2x9w-596c',
      'RUSTSEC-2023-0071',
      'RUSTSEC-2024-0363',
      'RUSTSEC-2024-0436',
    ]);
  });

  it('resets its stats', async () => {
    fakeOsv({});
    const client = new OsvClient({ baseUrl: BASE });
    await client.findAdvisories([npm('a', '1.0.0')]);
    expect(client.getStats().batchCalls).toBe(1);
    client.resetStats();
    expect(client.getStats()).toEqual({
      batchCalls: 0,
      vulnFetches: 0,
      requests: 0,
      retries: 0,
      queryCacheHits: 0,
      vulnCacheHits: 0,
      cacheHits: 0,
    });
  });
});
