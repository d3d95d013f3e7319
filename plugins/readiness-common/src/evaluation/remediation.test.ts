import {
  allChecks,
  checkResult,
  daysFromNow,
  waiver,
} from '../testUtils/fixtures';
import { planRemediation } from './remediation';

describe('planRemediation', () => {
  it('is empty when everything passes', () => {
    expect(planRemediation(allChecks())).toEqual({ phases: [] });
  });

  it('groups failing checks into emergency, stabilization and enterprise', () => {
    const plan = planRemediation([
      checkResult('operations.on-call', 'fail', { actions: ['add on-call'] }),
      checkResult('quality.coverage', 'fail', { actions: ['raise coverage'] }),
      checkResult('build.clean', 'fail', {
        actions: ['fix the 97 compilation errors on main'],
      }),
    ]);
    expect(plan.phases.map(p => [p.phase, p.items.map(i => i.action)])).toEqual(
      [
        ['emergency', ['fix the 97 compilation errors on main']],
        ['stabilization', ['raise coverage']],
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
      phase: 'stabilization',
      items: [{ action: 'resolve TODOs', waivedUntil: daysFromNow(30) }],
    });
  });

  it('puts a non-blocker MVS check in stabilization and a blocker enterprise check in emergency', () => {
    const plan = planRemediation([
      checkResult('quality.tests-pass', 'fail', { severity: 'major' }),
      checkResult('operations.on-call', 'fail', { severity: 'blocker' }),
    ]);
    expect(plan.phases.map(p => [p.phase, p.items[0].checkId])).toEqual([
      ['emergency', 'operations.on-call'],
      ['stabilization', 'quality.tests-pass'],
    ]);
  });
});
