import { checkResult, NOW } from '../testUtils/fixtures';
import type { CheckResult } from '../types';
import { evaluateStopWork } from './stopWork';
import { decideStopWorkTransition } from './stopWorkTransition';

const build = (errors: number, status: CheckResult['status'] = 'fail') =>
  checkResult('build.clean', status, {
    counters: status === 'unknown' ? undefined : { compilationErrors: errors },
  });

const open = {
  beganAt: '2026-02-01T00:00:00.000Z',
  blockers: ['build.clean' as const],
  countsAtStart: { compilationErrors: 97 },
};

describe('decideStopWorkTransition', () => {
  it('opens an order when a blocker fails and none is open, with the counts then', () => {
    const next = evaluateStopWork({ checks: [build(97)], now: NOW });
    expect(decideStopWorkTransition({ next, now: NOW })).toEqual({
      action: 'open',
      reason: 'blockers fail: build.clean',
      beganAt: NOW,
      blockers: ['build.clean'],
      countsAtStart: { compilationErrors: 97 },
    });
  });

  it('keeps the open order while blockers fail, with the progress since it began', () => {
    const next = evaluateStopWork({
      checks: [build(40)],
      previous: evaluateStopWork({ checks: [build(97)], now: open.beganAt }),
      now: NOW,
    });
    expect(decideStopWorkTransition({ open, next, now: NOW })).toEqual({
      action: 'keep',
      reason: 'blockers fail: build.clean',
      countsAtStart: { compilationErrors: 97 },
      progress: [
        expect.objectContaining({
          counter: 'compilationErrors',
          resolved: 57,
          total: 97,
        }),
      ],
    });
  });

  it('keeps the open order when its blocker becomes unknown: an outage is not a fix', () => {
    const next = evaluateStopWork({
      checks: [build(0, 'unknown')],
      previous: evaluateStopWork({ checks: [build(97)], now: open.beganAt }),
      now: NOW,
    });
    expect(decideStopWorkTransition({ open, next, now: NOW })).toMatchObject({
      action: 'keep',
      reason: 'blockers unverified: build.clean',
    });
  });

  it('lifts the open order when no blocker fails', () => {
    const next = evaluateStopWork({ checks: [build(0, 'pass')], now: NOW });
    expect(decideStopWorkTransition({ open, next, now: NOW })).toEqual({
      action: 'lift',
      reason: 'no blocker fails or is unverified',
    });
  });

  it('does nothing without an order or a failing blocker, and ignores manual orders', () => {
    const manualOnly = evaluateStopWork({
      checks: [build(0, 'pass')],
      manual: { issuedBy: 'user:default/cto', issuedAt: NOW, reason: 'audit' },
      now: NOW,
    });
    expect(manualOnly.active).toBe(true);
    expect(
      decideStopWorkTransition({ next: manualOnly, now: NOW }).action,
    ).toBe('none');
  });

  it('starts an order carried over from the previous report when it began', () => {
    const next = evaluateStopWork({
      checks: [build(40)],
      previous: evaluateStopWork({ checks: [build(97)], now: open.beganAt }),
      now: NOW,
    });
    expect(decideStopWorkTransition({ next, now: NOW })).toMatchObject({
      action: 'open',
      beganAt: open.beganAt,
    });
  });
});
