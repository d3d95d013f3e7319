import type { Entity } from '@backstage/catalog-model';
import { createCollectorContext } from '../../testUtils';
import {
  createCatalogCollector,
  readCatalogEvidence,
} from './catalogCollector';

const base: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'payments' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'payments-team',
    system: 'payments',
  },
};

describe('readCatalogEvidence', () => {
  it('reads ownership in full ref form and no integrations when none are annotated', () => {
    expect(readCatalogEvidence(base)).toEqual({
      owner: 'group:payments/payments-team',
      system: 'system:payments/payments',
      lifecycle: 'production',
      techdocs: false,
      monitoring: [],
      alerting: [],
      onCall: [],
      errorTracking: [],
      codeQuality: [],
    });
  });

  it.each([
    ['grafana/dashboard-selector', 'monitoring'],
    ['datadoghq.com/dashboard-url', 'monitoring'],
    ['prometheus.io/alert', 'alerting'],
    ['pagerduty.com/service-id', 'alerting'],
    ['pagerduty.com/service-id', 'onCall'],
    ['opsgenie.com/team', 'onCall'],
    ['sentry.io/project-slug', 'errorTracking'],
    ['sonarqube.org/project-key', 'codeQuality'],
    ['readiness.io/slo', 'slo'],
  ] as const)('%s counts as %s', (annotation, signal) => {
    const value = readCatalogEvidence({
      ...base,
      metadata: { ...base.metadata, annotations: { [annotation]: 'x' } },
    });
    expect(value[signal]).toEqual([annotation]);
  });

  it('sees TechDocs, and ignores empty annotations and malformed owners', () => {
    const value = readCatalogEvidence({
      ...base,
      metadata: {
        ...base.metadata,
        annotations: {
          'backstage.io/techdocs-ref': 'dir:.',
          'pagerduty.com/service-id': '',
        },
      },
      spec: { owner: 'user:', lifecycle: 42 },
    });
    expect(value).toEqual({
      techdocs: true,
      monitoring: [],
      alerting: [],
      onCall: [],
      errorTracking: [],
      codeQuality: [],
    });
  });
});

describe('createCatalogCollector', () => {
  it('returns catalog evidence stamped with the run time', async () => {
    const now = new Date('2026-11-24T10:00:00Z');
    const [evidence] = await createCatalogCollector().collect(
      base,
      createCollectorContext({ now }),
    );
    expect(evidence).toMatchObject({
      key: 'catalog',
      observedAt: '2026-11-24T10:00:00.000Z',
      staleAfter: '2026-11-26T10:00:00.000Z',
      value: { owner: 'group:payments/payments-team' },
    });
  });
});
