import type {
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { stringifyError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { Evidence } from '@readiness/plugin-readiness-common';
import type { ReadinessCollector } from '../collectors/types';
import { collectionFailureEvidence } from './collectionFailureEvidence';
import { createMemoryCache } from './memoryCache';

/**
 * A log line of a collector run outside the backend.
 *
 * @public
 */
export type CollectionLogLevel = 'error' | 'warn' | 'info' | 'debug';

/**
 * Options of {@link collectEntityEvidence}.
 *
 * @public
 */
export interface CollectEntityEvidenceOptions {
  /** The time the evidence is for. */
  now: Date;
  /** Aborts the collectors' work. */
  signal?: AbortSignal;
  /** Receives what collectors log; nothing is logged when absent. */
  log?: (level: CollectionLogLevel, message: string) => void;
  /**
   * Reads remote repositories; without one only local repositories (an
   * allowed `dir:` source location) can be read.
   */
  urlReader?: UrlReaderService;
}

/**
 * What {@link collectEntityEvidence} collected.
 *
 * @public
 */
export interface EntityEvidence {
  /** Every item, with its collector's id as `source`. */
  evidence: Evidence[];
  /**
   * Collectors that failed as a whole. Their keys are in `evidence` as
   * errors with the same reason, so the checks over them are unknown.
   */
  failures: Array<{ collectorId: string; reason: string }>;
}

function createLogger(
  log: CollectEntityEvidenceOptions['log'],
  prefix: string,
): LoggerService {
  const write =
    (level: CollectionLogLevel) =>
    (message: string, meta?: Error | JsonObject) =>
      log?.(
        level,
        `${prefix}${message}${meta instanceof Error ? `: ${stringifyError(meta)}` : ''}`,
      );
  const logger: LoggerService = {
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
    child: () => logger,
  };
  return logger;
}

const localOnly: UrlReaderService = {
  async readUrl(url) {
    throw new Error(
      `cannot read ${url}: only local repositories are read here`,
    );
  },
  async readTree(url) {
    throw new Error(
      `cannot read ${url}: only local repositories are read here`,
    );
  },
  async search(url) {
    throw new Error(
      `cannot read ${url}: only local repositories are read here`,
    );
  },
};

/**
 * Runs collectors over one entity once, outside the backend's schedule and
 * store: what `readiness scan` does with {@link createBuiltInCollectors}.
 * Each applicable collector runs in turn; one that throws yields error
 * evidence for its keys, worded as the backend words it, so its checks are
 * unknown rather than missing.
 *
 * @public
 */
export async function collectEntityEvidence(
  entity: Entity,
  collectors: ReadinessCollector[],
  options: CollectEntityEvidenceOptions,
): Promise<EntityEvidence> {
  const result: EntityEvidence = { evidence: [], failures: [] };
  const cache = createMemoryCache();
  for (const collector of collectors) {
    if (!(collector.appliesTo?.(entity) ?? true)) {
      continue;
    }
    try {
      const collected = await collector.collect(entity, {
        logger: createLogger(options.log, `${collector.id}: `),
        config: new ConfigReader({}),
        urlReader: options.urlReader ?? localOnly,
        cache,
        signal: options.signal ?? new AbortController().signal,
        now: options.now,
      });
      result.evidence.push(
        ...collected.map(
          item => ({ ...item, source: collector.id }) as Evidence,
        ),
      );
    } catch (error) {
      const reason = `${collector.id} could not collect: ${stringifyError(error)}`;
      result.failures.push({ collectorId: collector.id, reason });
      result.evidence.push(
        ...collectionFailureEvidence(collector, reason, options.now),
      );
    }
  }
  return result;
}
