import { CustomErrorBase } from '@backstage/errors';

/**
 * A caller sent more requests than its limit; the router's error handler
 * answers with this `statusCode`, and `Retry-After` is set before it is thrown.
 *
 * @internal
 */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  readonly statusCode = 429;
}

/** @internal */
export interface RateLimit {
  /** Requests allowed per caller within one window. */
  requests: number;
  windowMs: number;
}

/**
 * Refreshes per caller: ten a minute, enough for a person clicking or a
 * pipeline retrying.
 *
 * @internal
 */
export const DEFAULT_REFRESH_RATE_LIMIT: RateLimit = {
  requests: 10,
  windowMs: 60_000,
};

/**
 * Rule previews per caller: each evaluates the whole readable catalog twice.
 *
 * @internal
 */
export const DEFAULT_PREVIEW_RATE_LIMIT: RateLimit = {
  requests: 6,
  windowMs: 60_000,
};

/** Above this many tracked callers, windows that ended are forgotten. */
const PRUNE_ABOVE = 10_000;

/**
 * Counts requests per caller in fixed windows, in this instance's memory
 * (each backend instance counts its own callers).
 *
 * @internal
 */
export function createRateLimiter(limit: RateLimit, now: () => Date) {
  const windows = new Map<string, { startMs: number; count: number }>();

  function prune(nowMs: number) {
    for (const [caller, window] of windows) {
      if (nowMs - window.startMs >= limit.windowMs) {
        windows.delete(caller);
      }
    }
  }

  return {
    /**
     * Counts one request of the caller. Undefined while within the limit;
     * otherwise the seconds until its window ends (for `Retry-After`).
     */
    take(caller: string): number | undefined {
      const nowMs = now().getTime();
      let window = windows.get(caller);
      if (!window || nowMs - window.startMs >= limit.windowMs) {
        if (windows.size >= PRUNE_ABOVE) {
          prune(nowMs);
        }
        window = { startMs: nowMs, count: 0 };
        windows.set(caller, window);
      }
      if (window.count >= limit.requests) {
        return Math.max(
          1,
          Math.ceil((window.startMs + limit.windowMs - nowMs) / 1000),
        );
      }
      window.count += 1;
      return undefined;
    },
  };
}
