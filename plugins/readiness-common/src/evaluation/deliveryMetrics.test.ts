import { evaluateReadiness } from './evaluateReadiness';
import { computeDeliveryMetrics } from './deliveryMetrics';
import { daysFromNow, evidence, NOW } from '../testUtils/fixtures';
import type { DeploymentEvent, IncidentEvent } from '../types';

const hoursBefore = (hours: number) =>
  new Date(Date.parse(NOW) - hours * 3_600_000).toISOString();

/** `count` successful deployments spread evenly over the last `days`. */
function deploymentsOver(
  count: number,
  days: number,
  overrides: Partial<DeploymentEvent> = {},
): DeploymentEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `d${i}`,
    deployedAt: daysFromNow(-(days * i) / count),
    succeeded: true,
    ...overrides,
  }));
}

const metrics = (
  deployments: DeploymentEvent[],
  incidents: IncidentEvent[] = [],
  windowDays = 30,
) => computeDeliveryMetrics({ deployments, incidents, now: NOW, windowDays });

describe('computeDeliveryMetrics', () => {
  it.each([
    // deployments in 28 days -> per day, class
    [28, 'elite'], // once a day, the elite edge
    [27, 'high'],
    [4, 'high'], // once a week, the high edge
    [3, 'medium'],
  ])('deployment frequency: %i deployments in 28 days is %s', (count, cls) => {
    const result = metrics(deploymentsOver(count, 28), [], 28);
    expect(result.deploymentFrequency).toMatchObject({
      status: 'measured',
      doraClass: cls,
      samples: count,
    });
  });

  it('deployment frequency below once a month is low', () => {
    const result = metrics(deploymentsOver(3, 90), [], 100);
    expect(result.deploymentFrequency).toMatchObject({ doraClass: 'low' });
  });

  it('too few deployments are unknown, never classed', () => {
    const result = metrics(deploymentsOver(2, 10));
    expect(result.deploymentFrequency).toEqual({
      status: 'unknown',
      reason: 'successful deployments: 2 in 30 days; at least 3 needed',
      samples: 2,
    });
    expect(result.changeFailureRate.status).toBe('unknown');
    expect(result.leadTimeForChanges.status).toBe('unknown');
    expect(result.timeToRestore.status).toBe('unknown');
  });

  it('events outside the window or after now do not count', () => {
    const result = metrics([
      ...deploymentsOver(2, 10),
      { deployedAt: daysFromNow(-31), succeeded: true },
      { deployedAt: daysFromNow(1), succeeded: true },
    ]);
    expect(result.deploymentFrequency.status).toBe('unknown');
  });

  it.each([
    [23.9, 'elite'],
    [24, 'elite'],
    [25, 'high'],
    [7 * 24, 'high'],
    [7 * 24 + 1, 'medium'],
    [30 * 24, 'medium'],
    [30 * 24 + 1, 'low'],
  ])('lead time of %f hours is %s', (hours, cls) => {
    const deployments = deploymentsOver(3, 1).map(d => ({
      ...d,
      committedAt: new Date(
        Date.parse(d.deployedAt) - hours * 3_600_000,
      ).toISOString(),
    }));
    expect(metrics(deployments, [], 60).leadTimeForChanges).toMatchObject({
      status: 'measured',
      value: hours,
      unit: 'hours',
      doraClass: cls,
    });
  });

  it('lead time is the median of the deployments with a commit time', () => {
    const deployments = [
      {
        deployedAt: hoursBefore(1),
        committedAt: hoursBefore(3),
        succeeded: true,
      },
      {
        deployedAt: hoursBefore(2),
        committedAt: hoursBefore(12),
        succeeded: true,
      },
      {
        deployedAt: hoursBefore(3),
        committedAt: hoursBefore(103),
        succeeded: true,
      },
      { deployedAt: hoursBefore(4), succeeded: true },
    ];
    expect(metrics(deployments).leadTimeForChanges).toMatchObject({
      value: 10,
      samples: 3,
      doraClass: 'elite',
    });
  });

  it.each([
    [1, 20, 5, 'elite'],
    [2, 20, 10, 'high'],
    [3, 20, 15, 'medium'],
    [4, 20, 20, 'low'],
  ])(
    'change failure rate: %i failures in %i deployments is %f%% (%s)',
    (failures, total, percent, cls) => {
      const deployments = deploymentsOver(total, 20).map((d, i) =>
        i < failures ? { ...d, succeeded: false } : d,
      );
      expect(metrics(deployments).changeFailureRate).toMatchObject({
        status: 'measured',
        value: percent,
        doraClass: cls,
        samples: total,
      });
    },
  );

  it('a deployment that caused an incident or was marked a change failure fails', () => {
    const deployments = deploymentsOver(4, 4);
    deployments[1].changeFailure = true;
    const result = metrics(deployments, [
      {
        startedAt: hoursBefore(5),
        resolvedAt: hoursBefore(4),
        deploymentId: 'd0',
      },
    ]);
    expect(result.changeFailureRate).toMatchObject({ value: 50 });
  });

  it.each([
    [1, 'elite'],
    [1.5, 'high'],
    [24, 'high'],
    [25, 'medium'],
    [7 * 24, 'medium'],
    [7 * 24 + 1, 'low'],
  ])('time to restore of %f hours is %s', (hours, cls) => {
    const result = metrics(
      [],
      [{ startedAt: hoursBefore(hours + 1), resolvedAt: hoursBefore(1) }],
    );
    expect(result.timeToRestore).toMatchObject({
      status: 'measured',
      value: hours,
      doraClass: cls,
      samples: 1,
    });
  });

  it('an open incident is not restored', () => {
    const result = metrics([], [{ startedAt: hoursBefore(2) }]);
    expect(result.timeToRestore).toMatchObject({
      status: 'unknown',
      samples: 0,
    });
  });
});

describe('evaluateReadiness delivery', () => {
  it('reports the metrics of usable deployment evidence, with the configured window', () => {
    const report = evaluateReadiness({
      entityRef: 'component:default/a',
      evidence: [
        evidence('deployments', { deployments: deploymentsOver(14, 7) }),
      ],
      config: { delivery: { windowDays: 7 } },
      now: NOW,
    });
    expect(report.delivery).toMatchObject({
      windowDays: 7,
      deploymentFrequency: { value: 2, doraClass: 'elite' },
    });
  });

  it('has no delivery metrics without usable deployment or incident evidence', () => {
    const report = evaluateReadiness({
      entityRef: 'component:default/a',
      evidence: [
        evidence(
          'deployments',
          { deployments: deploymentsOver(14, 7) },
          { staleAfter: daysFromNow(-1) },
        ),
      ],
      now: NOW,
    });
    expect(report.delivery).toBeUndefined();
  });
});
