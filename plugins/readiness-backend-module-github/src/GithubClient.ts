import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  readResponseHead,
  readResponseText,
  reportSourceRateLimit,
  reportSourceRequest,
} from '@readiness/plugin-readiness-node';

/**
 * Waits `ms` milliseconds; rejects when the signal aborts.
 *
 * @public
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** @internal */
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * When each GitHub API (and owner, since GitHub App installations are rate
 * limited per owner) may be called again. Shared by all runs of a collector,
 * so one rate-limited answer stops the rest of a collection run from
 * hammering GitHub.
 *
 * @internal
 */
export type RateLimitState = Map<string, number>;

/** @internal */
export interface GithubClientOptions {
  /** For example `https://api.github.com` or `https://ghe.example.com/api/v3`. */
  apiBaseUrl: string;
  /** `owner/name`, used in every error message. */
  repository: string;
  /** Authorization headers from the credentials provider. */
  headers?: Record<string, string>;
  fetch: typeof fetch;
  sleep: Sleep;
  logger: LoggerService;
  signal?: AbortSignal;
  maxRateLimitWaitMs: number;
  maxServerErrorRetries: number;
  /** Largest response body read; a larger one fails the collection. */
  maxResponseBytes: number;
  rateLimits: RateLimitState;
  rateLimitKey: string;
}

/** @internal */
export interface GithubPage<T> {
  body: T;
  /** The next page's URL from the Link header, when there is one. */
  next?: string;
}

/** Rate-limit waits per request before giving up, whatever their length. */
const MAX_RATE_LIMIT_WAITS = 3;
/** GitHub's advice for a secondary rate limit without any header. */
const DEFAULT_SECONDARY_RATE_LIMIT_WAIT_MS = 60_000;
const BACKOFF_BASE_MS = 1_000;
/** A job log GitHub no longer keeps (retention) or never had. */
const GONE = [404, 410];

function nextLink(link: string | null): string | undefined {
  if (!link) {
    return undefined;
  }
  for (const part of link.split(',')) {
    const match = part.match(/^\s*<([^<>]+)>\s*;\s*rel="?next"?/);
    if (match) {
      return match[1];
    }
  }
  return undefined;
}

/**
 * A minimal GitHub REST client for one repository: JSON GETs with rate-limit
 * waits, 5xx retries and errors that name the repository and the status.
 * Every failure throws, so the backend keeps the last evidence and marks it
 * stale; nothing here ever turns into a passing value.
 *
 * @internal
 */
export class GithubClient {
  readonly #options: GithubClientOptions;
  readonly #base: URL;

  constructor(options: GithubClientOptions) {
    this.#options = options;
    this.#base = new URL(`${options.apiBaseUrl.replace(/(?<!\/)\/+$/, '')}/`);
  }

  /** GETs a path below the API base, or a `next` URL returned by `get`. */
  async get<T>(pathOrUrl: string): Promise<GithubPage<T>> {
    const url = this.#resolve(pathOrUrl);
    const response = await this.#fetchWithRetries(url);
    const { maxResponseBytes, repository } = this.#options;
    const text = await readResponseText(
      response,
      maxResponseBytes,
      `The GitHub response for ${repository} (${this.#describe(url)})`,
    );
    return {
      body: JSON.parse(text) as T,
      next: nextLink(response.headers.get('link')),
    };
  }

  /**
   * Sends a JSON body with POST or PATCH. A POST is never retried after a
   * server error, since GitHub may have acted on it (a second issue).
   */
  async send<T>(
    method: 'POST' | 'PATCH',
    path: string,
    body: object,
  ): Promise<T> {
    const url = this.#resolve(path);
    const response = await this.#fetchWithRetries(url, {
      method,
      body: JSON.stringify(body),
    });
    const text = await readResponseText(
      response,
      this.#options.maxResponseBytes,
      `The GitHub response for ${this.#options.repository} (${method} ${url.pathname})`,
    );
    return JSON.parse(text) as T;
  }

  /** Follows Link `next` headers, at most `maxPages` pages. */
  async getAll<T, I>(
    path: string,
    items: (body: T) => I[],
    maxPages: number,
  ): Promise<I[]> {
    const result: I[] = [];
    let next: string | undefined = path;
    for (let page = 0; next && page < maxPages; page++) {
      const answer: GithubPage<T> = await this.get<T>(next);
      result.push(...items(answer.body));
      next = answer.next;
    }
    return result;
  }

  /**
   * A job's log. GitHub answers with a redirect to short-lived storage,
   * which is fetched without the token. Undefined when GitHub no longer
   * keeps the log (404, 410); the text stops at `maxResponseBytes` and
   * `truncated` says it did.
   */
  async getLog(
    path: string,
  ): Promise<{ text: string; truncated: boolean } | undefined> {
    const url = this.#resolve(path);
    const answer = await this.#fetchWithRetries(url, {
      redirect: 'manual',
      accept: GONE,
    });
    let response = answer;
    if (answer.status >= 300 && answer.status < 400) {
      void answer.body?.cancel().catch(() => undefined);
      const location = answer.headers.get('location');
      const target = location ? new URL(location, url) : undefined;
      if (!target || target.protocol !== 'https:') {
        throw new Error(
          `GitHub answered ${answer.status} without an https log location for ${this.#options.repository} (${this.#describe(url)})`,
        );
      }
      // The storage URL is signed: the token must not go there.
      response = await this.#options.fetch(target.href, {
        signal: this.#options.signal,
      });
    }
    if (GONE.includes(response.status)) {
      void response.body?.cancel().catch(() => undefined);
      return undefined;
    }
    if (!response.ok) {
      throw new Error(
        `GitHub's log storage answered ${response.status} for ${this.#options.repository} (${this.#describe(url)})`,
      );
    }
    return readResponseHead(response, this.#options.maxResponseBytes);
  }

  #resolve(pathOrUrl: string): URL {
    const url = /^https?:\/\//.test(pathOrUrl)
      ? new URL(pathOrUrl)
      : new URL(pathOrUrl.replace(/^\/+/, ''), this.#base);
    // Link headers come from the network: never send the token elsewhere.
    if (
      url.origin !== this.#base.origin ||
      !url.pathname.startsWith(this.#base.pathname)
    ) {
      throw new Error(
        `GitHub returned a link outside ${this.#base.href} for ${this.#options.repository}: ${url.href}`,
      );
    }
    return url;
  }

  #describe(url: URL, method = 'GET'): string {
    return `${method} ${url.pathname}`;
  }

  async #waitForRateLimit(url: URL): Promise<void> {
    const { rateLimits, rateLimitKey, maxRateLimitWaitMs } = this.#options;
    const until = rateLimits.get(rateLimitKey);
    if (until === undefined) {
      return;
    }
    const waitMs = until - Date.now();
    if (waitMs <= 0) {
      rateLimits.delete(rateLimitKey);
      return;
    }
    if (waitMs > maxRateLimitWaitMs) {
      throw this.#rateLimitedError(until, url);
    }
    this.#options.logger.info(
      `GitHub is rate limited; waiting ${Math.ceil(waitMs / 1000)}s before ${this.#describe(url)}`,
      { repository: this.#options.repository },
    );
    await this.#options.sleep(waitMs, this.#options.signal);
  }

  #rateLimitedError(until: number, url: URL): Error {
    return new Error(
      `GitHub rate limited until ${new Date(until).toISOString()} (${this.#describe(url)} for ${this.#options.repository}); readiness.github.maxRateLimitWait is ${Math.round(this.#options.maxRateLimitWaitMs / 1000)}s`,
    );
  }

  /**
   * `redirect: 'manual'` returns a redirect as it came; statuses in `accept`
   * are returned instead of thrown.
   */
  async #fetchWithRetries(
    url: URL,
    options: {
      redirect?: RequestRedirect;
      accept?: number[];
      method?: 'POST' | 'PATCH';
      body?: string;
    } = {},
  ): Promise<Response> {
    const { signal, repository } = this.#options;
    const maxServerErrorRetries =
      options.method === 'POST' ? 0 : this.#options.maxServerErrorRetries;
    let serverErrors = 0;
    let rateLimitWaits = 0;
    for (;;) {
      await this.#waitForRateLimit(url);
      reportSourceRequest('github');
      let response: Response;
      try {
        response = await this.#options.fetch(url.href, {
          method: options.method ?? 'GET',
          headers: {
            Accept: 'application/vnd.github+json',
            'X-GitHub-Api-Version': '2022-11-28',
            'User-Agent': 'backstage-readiness',
            ...(options.body ? { 'Content-Type': 'application/json' } : {}),
            ...this.#options.headers,
          },
          body: options.body,
          signal,
          redirect: options.redirect ?? 'follow',
        });
      } catch (error) {
        if (signal?.aborted) {
          throw error;
        }
        serverErrors += 1;
        if (serverErrors > maxServerErrorRetries) {
          throw new Error(
            `GitHub could not be reached for ${repository} (${this.#describe(url, options.method)}): ${(error as Error).message}`,
          );
        }
        await this.#backoff(serverErrors);
        continue;
      }
      const redirected =
        options.redirect === 'manual' &&
        response.status >= 300 &&
        response.status < 400;
      if (
        response.ok ||
        redirected ||
        options.accept?.includes(response.status)
      ) {
        // An answer means the limit is over, whatever the clock says.
        this.#options.rateLimits.delete(this.#options.rateLimitKey);
        return response;
      }

      const text = await readResponseText(
        response,
        this.#options.maxResponseBytes,
        'error body',
      ).catch(() => '');
      const message = githubMessage(text);
      const resetAt = rateLimitResetAt(response, message);
      if (resetAt !== undefined) {
        // The newest answer is authoritative, also for later entities.
        this.#options.rateLimits.set(this.#options.rateLimitKey, resetAt);
        reportSourceRateLimit('github', resetAt);
        rateLimitWaits += 1;
        if (
          rateLimitWaits > MAX_RATE_LIMIT_WAITS ||
          resetAt - Date.now() > this.#options.maxRateLimitWaitMs
        ) {
          throw this.#rateLimitedError(resetAt, url);
        }
        continue; // #waitForRateLimit sleeps until the reset
      }

      if (response.status >= 500) {
        serverErrors += 1;
        if (serverErrors > maxServerErrorRetries) {
          throw new Error(
            `GitHub answered ${response.status} ${response.statusText} for ${repository} (${this.#describe(url, options.method)}) ${serverErrors} times in a row${message ? `: ${message}` : ''}`,
          );
        }
        await this.#backoff(serverErrors);
        continue;
      }
      throw new Error(this.#statusMessage(response.status, url, message));
    }
  }

  async #backoff(attempt: number) {
    const ms = BACKOFF_BASE_MS * 2 ** (attempt - 1);
    this.#options.logger.debug(
      `GitHub request failed; retrying in ${ms}ms (attempt ${attempt + 1})`,
      { repository: this.#options.repository },
    );
    await this.#options.sleep(ms, this.#options.signal);
  }

  #statusMessage(status: number, url: URL, message: string): string {
    const { repository } = this.#options;
    const what = `${status} from ${this.#describe(url)}${message ? `: ${message}` : ''}`;
    switch (status) {
      case 404:
        return `GitHub repository ${repository} was not found, or the configured credentials cannot see it (${what})`;
      case 401:
        return `GitHub rejected the configured credentials for ${repository} (${what})`;
      case 403:
        return `GitHub denied access to ${repository}; the token needs actions:read, checks:read and metadata:read (${what})`;
      default:
        return `GitHub request for ${repository} failed (${what})`;
    }
  }
}

function githubMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    return typeof body.message === 'string' ? body.message : '';
  } catch {
    return text.slice(0, 200);
  }
}

/**
 * When a rate-limited answer says to try again, in epoch milliseconds;
 * undefined when the answer is not about rate limits. Follows GitHub's
 * guidance: Retry-After first, then X-RateLimit-Reset when no requests
 * remain, otherwise (a secondary limit without headers) one minute.
 */
function rateLimitResetAt(
  response: Response,
  message: string,
): number | undefined {
  const retryAfter = response.headers.get('retry-after');
  const remaining = response.headers.get('x-ratelimit-remaining');
  const reset = response.headers.get('x-ratelimit-reset');
  const limited =
    response.status === 429 ||
    (response.status === 403 &&
      (remaining === '0' ||
        retryAfter !== null ||
        /rate limit/i.test(message)));
  if (!limited) {
    return undefined;
  }
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && retryAfter.trim() !== '') {
      return Date.now() + Math.max(0, seconds) * 1000;
    }
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) {
      return date;
    }
  }
  if (remaining === '0' && reset !== null && /^\d+$/.test(reset.trim())) {
    return Number(reset) * 1000;
  }
  return Date.now() + DEFAULT_SECONDARY_RATE_LIMIT_WAIT_MS;
}
