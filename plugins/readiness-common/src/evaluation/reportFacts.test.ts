import { checkIds } from '../checks/defaultChecks';
import { allChecks, checkResult, NOW } from '../testUtils/fixtures';
import type { CheckId, CheckStatus, ReadinessReport } from '../types';
import { evaluateReadiness } from './evaluateReadiness';
import {
  blockersWithoutProgress,
  hasNoEvidence,
  withReportFacts,
} from './reportFacts';

function statuses(status: CheckStatus): Partial<Record<CheckId, CheckStatus>> {
  return Object.fromEntries(checkIds.map(id => [id, status]));
}

describe('hasNoEvidence', () => {
  it('is true when every check is unknown, or an enterprise one fails for want of an attestation', () => {
    expect(hasNoEvidence(allChecks(statuses('unknown')))).toBe(true);
    expect(
      hasNoEvidence(
        allChecks({
          ...statuses('unknown'),
          'compliance.requirements': 'fail',
        }),
      ),
    ).toBe(true);
  });

  it('is false as soon as a check passes, or a check below enterprise fails', () => {
    expect(
      hasNoEvidence(
        allChecks({ ...statuses('unknown'), 'quality.coverage': 'pass' }),
      ),
    ).toBe(false);
    expect(
      hasNoEvidence(
        allChecks({ ...statuses('unknown'), 'build.clean': 'fail' }),
      ),
    ).toBe(false);
  });
});

describe('blockersWithoutProgress', () => {
  const checks = [
    checkResult('build.clean', 'fail', {
      counters: { compilationErrors: 40 },
    }),
    checkResult('security.audit', 'fail'),
    checkResult('delivery.pipeline', 'fail', { counters: { failedRuns: 1 } }),
  ];

  it('lists the blockers no progress counter covers, in the order of the order', () => {
    expect(
      blockersWithoutProgress(
        {
          blockers: ['delivery.pipeline', 'build.clean', 'security.audit'],
          progress: [
            {
              counter: 'compilationErrors',
              label: 'compilation errors resolved 57/97',
              resolved: 57,
              total: 97,
            },
          ],
        },
        checks,
      ),
    ).toEqual(['delivery.pipeline', 'security.audit']);
  });

  it('leaves out a blocker whose check is not in the report', () => {
    expect(
      blockersWithoutProgress(
        { blockers: ['security.vulnerabilities'], progress: [] },
        checks,
      ),
    ).toEqual([]);
  });
});

describe('withReportFacts', () => {
  const report = evaluateReadiness({
    entityRef: 'component:default/new',
    evidence: [],
    now: NOW,
  });

  it('returns a report evaluated with the facts unchanged', () => {
    expect(withReportFacts(report)).toBe(report);
  });

  it('fills in the facts of a report stored before they existed, as evaluation does', () => {
    const { noEvidence: _noEvidence, ...older } = report;
    const stored = {
      ...older,
      tiers: report.tiers.map(({ passed: _passed, ...tier }) => tier),
      stopWork: { ...report.stopWork, blockersWithoutProgress: undefined },
      risk: {
        level: report.risk.level,
        contributors: report.risk.contributors,
      },
    } as unknown as ReadinessReport;
    expect(withReportFacts(stored)).toEqual(report);
  });
});
