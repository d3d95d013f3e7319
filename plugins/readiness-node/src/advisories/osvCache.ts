import type { CacheService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import type { OsvVulnerability } from './types';

/** One advisory id a query answered, with the record's `modified` time. */
export interface VulnRef {
  id: string;
  modified?: string;
}

interface CachedVuln {
  modified: string;
  record: OsvVulnerability;
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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The advisory refs of one query result; undefined when malformed. An absent
 * list means no advisories.
 */
export function parseVulnRefs(value: unknown): VulnRef[] | undefined {
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
 * The OSV client's cache of query results (advisory refs per package
 * version) and advisory records, keyed by base URL so two OSV instances
 * never share entries.
 */
export class OsvCache {
  readonly #cache: CacheLike;
  readonly #baseUrl: string;
  readonly #queryTtlMs: number;
  readonly #vulnTtlMs: number;

  constructor(options: {
    baseUrl: string;
    cache?: CacheService;
    queryTtlMs: number;
    vulnTtlMs: number;
  }) {
    const cache = options.cache;
    // A cache outage must not fail a scan: errors read as misses.
    this.#cache = cache
      ? {
          get: key => cache.get(key).catch(() => undefined),
          set: (key, value, setOptions) =>
            cache.set(key, value, setOptions).catch(() => undefined),
        }
      : new MemoryCache();
    this.#baseUrl = options.baseUrl;
    this.#queryTtlMs = options.queryTtlMs;
    this.#vulnTtlMs = options.vulnTtlMs;
  }

  /** The cached refs of a package version; undefined on a miss. */
  async getQuery(packageKey: string): Promise<VulnRef[] | undefined> {
    const value = await this.#cache.get(this.#queryKey(packageKey));
    return value === undefined ? undefined : parseVulnRefs(value);
  }

  async setQuery(packageKey: string, refs: VulnRef[]): Promise<void> {
    await this.#cache.set(
      this.#queryKey(packageKey),
      refs as unknown as JsonValue,
      { ttl: this.#queryTtlMs },
    );
  }

  /**
   * The cached record of an advisory, unless a query reported a different
   * `modified` time than the cached one.
   */
  async getVuln(
    id: string,
    modified: string | undefined,
  ): Promise<OsvVulnerability | undefined> {
    const cached = (await this.#cache.get(this.#vulnKey(id))) as
      CachedVuln | undefined;
    if (
      isRecord(cached) &&
      isRecord(cached.record) &&
      (modified === undefined || cached.modified === modified)
    ) {
      return cached.record as OsvVulnerability;
    }
    return undefined;
  }

  async setVuln(id: string, vuln: OsvVulnerability): Promise<void> {
    const cached: CachedVuln = {
      modified: typeof vuln.modified === 'string' ? vuln.modified : '',
      record: vuln,
    };
    await this.#cache.set(this.#vulnKey(id), cached as unknown as JsonValue, {
      ttl: this.#vulnTtlMs,
    });
  }

  #queryKey(key: string): string {
    return `osv:v1:query:${this.#baseUrl}:${key}`;
  }

  #vulnKey(id: string): string {
    return `osv:v1:vuln:${this.#baseUrl}:${id}`;
  }
}
