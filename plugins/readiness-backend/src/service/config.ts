import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  type Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import { resolve } from 'node:path';
import { durationToMilliseconds } from '@backstage/types';
import {
  DEFAULT_PUSHED_EVIDENCE_LIFETIME_MS,
  isHttpUrl,
  type ReadinessConfig,
} from '@readiness/plugin-readiness-common';
import { readReadinessConfig } from '@readiness/plugin-readiness-node';
import {
  DEFAULT_PREVIEW_RATE_LIMIT,
  DEFAULT_REFRESH_RATE_LIMIT,
  type RateLimit,
} from './rateLimit';

/** Collectors run daily unless configured otherwise. */
export const DEFAULT_COLLECTOR_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 24 },
    timeout: { hours: 2 },
    initialDelay: { minutes: 1 },
  };

/** Every entity is re-evaluated, and stop-work ones re-collected, hourly. */
export const DEFAULT_RECHECK_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 1 },
    timeout: { minutes: 50 },
    initialDelay: { minutes: 2 },
  };

/**
 * The backend's settings, read and validated once at startup.
 *
 * @internal
 */
export interface ReadinessBackendConfig {
  engine: ReadinessConfig;
  /**
   * `readiness.checks.files`: URLs of check definitions files, read through
   * the UrlReader at startup and added to `engine.customChecks`.
   */
  checkFiles: string[];
  kinds: string[];
  concurrency: number;
  entityTimeoutMs: number;
  recheckSchedule: SchedulerServiceTaskScheduleDefinition;
  removalGracePeriodMs: number;
  historyRetentionMs: number;
  pushedEvidenceTtlMs: number;
  /** How far a pushed `observedAt` may run ahead of the server's clock. */
  maxClockSkewMs: number;
  /** The longest a pushed `staleAfter` may reach past its receipt. */
  maxEvidenceLifetimeMs: number;
  /** The longest a waiver's `expiresAt` may reach past its creation. */
  maxWaiverDurationMs: number;
  notificationRecipients: { critical: string[]; normal: string[] };
  repository: {
    allowedLocalRoots: string[];
    maxFileBytes?: number;
    maxTotalBytes?: number;
    maxFiles?: number;
    sourceExtensions?: string[];
    todoGlobs?: string[];
    deployPatterns?: string[];
  };
  advisories: {
    directory?: string;
    /** Largest advisory file read from `directory`. */
    maxFileBytes?: number;
    /** How old `directory`'s newest record may be before scans are stale. */
    maxAgeDays?: number;
    osvBaseUrl?: string;
    /** Largest OSV response body read. */
    osvMaxResponseBytes?: number;
    /** How long a lookup waits for others to share its OSV batch call. */
    osvBatchWindowMs: number;
  };
  /** Where npm deprecations and crates.io yanks are asked. */
  registries: {
    offline: boolean;
    npmBaseUrl?: string;
    cratesIndexBaseUrl?: string;
    maxResponseBytes?: number;
  };
  /** Where declared licenses are asked (`readiness.licenses.registries`). */
  licenseRegistries: {
    offline: boolean;
    npmBaseUrl?: string;
    pypiBaseUrl?: string;
    cratesApiBaseUrl?: string;
    maxResponseBytes?: number;
  };
  /** Whether the unauthenticated badge route is served; default false. */
  badgesEnabled: boolean;
  /** Kinds the badge answers for; default `[Component]`. */
  badgeKinds: string[];
  /** `POST …/refresh` calls allowed per caller and window. */
  refreshRateLimit: RateLimit;
  /** `POST /v1/checks/preview` calls allowed per caller and window. */
  previewRateLimit: RateLimit;
  /**
   * Stop-work notifications of one entity to one recipient within this time
   * are coalesced into one.
   */
  notificationWindowMs: number;
  /** The collection work queue every instance takes part in. */
  queue: {
    /** How long a claim holds without renewal; renewed every third of it. */
    leaseMs: number;
    /** How often each instance looks for queued work. */
    pollIntervalMs: number;
    /** Claims of one entity in one run before it counts as failed. */
    maxAttempts: number;
  };
  /** Caps on requests per source (`repository`, `github`, `osv`) per run. */
  budgets: Record<string, { maxRequestsPerCycle?: number }>;
  collector(id: string): {
    enabled: boolean;
    schedule: SchedulerServiceTaskScheduleDefinition;
    config: Config;
  };
}

/** `readiness.checks.files`: absolute http(s) URLs, at most 100. */
function readCheckFiles(readiness: Config | undefined): string[] {
  const files = readiness?.getOptionalStringArray('checks.files') ?? [];
  if (files.length > 100) {
    throw new Error('readiness.checks.files: at most 100 files');
  }
  files.forEach((url, index) => {
    if (!isHttpUrl(url)) {
      throw new Error(
        `readiness.checks.files[${index}]: expected an absolute http(s) URL`,
      );
    }
  });
  return files;
}

function readDuration(
  config: Config | undefined,
  key: string,
  fallbackMs: number,
): number {
  if (!config?.has(key)) {
    return fallbackMs;
  }
  return durationToMilliseconds(readDurationFromConfig(config, { key }));
}

/**
 * A collection run is a background job: waiting a little lets many entities'
 * lookups share each OSV batch call.
 */
const DEFAULT_OSV_BATCH_WINDOW_MS = 250;

/** A read limit: a positive integer, or absent for the default. */
function readLimit(
  readiness: Config | undefined,
  key: string,
): number | undefined {
  const value = readiness?.getOptionalNumber(key);
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    // 0 or a negative limit would read nothing and call every file unread.
    throw new Error(
      `Invalid config at readiness.${key}: expected a positive integer, got ${value}`,
    );
  }
  return value;
}

/** `readiness.collection.budgets.<source>.maxRequestsPerCycle`, checked. */
function readBudgets(
  readiness: Config | undefined,
): Record<string, { maxRequestsPerCycle?: number }> {
  const budgets = readiness?.getOptionalConfig('collection.budgets');
  return Object.fromEntries(
    (budgets?.keys() ?? []).map(source => [
      source,
      {
        maxRequestsPerCycle: readLimit(
          readiness,
          `collection.budgets.${source}.maxRequestsPerCycle`,
        ),
      },
    ]),
  );
}

/**
 * Reads `readiness.*`; invalid values throw with the key that is wrong.
 *
 * @internal
 */
export function readBackendConfig(rootConfig: Config): ReadinessBackendConfig {
  const readiness = rootConfig.getOptionalConfig('readiness');
  const collection = readiness?.getOptionalConfig('collection');

  const checkFiles = readCheckFiles(readiness);
  const engine = readReadinessConfig(rootConfig);

  const concurrency = collection?.getOptionalNumber('concurrency') ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new Error(
      `Invalid config at readiness.collection.concurrency: expected an integer from 1 to 64, got ${concurrency}`,
    );
  }
  const kinds = collection?.getOptionalStringArray('kinds') ?? ['Component'];
  if (kinds.length === 0) {
    throw new Error(
      'Invalid config at readiness.collection.kinds: list at least one kind',
    );
  }

  const recheckSchedule = collection?.has('recheckSchedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        collection.getConfig('recheckSchedule'),
      )
    : DEFAULT_RECHECK_SCHEDULE;

  const collectors = readiness?.getOptionalConfig('collectors');
  const recipients = readiness?.getOptionalConfig('notifications.recipients');
  return {
    engine,
    checkFiles,
    kinds,
    concurrency,
    entityTimeoutMs: readDuration(collection, 'entityTimeout', 60_000),
    recheckSchedule,
    removalGracePeriodMs: readDuration(
      collection,
      'removalGracePeriod',
      7 * 24 * 3_600_000,
    ),
    historyRetentionMs: readDuration(
      collection,
      'historyRetention',
      365 * 24 * 3_600_000,
    ),
    pushedEvidenceTtlMs: readDuration(
      collection,
      'pushedEvidenceTtl',
      DEFAULT_PUSHED_EVIDENCE_LIFETIME_MS,
    ),
    maxClockSkewMs: readDuration(collection, 'maxClockSkew', 5 * 60_000),
    // Long enough for a yearly disaster-recovery drill.
    maxEvidenceLifetimeMs: readDuration(
      collection,
      'maxEvidenceLifetime',
      400 * 24 * 3_600_000,
    ),
    maxWaiverDurationMs: readDuration(
      collection,
      'maxWaiverDuration',
      365 * 24 * 3_600_000,
    ),
    repository: {
      allowedLocalRoots: (
        readiness?.getOptionalStringArray('repository.allowedLocalRoots') ?? []
      ).map(root => resolve(root)),
      maxFileBytes: readLimit(readiness, 'repository.maxFileBytes'),
      maxTotalBytes: readLimit(readiness, 'repository.maxTotalBytes'),
      maxFiles: readLimit(readiness, 'repository.maxFiles'),
      sourceExtensions: readiness?.getOptionalStringArray(
        'repository.sourceExtensions',
      ),
      todoGlobs: readiness?.getOptionalStringArray('repository.todoGlobs'),
      deployPatterns: readiness?.getOptionalStringArray(
        'repository.deployPatterns',
      ),
    },
    advisories: {
      directory: readiness?.has('advisories.directory')
        ? resolve(readiness.getString('advisories.directory'))
        : undefined,
      maxFileBytes: readLimit(readiness, 'advisories.maxFileBytes'),
      maxAgeDays: readLimit(readiness, 'advisories.maxAgeDays'),
      osvBaseUrl: readiness?.getOptionalString('advisories.osv.baseUrl'),
      osvMaxResponseBytes: readLimit(
        readiness,
        'advisories.osv.maxResponseBytes',
      ),
      osvBatchWindowMs: readDuration(
        readiness,
        'advisories.osv.batchWindow',
        DEFAULT_OSV_BATCH_WINDOW_MS,
      ),
    },
    registries: {
      offline:
        readiness?.getOptionalBoolean('dependencyHealth.registries.offline') ??
        false,
      npmBaseUrl: readiness?.getOptionalString(
        'dependencyHealth.registries.npmBaseUrl',
      ),
      cratesIndexBaseUrl: readiness?.getOptionalString(
        'dependencyHealth.registries.cratesIndexBaseUrl',
      ),
      maxResponseBytes: readLimit(
        readiness,
        'dependencyHealth.registries.maxResponseBytes',
      ),
    },
    licenseRegistries: {
      offline:
        readiness?.getOptionalBoolean('licenses.registries.offline') ?? false,
      npmBaseUrl: readiness?.getOptionalString(
        'licenses.registries.npmBaseUrl',
      ),
      pypiBaseUrl: readiness?.getOptionalString(
        'licenses.registries.pypiBaseUrl',
      ),
      cratesApiBaseUrl: readiness?.getOptionalString(
        'licenses.registries.cratesApiBaseUrl',
      ),
      maxResponseBytes: readLimit(
        readiness,
        'licenses.registries.maxResponseBytes',
      ),
    },
    badgesEnabled: readiness?.getOptionalBoolean('badges.enabled') ?? false,
    badgeKinds: readiness?.getOptionalStringArray('badges.kinds') ?? [
      'Component',
    ],
    refreshRateLimit: {
      requests:
        readLimit(readiness, 'refresh.rateLimit.requests') ??
        DEFAULT_REFRESH_RATE_LIMIT.requests,
      windowMs: readDuration(
        readiness,
        'refresh.rateLimit.window',
        DEFAULT_REFRESH_RATE_LIMIT.windowMs,
      ),
    },
    previewRateLimit: {
      requests:
        readLimit(readiness, 'preview.rateLimit.requests') ??
        DEFAULT_PREVIEW_RATE_LIMIT.requests,
      windowMs: readDuration(
        readiness,
        'preview.rateLimit.window',
        DEFAULT_PREVIEW_RATE_LIMIT.windowMs,
      ),
    },
    notificationWindowMs: readDuration(
      readiness,
      'notifications.coalesceWindow',
      60_000,
    ),
    notificationRecipients: {
      critical: recipients?.getOptionalStringArray('critical') ?? [],
      normal: recipients?.getOptionalStringArray('normal') ?? [],
    },
    queue: {
      leaseMs: readDuration(collection, 'lease', 2 * 60_000),
      pollIntervalMs: readDuration(collection, 'pollInterval', 5_000),
      maxAttempts: readLimit(readiness, 'collection.maxAttempts') ?? 3,
    },
    budgets: readBudgets(readiness),
    collector(id) {
      const config = collectors?.getOptionalConfig(id);
      return {
        enabled: config?.getOptionalBoolean('enabled') ?? true,
        schedule: config?.has('schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig('schedule'),
            )
          : DEFAULT_COLLECTOR_SCHEDULE,
        config: config ?? new ConfigReader({}),
      };
    },
  };
}
