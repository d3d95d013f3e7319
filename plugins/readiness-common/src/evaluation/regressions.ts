import type {
  CheckRegression,
  CheckStatus,
  Evidence,
  EvidenceChange,
  HistoryEntry,
  ReadinessReport,
  Tier,
} from '../types';

const passing: ReadonlySet<CheckStatus> = new Set(['pass', 'waived']);

/**
 * The checks that went from pass (or waived) to fail between two reports of
 * one entity, each with the evidence it reads that arrived in between.
 * Upcoming checks are announced, not counted, so they never regress.
 *
 * @public
 */
export function detectRegressions(
  previous: ReadinessReport | undefined,
  next: ReadinessReport,
  evidence: readonly Evidence[] = [],
): CheckRegression[] {
  if (!previous) {
    return [];
  }
  const before = new Map(previous.checks.map(check => [check.id, check]));
  const sinceMs = Date.parse(previous.evaluatedAt);
  const arrivedSince = evidence.filter(
    item => Date.parse(item.receivedAt ?? item.observedAt) > sinceMs,
  );
  const regressions: CheckRegression[] = [];
  for (const check of next.checks) {
    const was = before.get(check.id);
    if (
      !was ||
      !passing.has(was.status) ||
      check.status !== 'fail' ||
      check.upcoming ||
      was.upcoming
    ) {
      continue;
    }
    const keys = new Set(check.evidenceKeys ?? []);
    regressions.push({
      checkId: check.id,
      title: check.title,
      from: was.status,
      to: check.status,
      detectedAt: next.evaluatedAt,
      summaryBefore: was.summary,
      summaryAfter: check.summary,
      evidence: arrivedSince
        .filter(item => keys.has(item.key))
        .map((item): EvidenceChange => ({
          key: item.key,
          source: item.source,
          observedAt: item.observedAt,
          ...(item.error === undefined ? {} : { error: item.error }),
        })),
    });
  }
  return regressions;
}

/**
 * The current tier of a history, oldest point first, and since when it has
 * held without a break.
 *
 * @public
 */
export function currentTierSince(
  items: ReadonlyArray<Pick<HistoryEntry, 'evaluatedAt' | 'tier'>>,
): { tier: Tier | null; since: string } | undefined {
  const last = items[items.length - 1];
  if (!last) {
    return undefined;
  }
  let since = last.evaluatedAt;
  for (let i = items.length - 2; i >= 0 && items[i].tier === last.tier; i--) {
    since = items[i].evaluatedAt;
  }
  return { tier: last.tier, since };
}
