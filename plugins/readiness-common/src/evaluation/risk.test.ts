import { allChecks } from '../testUtils/fixtures';
import type { CheckId, CheckStatus, RiskLevel } from '../types';
import { assessRisk } from './risk';

describe('assessRisk', () => {
  it.each<
    [string, Partial<Record<CheckId, CheckStatus>>, RiskLevel, CheckId[]]
  >([
    ['nothing fails', {}, 'none', []],
    [
      'a blocker fails',
      { 'build.clean': 'fail', 'quality.coverage': 'fail' },
      'critical',
      ['build.clean'],
    ],
    [
      'a production check fails',
      { 'quality.coverage': 'fail', 'operations.on-call': 'fail' },
      'high',
      ['quality.coverage'],
    ],
    [
      'an enterprise check fails',
      { 'operations.on-call': 'fail' },
      'manageable',
      ['operations.on-call'],
    ],
    ['a check is only waived', { 'security.audit': 'waived' }, 'none', []],
    [
      'blockers are only unknown',
      { 'build.clean': 'unknown', 'security.audit': 'waived' },
      'high',
      ['build.clean'],
    ],
    [
      'a production check is unknown',
      { 'quality.coverage': 'unknown' },
      'manageable',
      ['quality.coverage'],
    ],
  ])('%s', (_name, statuses, level, contributors) => {
    const risk = assessRisk(allChecks(statuses));
    expect(risk.level).toBe(level);
    expect(risk.contributors).toEqual(contributors);
  });

  it('treats a check configured as blocker as critical whatever its tier', () => {
    const checks = allChecks({ 'operations.on-call': 'fail' }).map(c =>
      c.id === 'operations.on-call'
        ? { ...c, severity: 'blocker' as const }
        : c,
    );
    expect(assessRisk(checks).level).toBe('critical');
  });

  it('lists an unknown blocker as an unverified risk of its own, never none', () => {
    const { risks } = assessRisk(allChecks({ 'build.clean': 'unknown' }));
    expect(risks).toEqual([
      {
        area: 'delivery',
        level: 'high',
        statement: 'unverified: no build evidence',
        checks: ['build.clean'],
        unverified: true,
      },
    ]);
  });

  it('groups unverified checks of one area and level into one risk', () => {
    const { risks } = assessRisk(
      allChecks({
        'quality.coverage': 'unknown',
        'quality.benchmarks': 'unknown',
      }),
    );
    expect(risks).toEqual([
      {
        area: 'reliability',
        level: 'manageable',
        statement: 'unverified: no coverage evidence, no benchmark evidence',
        checks: ['quality.coverage', 'quality.benchmarks'],
        unverified: true,
      },
    ]);
  });

  it('orders the register worst first, then by area, with the checks behind each risk', () => {
    const checks = allChecks({
      'operations.on-call': 'fail',
      'quality.tech-debt': 'fail',
      'security.vulnerabilities': 'fail',
      'delivery.pipeline': 'fail',
      'quality.tests-pass': 'unknown',
    });
    const { risks } = assessRisk(checks);
    expect(risks.map(r => [r.level, r.area, r.checks])).toEqual([
      ['critical', 'security', ['security.vulnerabilities']],
      ['critical', 'delivery', ['delivery.pipeline']],
      ['high', 'reliability', ['quality.tests-pass']],
      ['high', 'delivery', ['quality.tech-debt']],
      ['manageable', 'continuity', ['operations.on-call']],
    ]);
    const summary = checks.find(c => c.id === 'quality.tech-debt')?.summary;
    expect(risks[3].statement).toBe(
      `technical debt slows every change: ${summary}`,
    );
  });

  it('lists passing checks as what is in place, by area', () => {
    const { inPlace } = assessRisk(allChecks());
    expect(inPlace).toHaveLength(17);
    expect(inPlace[0]).toEqual({
      area: 'security',
      statement: 'no known vulnerability in locked dependencies',
      checks: ['security.vulnerabilities'],
    });
    expect(new Set(inPlace.map(p => p.area))).toEqual(
      new Set([
        'security',
        'reliability',
        'continuity',
        'compliance',
        'delivery',
      ]),
    );
  });

  it('credits partial work and a scan that found something, but not unknown or waived checks', () => {
    const checks = allChecks({
      'docs.complete': 'fail',
      'security.vulnerabilities': 'fail',
      'quality.coverage': 'unknown',
      'security.audit': 'waived',
    }).map(c =>
      c.id === 'docs.complete'
        ? {
            ...c,
            credit: 0.1,
            summary: 'missing docs, runbook (README present)',
          }
        : c,
    );
    const statements = assessRisk(checks).inPlace.map(p => p.statement);
    expect(statements).toContain(
      'documentation is started: missing docs, runbook (README present)',
    );
    expect(statements).toContain(
      'dependencies are locked and scanned against advisories',
    );
    expect(statements).not.toContain('test coverage meets its target');
    expect(statements).not.toContain('every dependency is maintained');
  });

  it('reads a check it has no profile for by its title and dimension', () => {
    const custom = {
      ...allChecks({ 'docs.complete': 'fail' }).find(
        c => c.id === 'docs.complete',
      )!,
      id: 'docs.api-reference' as CheckId,
      title: 'API reference',
      summary: 'no API reference',
    };
    expect(assessRisk([custom]).risks).toEqual([
      {
        area: 'continuity',
        level: 'high',
        statement: 'api reference fails: no API reference',
        checks: ['docs.api-reference'],
        unverified: false,
      },
    ]);
  });
});
