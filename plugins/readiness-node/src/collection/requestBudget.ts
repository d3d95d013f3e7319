import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Where the requests of a collection go, as budgets count them:
 * `repository` (the repository host, through the UrlReader), `github` (the
 * GitHub API) and `osv` (the OSV API). Collector modules may name others.
 *
 * @public
 */
export type RequestSource = 'repository' | 'github' | 'osv' | (string & {});

/**
 * Hears of the requests made while one entity is collected. The backend
 * installs one per entity of a collection cycle; outside a cycle (a refresh
 * asked for by a person) nobody listens and reports cost nothing.
 *
 * @public
 */
export interface RequestReporter {
  /** One request was sent to `source` (retries included). */
  request(source: RequestSource): void;
  /**
   * `source` said to wait (Retry-After, X-RateLimit-Reset) until `until`;
   * entities that need it wait too instead of failing.
   */
  rateLimited(source: RequestSource, until: Date): void;
}

// Carried through awaits, timers and fetch callbacks, so shared clients
// report to whichever collection started the request, with no plumbing.
const reporters = new AsyncLocalStorage<RequestReporter>();

/**
 * Runs `fn` with `reporter` hearing of the requests it makes.
 *
 * @public
 */
export function runWithRequestReporter<T>(
  reporter: RequestReporter,
  fn: () => T,
): T {
  return reporters.run(reporter, fn);
}

/**
 * Counts one request to `source` against the current collection's budget;
 * clients call it before each attempt.
 *
 * @public
 */
export function reportSourceRequest(source: RequestSource): void {
  reporters.getStore()?.request(source);
}

/**
 * Tells the current collection's budget that `source` asked to wait until
 * `until` (epoch milliseconds or a date).
 *
 * @public
 */
export function reportSourceRateLimit(
  source: RequestSource,
  until: Date | number,
): void {
  reporters
    .getStore()
    ?.rateLimited(source, typeof until === 'number' ? new Date(until) : until);
}
