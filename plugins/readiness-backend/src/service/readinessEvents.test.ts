import { mockServices } from '@backstage/backend-test-utils';
import type { ReadinessReport } from '@readiness/plugin-readiness-common';
import { report } from '../__testUtils__/storeFixtures';
import { createReadinessEvents } from './readinessEvents';

const ref = 'component:default/claude-flow';

function withCheck(
  base: ReadinessReport,
  id: string,
  status: ReadinessReport['checks'][number]['status'],
): ReadinessReport {
  return {
    ...base,
    checks: [...base.checks, { ...base.checks[0], id: id as any, status }],
  };
}

describe('createReadinessEvents', () => {
  const setup = () => {
    const events = mockServices.events.mock();
    return {
      events,
      readiness: createReadinessEvents({
        events,
        logger: mockServices.logger.mock(),
      }),
      topics: () => events.publish.mock.calls.map(([e]) => e.topic),
    };
  };

  it('publishes a tier change and each check that went from passing to failing', async () => {
    const { events, readiness, topics } = setup();
    const before = withCheck(
      report(ref, { tier: 'mvs' }),
      'quality.coverage',
      'unknown',
    );
    const after = withCheck(
      report(ref, { tier: null, stopWork: true }),
      'quality.coverage',
      'fail',
    );
    await readiness.evaluated(before, after);
    expect(topics()).toEqual([
      'readiness.blockers.changed',
      'readiness.tier.changed',
      'readiness.check.regressed',
    ]);
    expect(events.publish.mock.calls[0][0].eventPayload).toEqual({
      entityRef: ref,
      blockers: [
        {
          checkId: 'build.clean',
          title: 'Clean build',
          summary: 'build failed',
          actions: [],
        },
      ],
      evaluatedAt: after.evaluatedAt,
    });
    expect(events.publish.mock.calls[1][0].eventPayload).toMatchObject({
      entityRef: ref,
      from: 'mvs',
      to: null,
    });
    // unknown → fail is news of a different kind: never a regression.
    expect(events.publish.mock.calls[2][0].eventPayload).toMatchObject({
      checkId: 'build.clean',
      from: 'pass',
      to: 'fail',
    });
  });

  it('publishes only the blockers of a first evaluation, and nothing for an unchanged one', async () => {
    const { readiness, topics } = setup();
    await readiness.evaluated(undefined, report(ref, { stopWork: true }));
    expect(topics()).toEqual(['readiness.blockers.changed']);
    await readiness.evaluated(undefined, report(ref));
    await readiness.evaluated(report(ref), report(ref));
    await readiness.evaluated(
      report(ref, { stopWork: true }),
      report(ref, { stopWork: true }),
    );
    expect(topics()).toEqual(['readiness.blockers.changed']);
  });

  it('publishes an empty set when the last blocker clears', async () => {
    const { events, readiness } = setup();
    await readiness.evaluated(report(ref, { stopWork: true }), report(ref));
    expect(events.publish).toHaveBeenCalledWith({
      topic: 'readiness.blockers.changed',
      eventPayload: expect.objectContaining({ blockers: [] }),
    });
  });

  it('logs, never throws, when publishing fails', async () => {
    const events = mockServices.events.mock({
      publish: jest.fn().mockRejectedValue(new Error('bus down')),
    });
    const logger = mockServices.logger.mock();
    await createReadinessEvents({ events, logger }).evaluated(
      report(ref, { tier: 'mvs' }),
      report(ref),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('readiness.tier.changed: Error: bus down'),
    );
  });
});
