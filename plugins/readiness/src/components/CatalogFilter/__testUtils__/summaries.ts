// Test fixtures of the catalog filter and column: three components with
// reports and one without, and an API that serves their summary rows.
import type { Entity } from '@backstage/catalog-model';
import type { Tier } from '@readiness/plugin-readiness-common';
import { summaryRow } from '../../../testing/summaryRow';

function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service' },
  };
}

function row(name: string, tier: Tier | null, stopWork = false) {
  return summaryRow(name, { tier, stopWork });
}

export const summaries = [
  row('flow', null, true),
  row('payments', 'enterprise'),
  row('inventory', 'production'),
];
export const entities = [
  ...summaries.map(s => component(s.name)),
  component('new'),
];

/** A fresh API object per test, so each gets its own loader and cache. */
export function mockApi() {
  const getSummariesByRefs = jest.fn(async (refs: string[]) =>
    summaries.filter(s => refs.includes(s.entityRef)),
  );
  return { api: { getSummariesByRefs }, getSummariesByRefs };
}
