import {
  isRecord,
  type OsvCache,
  parseVulnRefs,
  type VulnRef,
} from './osvCache';
import { type OsvHttp, OsvRequestError } from './osvHttp';
import type { OsvVulnerability, PackageQuery } from './types';

/** Who waits on each signal, and the one abort listener that tells them. */
const abortWaiters = new WeakMap<
  AbortSignal,
  { waiters: Set<() => void>; listener: () => void }
>();

/**
 * Calls `onAbort` when `signal` aborts, through one listener per signal
 * however many lookups of one entity wait on it (a listener each set off
 * Node's MaxListenersExceededWarning); returns the unsubscribe.
 */
function whenAborted(signal: AbortSignal, onAbort: () => void): () => void {
  let entry = abortWaiters.get(signal);
  if (!entry) {
    const waiters = new Set<() => void>();
    const listener = () => {
      abortWaiters.delete(signal);
      for (const waiter of waiters) waiter();
    };
    entry = { waiters, listener };
    abortWaiters.set(signal, entry);
    signal.addEventListener('abort', listener, { once: true });
  }
  const { waiters, listener } = entry;
  waiters.add(onAbort);
  return () => {
    waiters.delete(onAbort);
    if (waiters.size === 0 && abortWaiters.get(signal) === entry) {
      abortWaiters.delete(signal);
      signal.removeEventListener('abort', listener);
    }
  };
}

/**
 * Work shared by several callers (a coalesced batch call, one advisory
 * fetch). It is aborted only when every caller waiting on it has aborted, so
 * one entity's timeout never fails another entity's lookup.
 */
export class SharedWork<T> {
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
    return SharedWork.joinAll([this], signal).then(([value]) => value);
  }

  /** Several works' results for one caller; rejected when its signal aborts. */
  static joinAll<T>(
    works: Array<SharedWork<T>>,
    signal: AbortSignal | undefined,
  ): Promise<T[]> {
    const all = Promise.all(works.map(work => work.promise));
    if (!signal) {
      for (const work of works) work.#unabortable = true;
      return all;
    }
    signal.throwIfAborted();
    for (const work of works) work.#waiting++;
    return new Promise<T[]>((resolve, reject) => {
      const onAbort = () => {
        for (const work of works) {
          work.#waiting--;
          if (work.#waiting === 0 && !work.#unabortable) {
            work.controller.abort(signal.reason);
          }
        }
        reject(signal.reason);
      };
      const unsubscribe = whenAborted(signal, onAbort);
      all.then(
        values => {
          unsubscribe();
          resolve(values);
        },
        error => {
          unsubscribe();
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

/**
 * Coalesces the package-version lookups of concurrent callers into shared
 * `POST /v1/querybatch` calls: a version waits up to `batchWindowMs` for
 * others, a full batch goes out at once, and a version already queued or
 * being asked joins that call instead of being asked twice.
 */
export class OsvQueryBatcher {
  readonly #http: OsvHttp;
  readonly #cache: OsvCache;
  readonly #batchSize: number;
  readonly #batchWindowMs: number;
  readonly #maxPages: number;
  readonly #stats: { batchCalls: number };
  /** The batch still accepting queries, if any. */
  #openBatch: OpenBatch | undefined;
  /** Package versions queued or being asked, by package key. */
  readonly #pendingQueries = new Map<
    string,
    SharedWork<Map<string, VulnRef[]>>
  >();

  constructor(options: {
    http: OsvHttp;
    cache: OsvCache;
    batchSize: number;
    batchWindowMs: number;
    maxPages: number;
    stats: { batchCalls: number };
  }) {
    this.#http = options.http;
    this.#cache = options.cache;
    this.#batchSize = options.batchSize;
    this.#batchWindowMs = options.batchWindowMs;
    this.#maxPages = options.maxPages;
    this.#stats = options.stats;
  }

  /** The shared batch that answers this package version. */
  enqueue(key: string, pkg: PackageQuery): SharedWork<Map<string, VulnRef[]>> {
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

  /**
   * Asks every query now, in full batch calls, without waiting for others
   * or reading the cache, and caches the answers.
   */
  async queryNow(
    queries: Array<[string, PackageQuery]>,
    signal: AbortSignal | undefined,
  ): Promise<Map<string, VulnRef[]>> {
    const fetched = await this.#queryBatches(queries, signal);
    for (const [key, refs] of fetched) {
      await this.#cache.setQuery(key, refs);
    }
    return fetched;
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
          await this.#cache.setQuery(key, refs);
        }
        return fetched;
      } finally {
        forget();
      }
    };
    batch.work.settle(run());
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
        const response = await this.#http.request(
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
}

/**
 * Fetches advisory records with `GET /v1/vulns/{id}`, at most `concurrency`
 * at a time, each one once however many callers want it at the same time;
 * answered from the cache when it holds the same `modified` time.
 */
export class OsvVulnFetcher {
  readonly #http: OsvHttp;
  readonly #cache: OsvCache;
  readonly #concurrency: number;
  readonly #stats: {
    vulnFetches: number;
    vulnCacheHits: number;
    cacheHits: number;
  };
  /** Advisory records being fetched, by id. */
  readonly #pendingVulns = new Map<string, SharedWork<OsvVulnerability>>();
  /** Advisory fetches waiting for one of the `concurrency` slots. */
  readonly #vulnQueue: Array<() => void> = [];
  #vulnSlotsUsed = 0;

  constructor(options: {
    http: OsvHttp;
    cache: OsvCache;
    concurrency: number;
    stats: { vulnFetches: number; vulnCacheHits: number; cacheHits: number };
  }) {
    this.#http = options.http;
    this.#cache = options.cache;
    this.#concurrency = options.concurrency;
    this.#stats = options.stats;
  }

  /** The record of every wanted id (with the `modified` time a query reported). */
  async fetch(
    wanted: Map<string, string | undefined>,
    signal: AbortSignal | undefined,
  ): Promise<Map<string, OsvVulnerability>> {
    const records = new Map<string, OsvVulnerability>();
    const waits: Array<[string, SharedWork<OsvVulnerability>]> = [];
    for (const [id, modified] of wanted) {
      const cached = await this.#cache.getVuln(id, modified);
      if (cached) {
        records.set(id, cached);
        this.#stats.vulnCacheHits++;
        this.#stats.cacheHits++;
        continue;
      }
      let work = this.#pendingVulns.get(id);
      if (!work || work.aborted) {
        work = this.#startVulnFetch(id);
      }
      waits.push([id, work]);
    }
    const fetched = await SharedWork.joinAll(
      waits.map(([, work]) => work),
      signal,
    );
    waits.forEach(([id], i) => records.set(id, fetched[i]));
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
        const record = await this.#http.request('GET', path, signal);
        this.#stats.vulnFetches++;
        if (!isRecord(record) || record.id !== id) {
          throw new OsvRequestError(
            `OSV response from GET ${path} (status 200) is not the advisory ${id}`,
            { path, status: 200 },
          );
        }
        const vuln = record as unknown as OsvVulnerability;
        await this.#cache.setVuln(id, vuln);
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
}
