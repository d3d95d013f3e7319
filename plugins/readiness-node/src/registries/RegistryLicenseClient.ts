import type { CacheService } from '@backstage/backend-plugin-api';
import { SharedWork } from '../advisories/osvBatching';
import {
  defaultSleep,
  normalizeBaseUrl,
  OsvHttp,
  OsvRequestError,
} from '../advisories/osvHttp';
import { canonicalEcosystem, packageKey } from '../advisories/packageKey';
import type { PackageQuery } from '../advisories/types';
import { createMemoryCache } from '../collection/memoryCache';
import { TooLargeError } from '../http';
import {
  licenseMetadataPath,
  type LicenseRegistryEcosystem,
  parseLicenseMetadata,
} from './licenseMetadata';
import { Slots } from './slots';

const labels: Record<LicenseRegistryEcosystem, string> = {
  npm: 'npm registry',
  PyPI: 'PyPI JSON API',
  'crates.io': 'crates.io API',
};

/**
 * Options of {@link RegistryLicenseClient}. Like the registry health
 * client's: no built-in URLs, only configured ones.
 *
 * @public
 */
export interface RegistryLicenseClientOptions {
  /** Ask no registry: every package it would answer for is unchecked (`offline`). */
  offline?: boolean;
  /** Base URL of the npm registry (or a mirror); npm licenses unchecked without one. */
  npmBaseUrl?: string;
  /** Base URL of PyPI's JSON API (or a mirror); PyPI licenses unchecked without one. */
  pypiBaseUrl?: string;
  /** Base URL of the crates.io web API (or a mirror); crate licenses unchecked without one. */
  cratesApiBaseUrl?: string;
  /** Where licenses are cached; a private in-memory cache when absent. */
  cache?: CacheService;
  /** How long one version's license is cached; default 7 days (published versions do not change). */
  ttlMs?: number;
  /** Versions fetched in parallel, per registry; default 8. */
  concurrency?: number;
  /** Attempts per request, retries included; default 4. */
  maxAttempts?: number;
  /** First retry delay, doubled on each retry; default 500 ms. */
  baseDelayMs?: number;
  /** Longest wait between attempts, `Retry-After` included; default 30 s. */
  maxDelayMs?: number;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /** Largest metadata body read, in bytes; default 4 MiB. */
  maxResponseBytes?: number;
  /** Waits between attempts; injectable so tests do not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The fetch implementation; the global `fetch` by default. */
  fetch?: typeof fetch;
}

/**
 * What the registries said about the licenses of a set of packages.
 *
 * @public
 */
export interface RegistryLicenseResult {
  /** Declared licenses, by {@link packageKey}; absent when none is stated. */
  licenses: Map<string, string>;
  /** Packages that could not be asked, per reason: their licenses stay unknown. */
  unchecked: Array<{ reason: string; packages: number }>;
}

/**
 * Where the declared licenses of locked packages come from.
 *
 * @public
 */
export interface RegistryLicenseSource {
  findLicenses(
    packages: PackageQuery[],
    options?: { signal?: AbortSignal },
  ): Promise<RegistryLicenseResult>;
}

interface Registry {
  ecosystem: LicenseRegistryEcosystem;
  baseUrl: string;
  http: OsvHttp;
  slots: Slots;
}

/** A cached answer: the license, or null when the registry states none. */
type CachedLicense = { license: string | null };

function isCachedLicense(value: unknown): value is CachedLicense {
  return (
    typeof value === 'object' &&
    value !== null &&
    'license' in value &&
    (typeof value.license === 'string' || value.license === null)
  );
}

function reasonOf(error: unknown): string {
  if (
    error instanceof OsvRequestError &&
    error.cause instanceof TooLargeError
  ) {
    return error.cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Declared licenses of locked packages, online, from npm (each version's
 * `/<name>/<version>`), PyPI's JSON API (`license_expression`, else
 * `license`) and the crates.io API. The registry health client's
 * discipline: one request per unique version shared by concurrent callers,
 * at most `concurrency` in flight per registry, answers cached per base URL,
 * bodies capped, 429 and 5xx retried with backoff honouring `Retry-After`.
 * A version that could not be asked is counted unchecked with the first
 * reason, never given a license.
 *
 * @public
 */
export class RegistryLicenseClient implements RegistryLicenseSource {
  readonly #offline: boolean;
  readonly #registries = new Map<LicenseRegistryEcosystem, Registry>();
  readonly #cache: CacheService;
  readonly #ttlMs: number;
  readonly #pending = new Map<string, SharedWork<string | null>>();

  constructor(options: RegistryLicenseClientOptions = {}) {
    const positive = (value: number | undefined, fallback: number) =>
      value !== undefined && Number.isFinite(value) && value > 0
        ? value
        : fallback;
    this.#offline = options.offline ?? false;
    this.#cache = options.cache ?? createMemoryCache();
    this.#ttlMs = positive(options.ttlMs, 7 * 24 * 60 * 60 * 1000);
    const concurrency = Math.floor(positive(options.concurrency, 8));
    const stats = { requests: 0, retries: 0 };
    const urls: Record<LicenseRegistryEcosystem, string | undefined> = {
      npm: options.npmBaseUrl,
      PyPI: options.pypiBaseUrl,
      'crates.io': options.cratesApiBaseUrl,
    };
    for (const ecosystem of Object.keys(urls) as LicenseRegistryEcosystem[]) {
      const url = urls[ecosystem];
      if (url === undefined) continue;
      const baseUrl = normalizeBaseUrl(url, labels[ecosystem]);
      this.#registries.set(ecosystem, {
        ecosystem,
        baseUrl,
        slots: new Slots(concurrency),
        http: new OsvHttp({
          label: labels[ecosystem],
          baseUrl,
          maxAttempts: Math.floor(positive(options.maxAttempts, 4)),
          baseDelayMs: positive(options.baseDelayMs, 500),
          maxDelayMs: positive(options.maxDelayMs, 30_000),
          timeoutMs: positive(options.timeoutMs, 30_000),
          maxResponseBytes: Math.floor(
            positive(options.maxResponseBytes, 4 * 1024 * 1024),
          ),
          sleep: options.sleep ?? defaultSleep,
          fetch: options.fetch ?? ((...args) => fetch(...args)),
          stats,
        }),
      });
    }
  }

  async findLicenses(
    packages: PackageQuery[],
    options: { signal?: AbortSignal } = {},
  ): Promise<RegistryLicenseResult> {
    const { signal } = options;
    signal?.throwIfAborted();
    const byEcosystem = new Map<
      LicenseRegistryEcosystem,
      Map<string, PackageQuery>
    >();
    for (const pkg of packages) {
      const ecosystem = canonicalEcosystem(pkg.ecosystem);
      if (!(ecosystem in labels)) continue;
      const wanted = ecosystem as LicenseRegistryEcosystem;
      const versions = byEcosystem.get(wanted) ?? new Map();
      versions.set(packageKey(pkg), pkg);
      byEcosystem.set(wanted, versions);
    }

    const licenses = new Map<string, string>();
    const unchecked: RegistryLicenseResult['unchecked'] = [];
    for (const [ecosystem, versions] of byEcosystem) {
      const registry = this.#registries.get(ecosystem);
      if (this.#offline || !registry) {
        unchecked.push({
          reason: this.#offline
            ? `offline: the ${labels[ecosystem]} was not asked`
            : `no ${labels[ecosystem]} URL is configured`,
          packages: versions.size,
        });
        continue;
      }
      let missed = 0;
      let firstReason: string | undefined;
      await Promise.all(
        [...versions].map(([key, pkg]) =>
          this.#licenseOf(registry, pkg, signal).then(
            license => {
              if (license !== null) licenses.set(key, license);
            },
            error => {
              signal?.throwIfAborted();
              missed += 1;
              firstReason ??= reasonOf(error);
            },
          ),
        ),
      );
      if (missed > 0) {
        unchecked.push({
          reason:
            missed > 1
              ? `${firstReason} (and ${missed - 1} more)`
              : firstReason!,
          packages: missed,
        });
      }
    }
    return { licenses, unchecked };
  }

  /** One version's license: cached, or one request shared by every caller. */
  async #licenseOf(
    registry: Registry,
    pkg: PackageQuery,
    signal: AbortSignal | undefined,
  ): Promise<string | null> {
    const path = licenseMetadataPath(registry.ecosystem, pkg.name, pkg.version);
    if (path === undefined) {
      throw new Error(
        `${pkg.name} ${pkg.version} is not a valid package for the ${labels[registry.ecosystem]}`,
      );
    }
    const cacheKey = `license:v1:${registry.baseUrl}${path}`;
    const cached = await this.#cache.get(cacheKey).catch(() => undefined);
    if (isCachedLicense(cached)) return cached.license;
    let work = this.#pending.get(cacheKey);
    if (!work || work.aborted) {
      const started = new SharedWork<string | null>();
      this.#pending.set(cacheKey, started);
      started.settle(
        registry.slots
          .run(() =>
            this.#fetchLicense(
              registry,
              pkg,
              path,
              cacheKey,
              started.controller.signal,
            ),
          )
          .finally(() => {
            if (this.#pending.get(cacheKey) === started) {
              this.#pending.delete(cacheKey);
            }
          }),
      );
      work = started;
    }
    return work.join(signal);
  }

  async #fetchLicense(
    registry: Registry,
    pkg: PackageQuery,
    path: string,
    cacheKey: string,
    signal: AbortSignal,
  ): Promise<string | null> {
    signal.throwIfAborted();
    const { text } = await registry.http.requestText({
      method: 'GET',
      path,
      signal,
    });
    let license: string | undefined;
    try {
      license = parseLicenseMetadata(
        registry.ecosystem,
        JSON.parse(text),
        pkg.name,
        pkg.version,
      );
    } catch (error) {
      throw new Error(
        `the ${labels[registry.ecosystem]} answer for ${pkg.name} ${pkg.version} is unreadable: ${(error as Error).message}`,
      );
    }
    const value: CachedLicense = { license: license ?? null };
    await this.#cache
      .set(cacheKey, value, { ttl: this.#ttlMs })
      .catch(() => undefined);
    return value.license;
  }
}
