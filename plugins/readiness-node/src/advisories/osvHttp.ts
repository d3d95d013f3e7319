import { CustomErrorBase } from '@backstage/errors';
import { readResponseText, TooLargeError } from '../http';
import {
  reportSourceRateLimit,
  reportSourceRequest,
  type RequestSource,
} from '../collection/requestBudget';

/**
 * A failed OSV request. The message names the method, the URL path and the
 * status (when a response was received).
 *
 * @public
 */
export class OsvRequestError extends CustomErrorBase {
  name = 'OsvRequestError' as const;
  /** The HTTP status, absent when no response was received. */
  readonly status?: number;
  /** The URL path of the request, for example `/v1/querybatch`. */
  readonly path: string;

  constructor(
    message: string,
    details: { path: string; status?: number; cause?: unknown },
  ) {
    super(message, details.cause);
    this.path = details.path;
    this.status = details.status;
  }
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function normalizeBaseUrl(baseUrl: string, label = 'OSV'): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`Invalid ${label} base URL: ${baseUrl}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`${label} base URL must be http or https: ${baseUrl}`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new TypeError(
      `${label} base URL must not have credentials, a query or a fragment: ${baseUrl}`,
    );
  }
  return `${url.origin}${url.pathname.replace(/(?<!\/)\/+$/, '')}`;
}

/** Seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) {
    return undefined;
  }
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Settings of {@link OsvHttp}, already validated by the client. */
export interface OsvHttpOptions {
  /** Normalized, without a trailing slash. */
  baseUrl: string;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
  maxResponseBytes: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  fetch: typeof fetch;
  /** Counted into: requests sent and retries, retries included. */
  stats: { requests: number; retries: number };
  /** Who is asked, in messages; default `OSV`. The registries reuse this. */
  label?: string;
  /** The budget its requests and rate limits are reported to, if any. */
  budgetSource?: RequestSource;
}

/** How {@link OsvHttp.requestText} asks. */
export interface OsvHttpRequest {
  method: 'GET' | 'POST';
  path: string;
  signal: AbortSignal | undefined;
  body?: unknown;
  /** Default `application/json`. */
  accept?: string;
}

/**
 * HTTP to the OSV API: JSON in and out, a timeout per request, a byte cap on
 * answers, and retries with exponential backoff honouring `Retry-After` for
 * 429, 5xx, network errors and timeouts. Other answers fail at once.
 */
export class OsvHttp {
  readonly #options: OsvHttpOptions;

  constructor(options: OsvHttpOptions) {
    this.#options = options;
  }

  async request(
    method: 'GET' | 'POST',
    path: string,
    signal: AbortSignal | undefined,
    body?: unknown,
  ): Promise<unknown> {
    const { text, status } = await this.requestText({
      method,
      path,
      signal,
      body,
    });
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new OsvRequestError(
        `${this.#label} response from ${method} ${path} (status ${status}) is not valid JSON`,
        { path, status, cause: error },
      );
    }
  }

  get #label(): string {
    return this.#options.label ?? 'OSV';
  }

  /** The body of a successful answer as text, with its status. */
  async requestText(
    request: OsvHttpRequest,
  ): Promise<{ text: string; status: number }> {
    const { method, path, signal, body } = request;
    const label = this.#label;
    const { baseUrl, maxAttempts, timeoutMs, stats } = this.#options;
    const url = `${baseUrl}${path}`;
    let lastError: OsvRequestError | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      signal?.throwIfAborted();
      if (attempt > 1) {
        stats.retries++;
      }
      stats.requests++;
      if (this.#options.budgetSource) {
        reportSourceRequest(this.#options.budgetSource);
      }
      const timeout = AbortSignal.timeout(timeoutMs);
      const requestSignal = signal
        ? AbortSignal.any([signal, timeout])
        : timeout;
      let response: Response;
      try {
        response = await this.#options.fetch(url, {
          method,
          headers: {
            accept: request.accept ?? 'application/json',
            ...(body !== undefined
              ? { 'content-type': 'application/json' }
              : {}),
          },
          body: body !== undefined ? JSON.stringify(body) : undefined,
          signal: requestSignal,
          redirect: 'error',
        });
      } catch (error) {
        signal?.throwIfAborted();
        const reason = timeout.aborted
          ? `timed out after ${timeoutMs} ms`
          : `failed: ${error instanceof Error ? error.message : String(error)}`;
        lastError = new OsvRequestError(
          `${label} request ${method} ${path} ${reason} (no response status)`,
          { path, cause: error },
        );
        await this.#backoff(attempt, undefined, signal);
        continue;
      }

      if (response.ok) {
        let text: string;
        try {
          text = await readResponseText(
            response,
            this.#options.maxResponseBytes,
            `${label} response from ${method} ${path}`,
          );
        } catch (error) {
          signal?.throwIfAborted();
          if (error instanceof TooLargeError) {
            // The same answer would come again: fail now, with the reason.
            throw new OsvRequestError(error.message, {
              path,
              status: response.status,
              cause: error,
            });
          }
          lastError = new OsvRequestError(
            `${label} request ${method} ${path} (status ${response.status}) failed while reading the body`,
            { path, status: response.status, cause: error },
          );
          await this.#backoff(attempt, undefined, signal);
          continue;
        }
        return { text, status: response.status };
      }

      // Drain the body so the connection can be reused.
      await response.text().catch(() => undefined);
      const retryable = response.status === 429 || response.status >= 500;
      lastError = new OsvRequestError(
        `${label} request ${method} ${path} failed with status ${response.status}${
          retryable
            ? ` after ${attempt} attempt${attempt === 1 ? '' : 's'}`
            : ''
        }`,
        { path, status: response.status },
      );
      if (!retryable) {
        throw lastError;
      }
      const retryAfter = retryAfterMs(response.headers.get('retry-after'));
      if (this.#options.budgetSource && retryAfter !== undefined) {
        reportSourceRateLimit(
          this.#options.budgetSource,
          Date.now() + retryAfter,
        );
      }
      await this.#backoff(attempt, retryAfter, signal);
    }
    throw (
      lastError ??
      new OsvRequestError(`${label} request ${method} ${path} was not sent`, {
        path,
      })
    );
  }

  async #backoff(
    attempt: number,
    retryAfter: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const { maxAttempts, baseDelayMs, maxDelayMs } = this.#options;
    if (attempt >= maxAttempts) {
      return;
    }
    const exponential = baseDelayMs * 2 ** (attempt - 1);
    const delay = Math.min(maxDelayMs, retryAfter ?? exponential);
    await this.#options.sleep(delay, signal);
  }
}
