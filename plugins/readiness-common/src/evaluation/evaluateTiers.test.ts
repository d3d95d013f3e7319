import { allChecks } from '../testUtils/fixtures';
import type { CheckId, CheckStatus, Tier } from '../types';
import { tierRank } from '../types';
import { evaluateTiers, meetsTier } from './evaluateTiers';

describe('evaluateTiers', () => {
  it.each<[string, Partial<Record<CheckId, CheckStatus>>, Tier | null]>([
    ['everything passes', {}, 'enterprise'],
    [
      'a waived check counts as achieved',
      { 'build.clean': 'waived' },
      'enterprise',
    ],
    [
      'an enterprise check fails',
      { 'operations.on-call': 'fail' },
      'production',
    ],
    [
      'an enterprise check is unknown',
      { 'operations.scalability': 'unknown' },
      'production',
    ],
    ['a production check fails', { 'quality.coverage': 'fail' }, 'mvs'],
    ['an MVS check fails', { 'build.clean': 'fail' }, null],
    // Cumulative: higher tiers passing do not help when MVS is unknown.
    ['an MVS check is unknown', { 'quality.tests-pass': 'unknown' }, null],
  ])('%s', (_name, statuses, expected) => {
    const { tier, tiers } = evaluateTiers(allChecks(statuses));
    expect(tier).toBe(expected);
    expect(tiers.map(t => t.tier)).toEqual(['mvs', 'production', 'enterprise']);
  });

  it('counts the passing and waived checks of each tier', () => {
    const { tiers } = evaluateTiers(
      allChecks({
        'build.clean': 'waived',
        'quality.coverage': 'fail',
        'quality.benchmarks': 'unknown',
        'operations.on-call': 'fail',
      }),
    );
    expect(
      tiers.map(t => [t.tier, t.passed, t.checks.length] as const),
    ).toEqual([
      ['mvs', 5, 5],
      ['production', 5, 7],
      ['enterprise', 4, 5],
    ]);
  });

  it('marks every tier above a failing one as not achieved', () => {
    const { tiers } = evaluateTiers(allChecks({ 'quality.coverage': 'fail' }));
    expect(tiers.map(t => t.achieved)).toEqual([true, false, false]);
    expect(tiers[0].checks).toContain('build.clean');
  });

  it('achieves tiers without enabled checks when lower ones are achieved', () => {
    const onlyMvs = allChecks().filter(c => c.tier === 'mvs');
    expect(evaluateTiers(onlyMvs).tier).toBe('enterprise');
  });

  it.each<[Tier | null, Tier, boolean]>([
    [null, 'mvs', false],
    ['mvs', 'mvs', true],
    ['mvs', 'production', false],
    ['enterprise', 'production', true],
  ])('meetsTier(%s, %s) is %s', (achieved, minimum, expected) => {
    expect(meetsTier(achieved, minimum)).toBe(expected);
  });

  it('ranks tiers lowest first', () => {
    expect(
      ['enterprise', 'mvs', 'production'].sort(
        (a, b) => tierRank(a as Tier) - tierRank(b as Tier),
      ),
    ).toEqual(['mvs', 'production', 'enterprise']);
  });
});
