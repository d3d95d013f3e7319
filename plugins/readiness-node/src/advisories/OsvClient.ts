import type { CacheService } from '@backstage/backend-plugin-api';
import { OsvQueryBatcher, OsvVulnFetcher, SharedWork } from './osvBatching';
import { OsvCache, type VulnRef } from './osvCache';
import { defaultSleep, normalizeBaseUrl, OsvHttp } from './osvHttp';
import { canonicalEcosystem, packageKey } from './packageKey';
import type {
  AdvisorySource,
  FindAdvisoriesOptions,
  OsvVulnerability,
  PackageQuery,
} from './types';
import type { AdvisoryCoverage } from './advisoryCoverage';

export { OsvRequestError } from './osvHttp';

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

function emptyStats(): OsvClientStats {
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

/** Each advisory id once, with the latest `modified` time any query gave. */
function latestModified(
  refLists: Iterable<VulnRef[]>,
): Map<string, string | undefined> {
  const wanted = new Map<string, string | undefined>();
  for (const refs of refLists) {
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
  return wanted;
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
  readonly #cache: OsvCache;
  readonly #batcher: OsvQueryBatcher;
  readonly #fetcher: OsvVulnFetcher;
  /** Shared with the parts, which count into it: reset in place. */
  readonly #stats: OsvClientStats = emptyStats();

  constructor(options: OsvClientOptions = {}) {
    const positive = (value: number | undefined, fallback: number) =>
      value !== undefined && Number.isFinite(value) && value > 0
        ? value
        : fallback;
    this.#baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_OSV_BASE_URL);
    this.#cache = new OsvCache({
      baseUrl: this.#baseUrl,
      cache: options.cache,
      queryTtlMs: positive(options.queryTtlMs, 6 * 60 * 60 * 1000),
      vulnTtlMs: positive(options.vulnTtlMs, 7 * 24 * 60 * 60 * 1000),
    });
    const http = new OsvHttp({
      baseUrl: this.#baseUrl,
      maxAttempts: Math.floor(positive(options.maxAttempts, 4)),
      baseDelayMs: positive(options.baseDelayMs, 500),
      maxDelayMs: positive(options.maxDelayMs, 30_000),
      timeoutMs: positive(options.timeoutMs, 30_000),
      maxResponseBytes: Math.floor(
        positive(options.maxResponseBytes, 32 * 1024 * 1024),
      ),
      sleep: options.sleep ?? defaultSleep,
      fetch: options.fetch ?? ((...args) => fetch(...args)),
      stats: this.#stats,
      budgetSource: 'osv',
    });
    this.#batcher = new OsvQueryBatcher({
      http,
      cache: this.#cache,
      batchSize: Math.min(
        MAX_BATCH_SIZE,
        Math.floor(positive(options.batchSize, MAX_BATCH_SIZE)),
      ),
      batchWindowMs:
        options.batchWindowMs !== undefined &&
        Number.isFinite(options.batchWindowMs) &&
        options.batchWindowMs >= 0
          ? options.batchWindowMs
          : 50,
      maxPages: Math.floor(positive(options.maxPages, 50)),
      stats: this.#stats,
    });
    this.#fetcher = new OsvVulnFetcher({
      http,
      cache: this.#cache,
      concurrency: Math.floor(positive(options.concurrency, 8)),
      stats: this.#stats,
    });
  }

  /** The base URL requests go to, normalized (no trailing slash). */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  /** The online API covers every OSV ecosystem and is always current. */
  async coverage(): Promise<AdvisoryCoverage> {
    return { kind: 'osv-api', location: this.#baseUrl };
  }

  /** A copy of the counters. */
  getStats(): OsvClientStats {
    return { ...this.#stats };
  }

  /** Sets every counter back to zero. */
  resetStats(): void {
    Object.assign(this.#stats, emptyStats());
  }

  /**
   * Asks for every package at once, bypassing cached answers, so a new
   * advisory of a package version asked before is noticed: full
   * `querybatch` calls of up to 1,000, then `GET /v1/vulns/{id}` for each
   * advisory whose `modified` time the cache does not hold. The answers are
   * cached, so the lookups that follow make no call for these packages.
   * The collection cycle calls it with the packages of every stored
   * inventory: at most ⌈unique / 1000⌉ + unique advisories calls.
   */
  async prefetch(
    packages: PackageQuery[],
    options: { signal?: AbortSignal } = {},
  ): Promise<void> {
    const { signal } = options;
    signal?.throwIfAborted();
    const unique = this.#unique(packages);
    if (unique.size === 0) {
      return;
    }
    const answers = await this.#batcher.queryNow([...unique], signal);
    await this.#fetcher.fetch(latestModified(answers.values()), signal);
  }

  /** Valid queries by package key, each once; the others reported. */
  #unique(
    packages: PackageQuery[],
    onProblem?: FindAdvisoriesOptions['onProblem'],
  ): Map<string, PackageQuery> {
    const unique = new Map<string, PackageQuery>();
    for (const pkg of packages) {
      const key = packageKey(pkg);
      if (!pkg.name.trim() || !pkg.version.trim()) {
        onProblem?.({
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
    return unique;
  }

  async findAdvisories(
    packages: PackageQuery[],
    options: FindAdvisoriesOptions = {},
  ): Promise<Map<string, OsvVulnerability[]>> {
    const { signal } = options;
    signal?.throwIfAborted();

    // 1. Deduplicate.
    const unique = this.#unique(packages, options.onProblem);

    // 2. Advisory ids per package version: from the cache, or from a batch
    // call shared with the concurrent lookups of other callers.
    const refsByKey = new Map<string, VulnRef[]>();
    // Keys by the batch call that answers them: one wait per call.
    const waits = new Map<SharedWork<Map<string, VulnRef[]>>, string[]>();
    for (const [key, pkg] of unique) {
      const cached = await this.#cache.getQuery(key);
      if (cached) {
        refsByKey.set(key, cached);
        this.#stats.queryCacheHits++;
        this.#stats.cacheHits++;
        continue;
      }
      const work = this.#batcher.enqueue(key, pkg);
      const keys = waits.get(work) ?? [];
      keys.push(key);
      waits.set(work, keys);
    }
    const answered = await SharedWork.joinAll([...waits.keys()], signal);
    [...waits.values()].forEach((keys, i) => {
      for (const key of keys) {
        refsByKey.set(key, answered[i].get(key) ?? []);
      }
    });

    // 3. One record per unique advisory id.
    const wanted = latestModified(refsByKey.values());
    const records = await this.#fetcher.fetch(wanted, signal);

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
}
