import {
  allChecks,
  checkResult,
  daysFromNow,
  NOW,
  waiver,
} from '../testUtils/fixtures';
import { planRemediation } from './remediation';

describe('planRemediation', () => {
  it('is empty when everything passes', () => {
    expect(planRemediation(allChecks())).toEqual({ phases: [] });
  });

  it('groups failing checks into stabilise, production and enterprise', () => {
    const plan = planRemediation([
      checkResult('operations.on-call', 'fail', { actions: ['add on-call'] }),
      checkResult('quality.coverage', 'fail', { actions: ['raise coverage'] }),
      checkResult('build.clean', 'fail', {
        actions: ['fix the 97 compilation errors on main'],
      }),
    ]);
    expect(plan.phases.map(p => [p.phase, p.items.map(i => i.action)])).toEqual(
      [
        ['stabilise', ['fix the 97 compilation errors on main']],
        ['production', ['raise coverage']],
        ['enterprise', ['add on-call']],
      ],
    );
    expect(plan.phases[0].items[0]).toEqual({
      checkId: 'build.clean',
      kind: 'fix',
      action: 'fix the 97 compilation errors on main',
    });
  });

  it('adds unknown checks as evidence collection in their phase, after fixes', () => {
    const plan = planRemediation([
      checkResult('quality.tests-pass', 'unknown', {
        summary: 'no test evidence yet',
      }),
      checkResult('build.clean', 'fail', { actions: ['fix the build'] }),
    ]);
    expect(plan.phases).toHaveLength(1);
    expect(plan.phases[0].items).toEqual([
      { checkId: 'build.clean', kind: 'fix', action: 'fix the build' },
      {
        checkId: 'quality.tests-pass',
        kind: 'collect-evidence',
        action:
          'collect evidence for tests pass (quality.tests-pass): no test evidence yet',
      },
    ]);
  });

  it('keeps waived checks with the date the waiver ends', () => {
    const plan = planRemediation([
      checkResult('quality.tech-debt', 'waived', {
        actions: ['resolve TODOs'],
        waiver: waiver('quality.tech-debt'),
      }),
    ]);
    expect(plan.phases[0]).toMatchObject({
      phase: 'production',
      items: [{ action: 'resolve TODOs', waivedUntil: daysFromNow(30) }],
    });
  });

  it('puts a non-blocker MVS check in production and a blocker enterprise check in stabilise', () => {
    const plan = planRemediation([
      checkResult('quality.tests-pass', 'fail', { severity: 'major' }),
      checkResult('operations.on-call', 'fail', { severity: 'blocker' }),
    ]);
    expect(plan.phases.map(p => [p.phase, p.items[0].checkId])).toEqual([
      ['stabilise', 'operations.on-call'],
      ['production', 'quality.tests-pass'],
    ]);
  });

  describe('timeline', () => {
    const checks = [
      checkResult('build.clean', 'fail', { actions: ['fix the build'] }),
      checkResult('security.hardening', 'fail', {
        actions: ['add SECURITY.md'],
      }),
      checkResult('docs.complete', 'unknown', { summary: 'no docs yet' }),
      checkResult('operations.on-call', 'fail', { actions: ['add on-call'] }),
    ];
    const since = daysFromNow(-20);
    const plan = planRemediation(checks, {
      stopWork: { active: true, since },
      owner: 'group:default/team-a',
      config: { owners: { security: 'group:default/security' } },
      now: NOW,
    });
    const phase = (id: string) => plan.phases.find(p => p.phase === id);
    const hours = (h: number) =>
      new Date(Date.parse(since) + h * 3_600_000).toISOString();

    it("puts the seed's immediate response first while a stop-work order is open, with the gate closed already", () => {
      expect(plan.startedAt).toBe(since);
      expect(plan.phases.map(p => p.phase)).toEqual([
        'immediate',
        'stabilise',
        'production',
        'enterprise',
      ]);
      expect(phase('immediate')?.items).toEqual([
        expect.objectContaining({
          kind: 'respond',
          action: expect.stringMatching(/^halt deployments/),
          done: true,
          overdue: false,
        }),
        expect.objectContaining({
          action: 'notify the owners and the dependents of the stop-work order',
          done: false,
          owner: 'group:default/team-a',
          overdue: true,
        }),
        expect.objectContaining({
          action: 'list the affected systems',
          done: false,
        }),
      ]);
    });

    it("time-boxes the phases from the start of the order with the seed's defaults", () => {
      expect(plan.phases.map(p => [p.phase, p.startsAt, p.dueAt])).toEqual([
        ['immediate', hours(0), hours(24)],
        ['stabilise', hours(0), hours(14 * 24)],
        ['production', hours(14 * 24), hours(28 * 24)],
        ['enterprise', hours(28 * 24), hours(56 * 24)],
      ]);
    });

    it('routes items by dimension, else to the entity owner, each due with its phase and overdue after it', () => {
      const items = plan.phases.flatMap(p => p.items).filter(i => i.checkId);
      expect(items.map(i => [i.checkId, i.owner, i.dueAt, i.overdue])).toEqual([
        ['build.clean', 'group:default/team-a', hours(14 * 24), true],
        ['security.hardening', 'group:default/security', hours(28 * 24), false],
        ['docs.complete', 'group:default/team-a', hours(28 * 24), false],
        ['operations.on-call', 'group:default/team-a', hours(56 * 24), false],
      ]);
    });

    it('marks the notification and affected systems done when the caller does them', () => {
      const automated = planRemediation(checks, {
        stopWork: { active: true, since },
        automatedResponse: true,
        now: NOW,
      });
      expect(automated.phases[0].items.every(i => i.done && !i.overdue)).toBe(
        true,
      );
      expect(automated.phases[0].items[0].owner).toBeUndefined();
    });

    it('takes configured time boxes', () => {
      const custom = planRemediation(checks, {
        stopWork: { active: true, since },
        config: {
          phases: {
            immediate: { startHours: 0, dueHours: 4 },
            stabilise: { startHours: 4, dueHours: 72 },
            production: { startHours: 72, dueHours: 1000 },
            enterprise: { startHours: 1000, dueHours: 2000 },
          },
        },
        now: NOW,
      });
      expect(custom.phases[1]).toMatchObject({
        phase: 'stabilise',
        startsAt: hours(4),
        dueAt: hours(72),
      });
    });

    it('keeps the previous start without an order, starts now for a new plan, and has no dates without now', () => {
      const previous = daysFromNow(-3);
      const carried = planRemediation(checks.slice(1), {
        previousStartedAt: previous,
        now: NOW,
      });
      expect(carried.startedAt).toBe(previous);
      expect(carried.phases.map(p => p.phase)).toEqual([
        'production',
        'enterprise',
      ]);
      expect(planRemediation(checks.slice(1), { now: NOW }).startedAt).toBe(
        NOW,
      );
      const undated = planRemediation(checks);
      expect(undated.startedAt).toBeUndefined();
      expect(undated.phases[0].dueAt).toBeUndefined();
    });

    it('makes a waived item due when its waiver expires', () => {
      const waived = planRemediation(
        [
          checkResult('quality.tech-debt', 'waived', {
            waiver: waiver('quality.tech-debt', { expiresAt: daysFromNow(90) }),
          }),
        ],
        { now: NOW },
      );
      expect(waived.phases[0].items[0]).toMatchObject({
        dueAt: daysFromNow(90),
        overdue: false,
      });
    });
  });
});
