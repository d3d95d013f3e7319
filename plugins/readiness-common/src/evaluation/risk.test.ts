import { allChecks } from '../testUtils/fixtures';
import type { CheckId, CheckStatus, RiskAssessment } from '../types';
import { assessRisk } from './risk';

describe('assessRisk', () => {
  it.each<[string, Partial<Record<CheckId, CheckStatus>>, RiskAssessment]>([
    ['nothing fails', {}, { level: 'none', contributors: [] }],
    [
      'a blocker fails',
      { 'build.clean': 'fail', 'quality.coverage': 'fail' },
      { level: 'critical', contributors: ['build.clean'] },
    ],
    [
      'a production check fails',
      { 'quality.coverage': 'fail', 'operations.on-call': 'fail' },
      { level: 'high', contributors: ['quality.coverage'] },
    ],
    [
      'an enterprise check fails',
      { 'operations.on-call': 'fail' },
      { level: 'manageable', contributors: ['operations.on-call'] },
    ],
    [
      'checks are only unknown or waived',
      { 'build.clean': 'unknown', 'security.audit': 'waived' },
      { level: 'none', contributors: [] },
    ],
  ])('%s', (_name, statuses, expected) => {
    expect(assessRisk(allChecks(statuses))).toEqual(expected);
  });

  it('treats a check configured as blocker as critical whatever its tier', () => {
    const checks = allChecks({ 'operations.on-call': 'fail' }).map(c =>
      c.id === 'operations.on-call'
        ? { ...c, severity: 'blocker' as const }
        : c,
    );
    expect(assessRisk(checks).level).toBe('critical');
  });
});
