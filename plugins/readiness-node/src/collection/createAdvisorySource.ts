import type { CacheService } from '@backstage/backend-plugin-api';
import {
  type AdvisoryProblem,
  type AdvisorySource,
  DirectoryAdvisorySource,
  OsvClient,
} from '../advisories';
import { RegistryHealthClient, type RegistryHealthSource } from '../registries';

/**
 * Where advisories come from: `readiness.advisories` in app-config, and the
 * CLI's `--advisories` and `--osv-url`.
 *
 * @public
 */
export interface AdvisorySourceConfig {
  /**
   * A directory of OSV JSON records, read instead of the OSV API (offline,
   * or a mirror). When set, the OSV settings are not used.
   */
  directory?: string;
  /** Largest advisory file read from `directory`. */
  maxFileBytes?: number;
  /**
   * Days after which the directory's newest record makes its data stale, so
   * the vulnerability check unknown. The live OSV API is never stale.
   */
  maxAgeDays?: number;
  /** The OSV API, when no directory is configured. */
  osv?: {
    /** Base URL of the OSV API; the public one by default. */
    baseUrl?: string;
    /** Largest OSV response body read. */
    maxResponseBytes?: number;
    /** How long a lookup waits for others to share its batch call. */
    batchWindowMs?: number;
  };
}

/**
 * The advisory source the config chooses: the directory when one is
 * configured, the OSV API otherwise. The backend and the CLI both choose
 * with it.
 *
 * @public
 */
export function createAdvisorySource(
  config: AdvisorySourceConfig,
  options: {
    /** Caches OSV answers; a private in-memory cache when absent. */
    cache?: CacheService;
    /** Receives each advisory record the directory source skipped. */
    onProblem?: (problem: AdvisoryProblem) => void;
  } = {},
): AdvisorySource {
  if (config.directory) {
    return new DirectoryAdvisorySource({
      directory: config.directory,
      maxFileBytes: config.maxFileBytes,
      maxAgeDays: config.maxAgeDays,
      onProblem: options.onProblem,
    });
  }
  return new OsvClient({
    baseUrl: config.osv?.baseUrl,
    maxResponseBytes: config.osv?.maxResponseBytes,
    batchWindowMs: config.osv?.batchWindowMs,
    cache: options.cache,
  });
}

/**
 * Where npm deprecations and crates.io yanks are asked: the
 * dependencyHealth.registries block of the readiness app-config, and the
 * CLI's offline, npm-registry-url and crates-index-url options.
 *
 * @public
 */
export interface RegistryHealthConfig {
  /** Ask no registry; the signals are reported unchecked. */
  offline?: boolean;
  /** Base URL of the npm registry (or a mirror); the public one by default. */
  npmBaseUrl?: string;
  /** Base URL of the crates.io sparse index (or a mirror); the public one by default. */
  cratesIndexBaseUrl?: string;
  /** Largest package metadata body read. */
  maxResponseBytes?: number;
}

/**
 * The registry source the config chooses. The backend and the CLI both
 * choose with it.
 *
 * @public
 */
export function createRegistryHealthSource(
  config: RegistryHealthConfig,
  options: { cache?: CacheService } = {},
): RegistryHealthSource {
  return new RegistryHealthClient({ ...config, cache: options.cache });
}
