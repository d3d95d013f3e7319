import type { CacheService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import { CustomErrorBase } from '@backstage/errors';
import { readResponseText, TooLargeError } from '../http';
import { canonicalEcosystem, packageKey } from './packageKey';
import type {
  AdvisorySource,
  FindAdvisoriesOptions,
  OsvVulnerability,
  PackageQuery,
} from './types';

/**
 * The public OSV API.
 *
 * @public
 */
export const DEFAULT_OSV_BASE_URL = 'https://api.osv.dev';

/** OSV's limit of queries per `/v1/querybatch` call. */
const MAX_BATCH_SIZE = 1000;

/**
 * Options of {@link OsvClient}.
 *
 * @public
 */
export interface OsvClientOptions {
  /**
   * Base URL of the OSV API (an http or https URL, optionally with a path
   * prefix for a proxy); default {@link DEFAULT_OSV_BASE_URL}. It is the only
   * origin the client ever fetches.
   */
  baseUrl?: string;
  /**
   * Where query results and advisory records are cached. A private in-memory
   * cache is used when absent.
   */
  cache?: CacheService;
  /** How long the advisory ids of a package version are cached; default 6 hours. */
  queryTtlMs?: number;
  /**
   * How long an advisory record is cached; default 7 days. A record is
   * refetched earlier when a query reports a different `modified` time.
   */
  vulnTtlMs?: number;
  /** Queries per batch call, at most (and by default) 1,000. */
  batchSize?: number;
  /**
   * How long uncached package versions wait for other concurrent lookups
   * (other entities of a collection run) to join the same batch call before
   * it is sent; default 50 ms. A batch is sent at once when it is full.
   */
  batchWindowMs?: number;
  /** Advisory records fetched in parallel; default 8. */
  concurrency?: number;
  /** Attempts per request, retries included; default 4. */
  maxAttempts?: number;
  /** First retry delay, doubled on each retry; default 500 ms. */
  baseDelayMs?: number;
  /** Longest wait between attempts, `Retry-After` included; default 30 s. */
  maxDelayMs?: number;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /** Rounds of `next_page_token` follow-ups before giving up; default 50. */
  maxPages?: number;
  /**
   * Largest response body read, in bytes; default 32 MiB. A larger answer
   * fails the lookup (the affected checks turn unknown), never retried.
   */
  maxResponseBytes?: number;
  /** Waits between attempts; injectable so tests do not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The fetch implementation; the global `fetch` by default. */
  fetch?: typeof fetch;
}

/**
 * Counters of what an {@link OsvClient} did since it was created (or since
 * {@link OsvClient.resetStats}).
 *
 * @public
 */
export interface OsvClientStats {
  /** `POST /v1/querybatch` calls that got a response, retries excluded. */
  batchCalls: number;
  /** `GET /v1/vulns/{id}` calls that got a response, retries excluded. */
  vulnFetches: number;
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Retried attempts. */
  retries: number;
  /** Package versions answered from the cache. */
  queryCacheHits: number;
  /** Advisory records answered from the cache. */
  vulnCacheHits: number;
  /** `queryCacheHits + vulnCacheHits`. */
  cacheHits: number;
}

/**
 * A failed OSV request. The message names the method, the URL path and the
 * status (when a response was received).
 *
 * @public
 */
export class OsvRequestError extends CustomErrorBase {
  name = 'OsvRequestError' as const;
  /** The HTTP status, absent when no response was received. */
  readonly status?: number;
  /** The URL path of the request, for example `/v1/querybatch`. */
  readonly path: string;

  constructor(
    message: string,
    details: { path: string; status?: number; cause?: unknown },
  ) {
    super(message, details.cause);
    this.path = details.path;
    this.status = details.status;
  }
}

interface CacheLike {
  get(key: string): Promise<JsonValue | undefined>;
  set(key: string, value: JsonValue, options?: { ttl?: number }): Promise<void>;
}

/** A tiny TTL map, for when no Backstage cache is given. */
class MemoryCache implements CacheLike {
  readonly #entries = new Map<
    string,
    { value: JsonValue; expiresAt: number }
  >();

  async get(key: string) {
    const entry = this.#entries.get(key);
    if (!entry) {
      return undefined;
    }
    if (entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async set(key: string, value: JsonValue, options?: { ttl?: number }) {
    const ttl = options?.ttl ?? 60 * 60 * 1000;
    this.#entries.set(key, { value, expiresAt: Date.now() + ttl });
  }
}

interface VulnRef {
  id: string;
  modified?: string;
}

interface CachedVuln {
  modified: string;
  record: OsvVulnerability;
}

/**
 * Work shared by several callers (a coalesced batch call, one advisory
 * fetch). It is aborted only when every caller waiting on it has aborted, so
 * one entity's timeout never fails another entity's lookup.
 */
class SharedWork<T> {
  readonly controller = new AbortController();
  readonly promise: Promise<T>;
  #resolve!: (value: T) => void;
  #reject!: (error: unknown) => void;
  #waiting = 0;
  #unabortable = false;

  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // Callers that gave up must not see an unhandled rejection.
    this.promise.catch(() => undefined);
  }

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  settle(work: Promise<T>): void {
    work.then(this.#resolve, this.#reject);
  }

  /** The result for one caller, rejected at once when its signal aborts. */
  join(signal: AbortSignal | undefined): Promise<T> {
    if (!signal) {
      this.#unabortable = true;
      return this.promise;
    }
    signal.throwIfAborted();
    this.#waiting++;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.#waiting--;
        if (this.#waiting === 0 && !this.#unabortable) {
          this.controller.abort(signal.reason);
        }
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.promise.then(
        value => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        error => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}

/** Package versions waiting for the next `/v1/querybatch` call. */
interface OpenBatch {
  work: SharedWork<Map<string, VulnRef[]>>;
  queries: Map<string, PackageQuery>;
  timer?: ReturnType<typeof setTimeout>;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`Invalid OSV base URL: ${baseUrl}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`OSV base URL must be http or https: ${baseUrl}`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new TypeError(
      `OSV base URL must not have credentials, a query or a fragment: ${baseUrl}`,
    );
  }
  return `${url.origin}${url.pathname.replace(/(?<!\/)\/+$/, '')}`;
}

/** Seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) {
    return undefined;
  }
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function parseVulnRefs(value: unknown): VulnRef[] | undefined {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    return undefined;
  }
  const refs: VulnRef[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.id !== 'string' || item.id === '') {
      return undefined;
    }
    refs.push({
      id: item.id,
      ...(typeof item.modified === 'string' ? { modified: item.modified } : {}),
    });
  }
  return refs;
}

/**
 * The online advisory source: the OSV API (https://google.github.io/osv.dev/api/).
 *
 * One {@link OsvClient.findAdvisories} call deduplicates its packages, asks
 * `POST /v1/querybatch` for the advisory ids of the package versions that
 * are not cached (1,000 per call, following `next_page_token` for only the
 * queries that have one), then fetches each unique advisory once with
 * `GET /v1/vulns/{id}` unless the cache holds it with the same `modified`
 * time. Concurrent calls share the work: package versions wait up to
 * `batchWindowMs` so the lookups of many entities go out in the same batch
 * calls, and a package version or advisory already being asked is never
 * asked twice. A run over a whole catalog thus makes about one batch call
 * per 1,000 unique package versions and one fetch per unique advisory. The
 * shared work is aborted only when every caller waiting on it has aborted;
 * 429 and 5xx answers (and network errors and timeouts) are retried with
 * exponential backoff honouring `Retry-After`; other answers fail at once
 * with an {@link OsvRequestError}.
 *
 * @public
 */
export class OsvClient implements AdvisorySource {
  readonly #baseUrl: string;
  readonly #cache: CacheLike;
  readonly #queryTtlMs: number;
  readonly #vulnTtlMs: number;
  readonly #batchSize: number;
  readonly #batchWindowMs: number;
  readonly #concurrency: number;
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #timeoutMs: number;
  readonly #maxPages: number;
  readonly #maxResponseBytes: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #fetch: typeof fetch;
  #stats: OsvClientStats = OsvClient.#emptyStats();
  /** The batch still accepting queries, if any. */
  #openBatch: OpenBatch | undefined;
  /** Package versions queued or being asked, by package key. */
  readonly #pendingQueries = new Map<
    string,
    SharedWork<Map<string, VulnRef[]>>
  >();
  /** Advisory records being fetched, by id. */
  readonly #pendingVulns = new Map<string, SharedWork<OsvVulnerability>>();
  /** Advisory fetches waiting for one of the `concurrency` slots. */
  readonly #vulnQueue: Array<() => void> = [];
  #vulnSlotsUsed = 0;

  static #emptyStats(): OsvClientStats {
    return {
      batchCalls: 0,
      vulnFetches: 0,
      requests: 0,
      retries: 0,
      queryCacheHits: 0,
      vulnCacheHits: 0,
      cacheHits: 0,
    };
  }

  constructor(options: OsvClientOptions = {}) {
    // A cache outage must not fail a scan: errors read as misses.
    const cache = options.cache;
    const positive = (value: number | undefined, fallback: number) =>
      value !== undefined && Number.isFinite(value) && value > 0
        ? value
        : fallback;
    this.#baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_OSV_BASE_URL);
    this.#cache = cache
      ? {
          get: key => cache.get(key).catch(() => undefined),
          set: (key, value, setOptions) =>
            cache.set(key, value, setOptions).catch(() => undefined),
        }
      : new MemoryCache();
    this.#queryTtlMs = positive(options.queryTtlMs, 6 * 60 * 60 * 1000);
    this.#vulnTtlMs = positive(options.vulnTtlMs, 7 * 24 * 60 * 60 * 1000);
    this.#batchSize = Math.min(
      MAX_BATCH_SIZE,
      Math.floor(positive(options.batchSize, MAX_BATCH_SIZE)),
    );
    this.#batchWindowMs =
      options.batchWindowMs !== undefined &&
      Number.isFinite(options.batchWindowMs) &&
      options.batchWindowMs >= 0
        ? options.batchWindowMs
        : 50;
    this.#concurrency = Math.floor(positive(options.concurrency, 8));
    this.#maxAttempts = Math.floor(positive(options.maxAttempts, 4));
    this.#baseDelayMs = positive(options.baseDelayMs, 500);
    this.#maxDelayMs = positive(options.maxDelayMs, 30_000);
    this.#timeoutMs = positive(options.timeoutMs, 30_000);
    this.#maxPages = Math.floor(positive(options.maxPages, 50));
    this.#maxResponseBytes = Math.floor(
      positive(options.maxResponseBytes, 32 * 1024 * 1024),
    );
    this.#sleep = options.sleep ?? defaultSleep;
    this.#fetch = options.fetch ?? ((...args) => fetch(...args));
  }

  /** The base URL requests go to, normalized (no trailing slash). */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  /** A copy of the counters. */
  getStats(): OsvClientStats {
    return { ...this.#stats };
  }

  /** Sets every counter back to zero. */
  resetStats(): void {
    this.#stats = OsvClient.#emptyStats();
  }

  async findAdvisories(
    packages: PackageQuery[],
    options: FindAdvisoriesOptions = {},
  ): Promise<Map<string, OsvVulnerability[]>> {
    const { signal } = options;
    signal?.throwIfAborted();

    // 1. Deduplicate.
    const unique = new Map<string, PackageQuery>();
    for (const pkg of packages) {
      const key = packageKey(pkg);
      if (!pkg.name.trim() || !pkg.version.trim()) {
        options.onProblem?.({
          kind: 'invalid-query',
          packageKey: key,
          reason: 'a package query needs a name and a version',
        });
        continue;
      }
      if (!unique.has(key)) {
        unique.set(key, {
          ecosystem: canonicalEcosystem(pkg.ecosystem),
          name: pkg.name.trim(),
          version: pkg.version.trim(),
        });
      }
    }

    // 2. Advisory ids per package version: from the cache, or from a batch
    // call shared with the concurrent lookups of other callers.
    const refsByKey = new Map<string, VulnRef[]>();
    const waits: Array<Promise<void>> = [];
    for (const [key, pkg] of unique) {
      const value = await this.#cache.get(this.#queryKey(key));
      const cached = value === undefined ? undefined : parseVulnRefs(value);
      if (cached) {
        refsByKey.set(key, cached);
        this.#stats.queryCacheHits++;
        this.#stats.cacheHits++;
        continue;
      }
      const work = this.#enqueueQuery(key, pkg);
      waits.push(
        work.join(signal).then(answers => {
          refsByKey.set(key, answers.get(key) ?? []);
        }),
      );
    }
    await Promise.all(waits);

    // 3. One record per unique advisory id.
    const wanted = new Map<string, string | undefined>();
    for (const refs of refsByKey.values()) {
      for (const ref of refs) {
        const known = wanted.get(ref.id);
        if (
          !wanted.has(ref.id) ||
          (ref.modified && (!known || ref.modified > known))
        ) {
          wanted.set(ref.id, ref.modified);
        }
      }
    }
    const records = await this.#fetchVulns(wanted, signal);

    // 4. Answer.
    const result = new Map<string, OsvVulnerability[]>();
    for (const key of unique.keys()) {
      const refs = refsByKey.get(key) ?? [];
      const seen = new Set<string>();
      const vulns: OsvVulnerability[] = [];
      for (const ref of refs) {
        const record = records.get(ref.id);
        if (record && !seen.has(ref.id)) {
          seen.add(ref.id);
          vulns.push(record);
        }
      }
      result.set(key, vulns);
    }
    return result;
  }

  /** The shared batch that answers this package version. */
  #enqueueQuery(
    key: string,
    pkg: PackageQuery,
  ): SharedWork<Map<string, VulnRef[]>> {
    const pending = this.#pendingQueries.get(key);
    if (pending && !pending.aborted) {
      return pending;
    }
    let batch = this.#openBatch;
    if (!batch || batch.work.aborted) {
      batch = { work: new SharedWork(), queries: new Map() };
      this.#openBatch = batch;
    }
    batch.queries.set(key, pkg);
    this.#pendingQueries.set(key, batch.work);
    if (batch.queries.size >= this.#batchSize) {
      this.#sendBatch(batch);
    } else if (!batch.timer) {
      const open = batch;
      batch.timer = setTimeout(
        () => this.#sendBatch(open),
        this.#batchWindowMs,
      );
    }
    return batch.work;
  }

  #sendBatch(batch: OpenBatch): void {
    clearTimeout(batch.timer);
    if (this.#openBatch === batch) {
      this.#openBatch = undefined;
    }
    const misses = [...batch.queries];
    const forget = () => {
      for (const [key] of misses) {
        if (this.#pendingQueries.get(key) === batch.work) {
          this.#pendingQueries.delete(key);
        }
      }
    };
    const run = async () => {
      try {
        if (batch.work.aborted) {
          throw batch.work.controller.signal.reason;
        }
        const fetched = await this.#queryBatches(
          misses,
          batch.work.controller.signal,
        );
        for (const [key, refs] of fetched) {
          await this.#cache.set(
            this.#queryKey(key),
            refs as unknown as JsonValue,
            { ttl: this.#queryTtlMs },
          );
        }
        return fetched;
      } finally {
        forget();
      }
    };
    batch.work.settle(run());
  }

  #queryKey(key: string): string {
    return `osv:v1:query:${this.#baseUrl}:${key}`;
  }

  #vulnKey(id: string): string {
    return `osv:v1:vuln:${this.#baseUrl}:${id}`;
  }

  async #queryBatches(
    misses: Array<[string, PackageQuery]>,
    signal: AbortSignal | undefined,
  ): Promise<Map<string, VulnRef[]>> {
    const results = new Map<string, VulnRef[]>(
      misses.map(([key]) => [key, []]),
    );
    let pending: Array<{ key: string; pkg: PackageQuery; pageToken?: string }> =
      misses.map(([key, pkg]) => ({ key, pkg }));
    let round = 0;
    while (pending.length > 0) {
      if (round > this.#maxPages) {
        throw new OsvRequestError(
          `OSV request POST /v1/querybatch still had more pages after ${this.#maxPages} rounds`,
          { path: '/v1/querybatch' },
        );
      }
      const next: typeof pending = [];
      for (let i = 0; i < pending.length; i += this.#batchSize) {
        const batch = pending.slice(i, i + this.#batchSize);
        const body = {
          queries: batch.map(q => ({
            package: { ecosystem: q.pkg.ecosystem, name: q.pkg.name },
            version: q.pkg.version,
            ...(q.pageToken ? { page_token: q.pageToken } : {}),
          })),
        };
        const response = await this.#request(
          'POST',
          '/v1/querybatch',
          signal,
          body,
        );
        this.#stats.batchCalls++;
        const answers = isRecord(response) ? response.results : undefined;
        if (!Array.isArray(answers) || answers.length !== batch.length) {
          throw new OsvRequestError(
            `OSV response from POST /v1/querybatch (status 200) does not hold one result per query`,
            { path: '/v1/querybatch', status: 200 },
          );
        }
        answers.forEach((answer, index) => {
          const query = batch[index];
          const refs = isRecord(answer)
            ? parseVulnRefs(answer.vulns)
            : undefined;
          if (!refs) {
            throw new OsvRequestError(
              `OSV response from POST /v1/querybatch (status 200) has a malformed result for ${query.pkg.ecosystem}/${query.pkg.name}`,
              { path: '/v1/querybatch', status: 200 },
            );
          }
          results.get(query.key)!.push(...refs);
          const token = (answer as Record<string, unknown>).next_page_token;
          if (typeof token === 'string' && token !== '') {
            next.push({ ...query, pageToken: token });
          }
        });
      }
      pending = next;
      round++;
    }
    return results;
  }

  async #fetchVulns(
    wanted: Map<string, string | undefined>,
    signal: AbortSignal | undefined,
  ): Promise<Map<string, OsvVulnerability>> {
    const records = new Map<string, OsvVulnerability>();
    const waits: Array<Promise<void>> = [];
    for (const [id, modified] of wanted) {
      const cached = (await this.#cache.get(this.#vulnKey(id))) as
        CachedVuln | undefined;
      if (
        isRecord(cached) &&
        isRecord(cached.record) &&
        (modified === undefined || cached.modified === modified)
      ) {
        records.set(id, cached.record as OsvVulnerability);
        this.#stats.vulnCacheHits++;
        this.#stats.cacheHits++;
        continue;
      }
      let work = this.#pendingVulns.get(id);
      if (!work || work.aborted) {
        work = this.#startVulnFetch(id);
      }
      waits.push(
        work.join(signal).then(record => {
          records.set(id, record);
        }),
      );
    }
    await Promise.all(waits);
    return records;
  }

  /** One `GET /v1/vulns/{id}`, shared by every caller that needs it. */
  #startVulnFetch(id: string): SharedWork<OsvVulnerability> {
    const work = new SharedWork<OsvVulnerability>();
    this.#pendingVulns.set(id, work);
    const run = async () => {
      await this.#acquireVulnSlot();
      try {
        const signal = work.controller.signal;
        signal.throwIfAborted();
        const path = `/v1/vulns/${encodeURIComponent(id)}`;
        const record = await this.#request('GET', path, signal);
        this.#stats.vulnFetches++;
        if (!isRecord(record) || record.id !== id) {
          throw new OsvRequestError(
            `OSV response from GET ${path} (status 200) is not the advisory ${id}`,
            { path, status: 200 },
          );
        }
        const vuln = record as unknown as OsvVulnerability;
        const cached: CachedVuln = {
          modified: typeof vuln.modified === 'string' ? vuln.modified : '',
          record: vuln,
        };
        await this.#cache.set(
          this.#vulnKey(id),
          cached as unknown as JsonValue,
          { ttl: this.#vulnTtlMs },
        );
        return vuln;
      } finally {
        this.#releaseVulnSlot();
        if (this.#pendingVulns.get(id) === work) {
          this.#pendingVulns.delete(id);
        }
      }
    };
    work.settle(run());
    return work;
  }

  async #acquireVulnSlot(): Promise<void> {
    if (this.#vulnSlotsUsed < this.#concurrency) {
      this.#vulnSlotsUsed++;
      return;
    }
    await new Promise<void>(resolve => this.#vulnQueue.push(resolve));
  }

  /** Hands the slot to the next waiting fetch, or frees it. */
  #releaseVulnSlot(): void {
    const next = this.#vulnQueue.shift();
    if (next) {
      next();
    } else {
      this.#vulnSlotsUsed--;
    }
  }

  async #request(
    method: 'GET' | 'POST',
    path: string,
    signal: AbortSignal | undefined,
    body?: unknown,
  ): Promise<unknown> {
    const url = `${this.#baseUrl}${path}`;
    let lastError: OsvRequestError | undefined;
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt++) {
      signal?.throwIfAborted();
      if (attempt > 1) {
        this.#stats.retries++;
      }
      this.#stats.requests++;
      const timeout = AbortSignal.timeout(this.#timeoutMs);
      const requestSignal = signal
        ? AbortSignal.any([signal, timeout])
        : timeout;
      let response: Response;
      try {
        response = await this.#fetch(url, {
          method,
          headers: {
            accept: 'application/json',
            ...(body !== undefined
              ? { 'content-type': 'application/json' }
              : {}),
          },
          body: body !== undefined ? JSON.stringify(body) : undefined,
          signal: requestSignal,
          redirect: 'error',
        });
      } catch (error) {
        signal?.throwIfAborted();
        const reason = timeout.aborted
          ? `timed out after ${this.#timeoutMs} ms`
          : `failed: ${error instanceof Error ? error.message : String(error)}`;
        lastError = new OsvRequestError(
          `OSV request ${method} ${path} ${reason} (no response status)`,
          { path, cause: error },
        );
        await this.#backoff(attempt, undefined, signal);
        continue;
      }

      if (response.ok) {
        let text: string;
        try {
          text = await readResponseText(
            response,
            this.#maxResponseBytes,
            `OSV response from ${method} ${path}`,
          );
        } catch (error) {
          signal?.throwIfAborted();
          if (error instanceof TooLargeError) {
            // The same answer would come again: fail now, with the reason.
            throw new OsvRequestError(error.message, {
              path,
              status: response.status,
              cause: error,
            });
          }
          lastError = new OsvRequestError(
            `OSV request ${method} ${path} (status ${response.status}) failed while reading the body`,
            { path, status: response.status, cause: error },
          );
          await this.#backoff(attempt, undefined, signal);
          continue;
        }
        try {
          return JSON.parse(text);
        } catch (error) {
          throw new OsvRequestError(
            `OSV response from ${method} ${path} (status ${response.status}) is not valid JSON`,
            { path, status: response.status, cause: error },
          );
        }
      }

      // Drain the body so the connection can be reused.
      await response.text().catch(() => undefined);
      const retryable = response.status === 429 || response.status >= 500;
      lastError = new OsvRequestError(
        `OSV request ${method} ${path} failed with status ${response.status}${
          retryable
            ? ` after ${attempt} attempt${attempt === 1 ? '' : 's'}`
            : ''
        }`,
        { path, status: response.status },
      );
      if (!retryable) {
        throw lastError;
      }
      await this.#backoff(
        attempt,
        retryAfterMs(response.headers.get('retry-after')),
        signal,
      );
    }
    throw (
      lastError ??
      new OsvRequestError(`OSV request ${method} ${path} was not sent`, {
        path,
      })
    );
  }

  async #backoff(
    attempt: number,
    retryAfter: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (attempt >= this.#maxAttempts) {
      return;
    }
    const exponential = this.#baseDelayMs * 2 ** (attempt - 1);
    const delay = Math.min(this.#maxDelayMs, retryAfter ?? exponential);
    await this.#sleep(delay, signal);
  }
}
