import type { Entity } from '@backstage/catalog-model';
import { acmeSloCollector, acmeSloKind, readSloAnnotations } from './acmeSlo';

const component = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', annotations },
  spec: { type: 'service' },
});

describe('the acme.slo example collector', () => {
  it.each([
    [{}, { declared: false }],
    [
      { 'acme.com/slo-target': '99.95', 'acme.com/slo-window': '28d' },
      { declared: true, targetPercent: 99.95, window: '28d' },
    ],
    [
      { 'acme.com/slo-target': '99.5' },
      { declared: true, targetPercent: 99.5, window: '30d' },
    ],
  ])('reads %j as a value its kind accepts', (annotations, expected) => {
    const value = readSloAnnotations(component(annotations));
    expect(acmeSloKind.schema.parse(value)).toEqual(expected);
  });

  it.each([
    [{ 'acme.com/slo-target': 'high' }, 'targetPercent'],
    [{ 'acme.com/slo-target': '' }, 'targetPercent'],
    [{ 'acme.com/slo-target': '120' }, 'targetPercent'],
    [{ 'acme.com/slo-target': '99.9', 'acme.com/slo-window': '1y' }, 'window'],
  ])('passes %j on, for the kind to refuse at %s', (annotations, field) => {
    const result = acmeSloKind.schema.safeParse(
      readSloAnnotations(component(annotations)),
    );
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(issue => issue.path.join('.'))).toEqual([
      field,
    ]);
  });

  it('stamps the evidence with the run time and the kind lifetime', async () => {
    const now = new Date('2026-12-03T10:00:00.000Z');
    const evidence = await acmeSloCollector.collect(component({}), {
      now,
    } as Parameters<typeof acmeSloCollector.collect>[1]);
    expect(evidence).toEqual([
      {
        key: 'acme.slo',
        value: { declared: false },
        observedAt: '2026-12-03T10:00:00.000Z',
        staleAfter: '2026-12-05T10:00:00.000Z',
      },
    ]);
    expect(
      acmeSloCollector.appliesTo?.({ ...component({}), kind: 'API' }),
    ).toBe(false);
  });
});
