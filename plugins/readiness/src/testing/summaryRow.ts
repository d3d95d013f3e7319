import type { EntitySummaryRow } from '@readiness/plugin-readiness-common';

/** A summary row of `component:default/<name>` for tests, overridable field by field. */
export function summaryRow(
  name: string,
  extra: Partial<EntitySummaryRow> = {},
): EntitySummaryRow {
  return {
    entityRef: `component:default/${name}`,
    kind: 'Component',
    namespace: 'default',
    name,
    tier: 'production',
    score: 72,
    stopWork: false,
    risk: 'manageable',
    counts: { pass: 10, fail: 2, unknown: 0, waived: 0 },
    evaluatedAt: '2026-11-24T00:00:00.000Z',
    stale: false,
    ...extra,
  };
}
