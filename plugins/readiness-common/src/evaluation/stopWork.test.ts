import {
  allChecks,
  checkResult,
  daysFromNow,
  NOW,
} from '../testUtils/fixtures';
import type { CheckResult, ManualStopWork } from '../types';
import { evaluateStopWork, inactiveStopWorkOrder } from './stopWork';

const build = (errors: number, status: CheckResult['status'] = 'fail') =>
  checkResult('build.clean', status, {
    counters: status === 'unknown' ? undefined : { compilationErrors: errors },
  });

const manual: ManualStopWork = {
  issuedBy: 'user:default/cto',
  issuedAt: daysFromNow(-1),
  reason: 'incident review',
};

describe('evaluateStopWork', () => {
  it('is inactive when no blocker fails', () => {
    expect(evaluateStopWork({ checks: allChecks(), now: NOW })).toEqual(
      inactiveStopWorkOrder,
    );
  });

  it.each<[string, CheckResult]>([
    ['unknown', checkResult('build.clean', 'unknown')],
    ['waived', checkResult('build.clean', 'waived')],
    ['a failing non-blocker', checkResult('quality.coverage', 'fail')],
  ])('is not raised by %s', (_name, check) => {
    expect(evaluateStopWork({ checks: [check], now: NOW }).active).toBe(false);
  });

  it('starts on a failing blocker with counts at start', () => {
    const order = evaluateStopWork({ checks: [build(97)], now: NOW });
    expect(order).toEqual({
      active: true,
      automatic: true,
      blockers: ['build.clean'],
      unverifiedBlockers: [],
      since: NOW,
      countsAtStart: { compilationErrors: 97 },
      progress: [
        {
          counter: 'compilationErrors',
          label: 'compilation errors resolved 0/97',
          resolved: 0,
          total: 97,
        },
      ],
    });
  });

  it('persists since and counts, and reports progress', () => {
    const first = evaluateStopWork({ checks: [build(97)], now: NOW });
    const second = evaluateStopWork({
      checks: [build(40)],
      previous: first,
      now: daysFromNow(2),
    });
    expect(second.since).toBe(NOW);
    expect(second.countsAtStart).toEqual({ compilationErrors: 97 });
    expect(second.progress[0].label).toBe('compilation errors resolved 57/97');
  });

  it('never reports negative progress when counts grow', () => {
    const first = evaluateStopWork({ checks: [build(10)], now: NOW });
    const second = evaluateStopWork({
      checks: [build(15)],
      previous: first,
      now: daysFromNow(1),
    });
    expect(second.progress[0]).toMatchObject({ resolved: 0, total: 10 });
  });

  it('adds counters first seen while the order runs', () => {
    const first = evaluateStopWork({ checks: [build(5)], now: NOW });
    const second = evaluateStopWork({
      checks: [
        build(5),
        checkResult('security.vulnerabilities', 'fail', {
          counters: { vulnerabilities: 2 },
        }),
      ],
      previous: first,
      now: daysFromNow(1),
    });
    expect(second.countsAtStart).toEqual({
      compilationErrors: 5,
      vulnerabilities: 2,
    });
  });

  it('starts a counter at its first positive reading when it read 0 at the start', () => {
    // The build failed before any log was read, then a log counted 97.
    const first = evaluateStopWork({ checks: [build(0)], now: NOW });
    expect(first.progress).toEqual([]);
    const counted = evaluateStopWork({
      checks: [build(97)],
      previous: first,
      now: daysFromNow(1),
    });
    expect(counted.since).toBe(NOW);
    expect(counted.progress[0].label).toBe('compilation errors resolved 0/97');
    const later = evaluateStopWork({
      checks: [build(40)],
      previous: counted,
      now: daysFromNow(2),
    });
    expect(later.progress[0].label).toBe('compilation errors resolved 57/97');
  });

  it('lifts when blockers are fixed, and starts afresh next time', () => {
    const first = evaluateStopWork({ checks: [build(97)], now: NOW });
    const lifted = evaluateStopWork({
      checks: [build(0, 'pass')],
      previous: first,
      now: daysFromNow(1),
    });
    expect(lifted).toEqual(inactiveStopWorkOrder);
    const again = evaluateStopWork({
      checks: [build(3)],
      previous: lifted,
      now: daysFromNow(2),
    });
    expect(again.since).toBe(daysFromNow(2));
    expect(again.countsAtStart).toEqual({ compilationErrors: 3 });
  });

  it('stays active while a blocker of the running order becomes unknown', () => {
    const first = evaluateStopWork({ checks: [build(97)], now: NOW });
    const outage = evaluateStopWork({
      checks: [build(0, 'unknown')],
      previous: first,
      now: daysFromNow(1),
    });
    expect(outage).toMatchObject({
      active: true,
      automatic: true,
      blockers: [],
      unverifiedBlockers: ['build.clean'],
      since: NOW,
      // No current count: no progress claimed.
      progress: [],
    });
    const fixed = evaluateStopWork({
      checks: [build(0, 'pass')],
      previous: outage,
      now: daysFromNow(2),
    });
    expect(fixed.active).toBe(false);
  });

  it('holds a manual order without failing blockers', () => {
    const order = evaluateStopWork({ checks: allChecks(), manual, now: NOW });
    expect(order).toMatchObject({
      active: true,
      automatic: false,
      manual,
      blockers: [],
      since: manual.issuedAt,
    });
  });

  it('lifts when the manual order is closed', () => {
    const first = evaluateStopWork({ checks: allChecks(), manual, now: NOW });
    expect(
      evaluateStopWork({
        checks: allChecks(),
        previous: first,
        now: daysFromNow(1),
      }).active,
    ).toBe(false);
  });

  it('counts only blocker checks', () => {
    const order = evaluateStopWork({
      checks: [
        build(3),
        checkResult('quality.tech-debt', 'fail', {
          counters: { todoMarkers: 75 },
        }),
      ],
      now: NOW,
    });
    expect(order.countsAtStart).toEqual({ compilationErrors: 3 });
  });
});
