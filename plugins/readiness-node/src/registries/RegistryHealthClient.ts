import type { CacheService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import type {
  DependencyHealthFinding,
  DependencyHealthSignal,
  UncheckedHealthSignal,
} from '@readiness/plugin-readiness-common';
import { SharedWork } from '../advisories/osvBatching';
import {
  defaultSleep,
  normalizeBaseUrl,
  OsvHttp,
  OsvRequestError,
} from '../advisories/osvHttp';
import { TooLargeError } from '../http';
import { canonicalEcosystem, packageKey } from '../advisories/packageKey';
import type { PackageQuery } from '../advisories/types';
import { createMemoryCache } from '../collection/memoryCache';
import {
  crateIndexPath,
  isPackageVersionMarks,
  npmPackagePath,
  type PackageVersionMarks,
  parseCrateIndex,
  parseNpmPackument,
} from './registryMetadata';
import { Slots } from './slots';

/** What each signal asks, for reasons that name it. */
const registryLabels: Record<DependencyHealthSignal, string> = {
  'npm-deprecated': 'npm registry',
  'crates-yanked': 'crates.io index',
};

/**
 * Options of {@link RegistryHealthClient}.
 *
 * @public
 */
export interface RegistryHealthClientOptions {
  /**
   * Ask no registry: every signal of a scanned ecosystem is reported
   * unchecked, with the reason `offline`. For air-gapped installs.
   */
  offline?: boolean;
  /**
   * Base URL of the npm registry (or a mirror). There is no built-in
   * default: without one, `npm-deprecated` is reported unchecked.
   */
  npmBaseUrl?: string;
  /**
   * Base URL of the crates.io sparse index (or a mirror). There is no
   * built-in default: without one, `crates-yanked` is reported unchecked.
   */
  cratesIndexBaseUrl?: string;
  /** Where package metadata is cached; a private in-memory cache when absent. */
  cache?: CacheService;
  /** How long the metadata of a package is cached; default 6 hours. */
  ttlMs?: number;
  /** Packages fetched in parallel, per registry; default 8. */
  concurrency?: number;
  /** Attempts per request, retries included; default 4. */
  maxAttempts?: number;
  /** First retry delay, doubled on each retry; default 500 ms. */
  baseDelayMs?: number;
  /** Longest wait between attempts, `Retry-After` included; default 30 s. */
  maxDelayMs?: number;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /**
   * Largest metadata body read, in bytes; default 16 MiB. A larger one
   * leaves its package unchecked, naming the limit.
   */
  maxResponseBytes?: number;
  /** Waits between attempts; injectable so tests do not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The fetch implementation; the global `fetch` by default. */
  fetch?: typeof fetch;
}

/**
 * What the registries said about a set of locked packages.
 *
 * @public
 */
export interface RegistryHealthResult {
  /** Deprecated or yanked versions, by {@link packageKey}. */
  findings: Map<string, DependencyHealthFinding>;
  /** Signals that could not be checked for some packages, and why. */
  unchecked: UncheckedHealthSignal[];
}

/**
 * Where the registry signals of locked packages come from.
 *
 * @public
 */
export interface RegistryHealthSource {
  checkPackages(
    packages: PackageQuery[],
    options?: { signal?: AbortSignal },
  ): Promise<RegistryHealthResult>;
}

interface Registry {
  signal: DependencyHealthSignal;
  label: string;
  baseUrl: string;
  http: OsvHttp;
  accept: string;
  pathOf(name: string): string | undefined;
  parse(text: string, name: string): PackageVersionMarks;
  finding(pkg: PackageQuery, message: string): DependencyHealthFinding;
}

/** The error to name as a reason, without a repeated "caused by". */
function plainError(error: unknown): Error {
  if (
    error instanceof OsvRequestError &&
    error.cause instanceof TooLargeError
  ) {
    return error.cause;
  }
  return error instanceof Error ? error : new Error(String(error));
}

const ecosystemSignals: Record<string, DependencyHealthSignal> = {
  npm: 'npm-deprecated',
  'crates.io': 'crates-yanked',
};

/**
 * Registry signals of dependency health, online: npm's `deprecated` from
 * each package's metadata (`GET /<name>`, abbreviated form) and crates.io's
 * `yanked` from its sparse index (`GET /se/rd/serde`).
 *
 * The same discipline as the OSV client: one request per unique package
 * name (every locked version answered from it), shared by concurrent
 * callers, at most `concurrency` in flight per registry, cached per base
 * URL, bodies capped, 429 and 5xx retried with backoff honouring
 * `Retry-After`. A package that could not be asked (an error, a 404 of a
 * package the registry does not hold, a version it does not list) is never
 * taken as healthy: it is counted in `unchecked` for its signal, with the
 * first reason.
 *
 * @public
 */
export class RegistryHealthClient implements RegistryHealthSource {
  readonly #offline: boolean;
  readonly #registries: Map<DependencyHealthSignal, Registry>;
  readonly #cache: CacheService;
  readonly #ttlMs: number;
  readonly #concurrency: number;
  readonly #pending = new Map<string, SharedWork<PackageVersionMarks>>();
  readonly #slots = new Map<DependencyHealthSignal, Slots>();

  constructor(options: RegistryHealthClientOptions = {}) {
    const positive = (value: number | undefined, fallback: number) =>
      value !== undefined && Number.isFinite(value) && value > 0
        ? value
        : fallback;
    this.#offline = options.offline ?? false;
    this.#cache = options.cache ?? createMemoryCache();
    this.#ttlMs = positive(options.ttlMs, 6 * 60 * 60 * 1000);
    this.#concurrency = Math.floor(positive(options.concurrency, 8));
    const stats = { requests: 0, retries: 0 };
    const http = (label: string, baseUrl: string) =>
      new OsvHttp({
        label,
        baseUrl,
        maxAttempts: Math.floor(positive(options.maxAttempts, 4)),
        baseDelayMs: positive(options.baseDelayMs, 500),
        maxDelayMs: positive(options.maxDelayMs, 30_000),
        timeoutMs: positive(options.timeoutMs, 30_000),
        maxResponseBytes: Math.floor(
          positive(options.maxResponseBytes, 16 * 1024 * 1024),
        ),
        sleep: options.sleep ?? defaultSleep,
        fetch: options.fetch ?? ((...args) => fetch(...args)),
        stats,
      });
    this.#registries = new Map<DependencyHealthSignal, Registry>();
    if (options.npmBaseUrl !== undefined) {
      const baseUrl = normalizeBaseUrl(
        options.npmBaseUrl,
        registryLabels['npm-deprecated'],
      );
      this.#registries.set('npm-deprecated', {
        signal: 'npm-deprecated',
        label: registryLabels['npm-deprecated'],
        baseUrl,
        http: http(registryLabels['npm-deprecated'], baseUrl),
        // The abbreviated document is a fraction of the full one and
        // still carries `deprecated`.
        accept:
          'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8',
        pathOf: npmPackagePath,
        parse: (text, name) => parseNpmPackument(JSON.parse(text), name),
        finding: (pkg, message) => ({
          ecosystem: pkg.ecosystem,
          packageName: pkg.name,
          version: pkg.version,
          kind: 'deprecated',
          summary: message,
        }),
      });
    }
    if (options.cratesIndexBaseUrl !== undefined) {
      const baseUrl = normalizeBaseUrl(
        options.cratesIndexBaseUrl,
        registryLabels['crates-yanked'],
      );
      this.#registries.set('crates-yanked', {
        signal: 'crates-yanked',
        label: registryLabels['crates-yanked'],
        baseUrl,
        http: http(registryLabels['crates-yanked'], baseUrl),
        accept: 'text/plain, application/json',
        pathOf: crateIndexPath,
        parse: parseCrateIndex,
        finding: pkg => ({
          ecosystem: pkg.ecosystem,
          packageName: pkg.name,
          version: pkg.version,
          kind: 'yanked',
          summary: `${pkg.name} ${pkg.version} was yanked from crates.io`,
        }),
      });
    }
  }

  async checkPackages(
    packages: PackageQuery[],
    options: { signal?: AbortSignal } = {},
  ): Promise<RegistryHealthResult> {
    const { signal } = options;
    signal?.throwIfAborted();
    // Unique versions per signal, and the names to ask for.
    const bySignal = new Map<
      DependencyHealthSignal,
      Map<string, PackageQuery>
    >();
    for (const pkg of packages) {
      const wanted = ecosystemSignals[canonicalEcosystem(pkg.ecosystem)];
      if (!wanted) {
        continue;
      }
      const versions = bySignal.get(wanted) ?? new Map();
      versions.set(packageKey(pkg), pkg);
      bySignal.set(wanted, versions);
    }

    const findings = new Map<string, DependencyHealthFinding>();
    const unchecked: UncheckedHealthSignal[] = [];
    for (const [wanted, versions] of bySignal) {
      const registry = this.#registries.get(wanted);
      if (this.#offline || !registry) {
        unchecked.push({
          signal: wanted,
          reason: this.#offline
            ? `offline: the ${registryLabels[wanted]} was not asked`
            : `no ${registryLabels[wanted]} URL is configured`,
          packages: versions.size,
        });
        continue;
      }
      const names = [...new Set([...versions.values()].map(p => p.name))];
      const answers = new Map<string, PackageVersionMarks | Error>();
      await Promise.all(
        names.map(name =>
          this.#marksOf(registry, name, signal).then(
            marks => answers.set(name, marks),
            error => {
              signal?.throwIfAborted();
              answers.set(name, plainError(error));
            },
          ),
        ),
      );
      let missed = 0;
      let firstReason: string | undefined;
      for (const [key, pkg] of versions) {
        const answer = answers.get(pkg.name);
        let reason: string | undefined;
        if (answer instanceof Error || answer === undefined) {
          reason = answer?.message ?? 'not asked';
        } else if (!answer.versions.includes(pkg.version)) {
          reason = `the ${registry.label} lists no version ${pkg.version} of ${pkg.name}`;
        } else if (answer.marked[pkg.version] !== undefined) {
          findings.set(key, registry.finding(pkg, answer.marked[pkg.version]));
        }
        if (reason !== undefined) {
          missed += 1;
          firstReason ??= reason;
        }
      }
      if (missed > 0) {
        unchecked.push({
          signal: wanted,
          reason:
            missed > 1
              ? `${firstReason} (and ${missed - 1} more)`
              : firstReason!,
          packages: missed,
        });
      }
    }
    return { findings, unchecked };
  }

  /** The marks of one package: cached, or one request shared by every caller. */
  async #marksOf(
    registry: Registry,
    name: string,
    signal: AbortSignal | undefined,
  ): Promise<PackageVersionMarks> {
    const path = registry.pathOf(name);
    if (path === undefined) {
      throw new Error(
        `${name} is not a valid package name for the ${registry.label}`,
      );
    }
    const cacheKey = `registry:v1:${registry.signal}:${registry.baseUrl}:${name}`;
    const cached = await this.#cache.get(cacheKey).catch(() => undefined);
    if (isPackageVersionMarks(cached)) {
      return cached;
    }
    let work = this.#pending.get(cacheKey);
    if (!work || work.aborted) {
      const started = new SharedWork<PackageVersionMarks>();
      this.#pending.set(cacheKey, started);
      started.settle(
        this.#fetchMarks(
          registry,
          name,
          path,
          cacheKey,
          started.controller.signal,
        ).finally(() => {
          if (this.#pending.get(cacheKey) === started) {
            this.#pending.delete(cacheKey);
          }
        }),
      );
      work = started;
    }
    return work.join(signal);
  }

  async #fetchMarks(
    registry: Registry,
    name: string,
    path: string,
    cacheKey: string,
    signal: AbortSignal,
  ): Promise<PackageVersionMarks> {
    let slots = this.#slots.get(registry.signal);
    if (!slots) {
      slots = new Slots(this.#concurrency);
      this.#slots.set(registry.signal, slots);
    }
    return slots.run(async () => {
      signal.throwIfAborted();
      const { text } = await registry.http.requestText({
        method: 'GET',
        path,
        signal,
        accept: registry.accept,
      });
      let marks: PackageVersionMarks;
      try {
        marks = registry.parse(text, name);
      } catch (error) {
        throw new Error(
          `the ${registry.label} answer for ${name} is unreadable: ${(error as Error).message}`,
        );
      }
      await this.#cache
        .set(cacheKey, marks as unknown as JsonValue, { ttl: this.#ttlMs })
        .catch(() => undefined);
      return marks;
    });
  }
}
