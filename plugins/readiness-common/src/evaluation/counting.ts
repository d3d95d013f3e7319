import type { CheckResult } from '../types';

/**
 * The checks that count: all but the upcoming ones, whose `effectiveFrom`
 * is still ahead. Upcoming checks are shown, but count toward no tier,
 * score, risk, remediation, stop-work, gate or summary.
 *
 * @public
 */
export function countingChecks<T extends Pick<CheckResult, 'upcoming'>>(
  checks: readonly T[],
): T[] {
  return checks.filter(check => !check.upcoming);
}
