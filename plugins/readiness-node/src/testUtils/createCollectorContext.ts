import type {
  CacheService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { JsonObject, JsonValue } from '@backstage/types';
import type { CollectorContext } from '@readiness/plugin-readiness-node';

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

function createMemoryCache(): CacheService {
  const entries = new Map<string, JsonValue>();
  const cache: CacheService = {
    async get<T extends JsonValue>(key: string) {
      return entries.get(key) as T | undefined;
    },
    async set(key, value) {
      entries.set(key, value);
    },
    async delete(key) {
      entries.delete(key);
    },
    withOptions: () => cache,
  };
  return cache;
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
