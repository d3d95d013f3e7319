import type {
  CacheService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import type { CollectorContext } from '@readiness/plugin-readiness-node';
import { createMemoryCache } from '../collection/memoryCache';

/**
 * A log line captured by {@link createCollectorContext}'s logger.
 *
 * @public
 */
export interface CapturedLogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta?: Error | JsonObject;
}

function createCapturingLogger(
  lines: CapturedLogLine[],
  fields: JsonObject = {},
): LoggerService {
  const log =
    (level: CapturedLogLine['level']) =>
    (message: string, meta?: Error | JsonObject) => {
      lines.push({
        level,
        message,
        meta: meta instanceof Error ? meta : { ...fields, ...meta },
      });
    };
  return {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: childFields =>
      createCapturingLogger(lines, { ...fields, ...childFields }),
  };
}

const unconfiguredUrlReader: UrlReaderService = {
  async readUrl(url) {
    throw new Error(`No urlReader given to the test context; read ${url}`);
  },
  async readTree(url) {
    throw new Error(`No urlReader given to the test context; read ${url}`);
  },
  async search(url) {
    throw new Error(`No urlReader given to the test context; read ${url}`);
  },
};

/**
 * Options for {@link createCollectorContext}.
 *
 * @public
 */
export interface CreateCollectorContextOptions {
  /** The collector's config block, as plain data. */
  config?: JsonObject;
  urlReader?: UrlReaderService;
  cache?: CacheService;
  signal?: AbortSignal;
  now?: Date;
}

/**
 * A collector context for tests: an in-memory cache, a logger that captures
 * lines into `logs`, and a url reader that fails unless one is given.
 *
 * @public
 */
export function createCollectorContext(
  options: CreateCollectorContextOptions = {},
): CollectorContext & { logs: CapturedLogLine[] } {
  const logs: CapturedLogLine[] = [];
  return {
    logs,
    logger: createCapturingLogger(logs),
    config: new ConfigReader(options.config ?? {}),
    urlReader: options.urlReader ?? unconfiguredUrlReader,
    cache: options.cache ?? createMemoryCache(),
    signal: options.signal ?? new AbortController().signal,
    now: options.now ?? new Date(),
  };
}
