import {
  daysFromNow,
  enterpriseAttestations,
  evidence,
  healthyEvidence,
  licensePolicyConfig,
  NOW,
  waiver,
  withEvidence,
} from '../testUtils/fixtures';
import { seedCaseEvidence, seedCaseFindings } from '../testUtils/seedCase';
import { evaluateReadiness } from './evaluateReadiness';
import { explainNextTier } from './nextTier';

const entityRef = 'component:default/payments';

describe('explainNextTier', () => {
  it('ranks the seed case: failing blockers first, then unknown evidence, only MVS checks', () => {
    const report = evaluateReadiness({
      entityRef,
      evidence: seedCaseEvidence({
        compilationErrors: 97,
        findings: [seedCaseFindings.rsa, seedCaseFindings.sqlx],
        observedAt: daysFromNow(-1),
        staleAfter: daysFromNow(30),
      }),
      now: NOW,
    });
    const explanation = explainNextTier(report);
    expect(explanation).toMatchObject({
      entityRef,
      tier: null,
      nextTier: 'mvs',
      stopWorkActive: true,
    });
    expect(
      explanation.blockers.map(b => [b.rank, b.checkId, b.status]),
    ).toEqual([
      [1, 'build.clean', 'fail'],
      [2, 'security.vulnerabilities', 'fail'],
      [3, 'security.audit', 'fail'],
      [4, 'delivery.pipeline', 'fail'],
      [5, 'quality.tests-pass', 'unknown'],
    ]);
    const vulnerabilities = explanation.blockers[1];
    expect(vulnerabilities.remediation.map(r => r.action)).toContainEqual(
      expect.stringContaining('upgrade sqlx to 0.8.1'),
    );
    expect(
      explanation.blockers[4].remediation.every(
        r => r.kind === 'collect-evidence',
      ),
    ).toBe(true);
  });

  it('lists the checks of the tier above, leaving out waived ones', () => {
    const report = evaluateReadiness({
      entityRef,
      evidence: withEvidence(
        healthyEvidence(),
        evidence('coverage', { linePercent: 40 }),
      ),
      waivers: [waiver('quality.coverage')],
      attestations: [enterpriseAttestations()[0]],
      now: NOW,
      config: licensePolicyConfig,
    });
    expect(report.tier).toBe('production');
    const explanation = explainNextTier(report);
    expect(explanation.nextTier).toBe('enterprise');
    expect(explanation.stopWorkActive).toBe(false);
    const ids = explanation.blockers.map(b => b.checkId);
    expect(ids).not.toContain('quality.coverage');
    expect(ids).not.toContain('compliance.requirements');
    expect(ids).toContain('security.certifications');
    expect(explanation.blockers.every(b => b.tier === 'enterprise')).toBe(true);
    expect(explanation.blockers.map(b => b.rank)).toEqual(
      ids.map((_, i) => i + 1),
    );
  });

  it('has no next tier at enterprise grade', () => {
    const report = evaluateReadiness({
      entityRef,
      evidence: healthyEvidence(),
      attestations: enterpriseAttestations(),
      now: NOW,
      config: licensePolicyConfig,
    });
    expect(report.tier).toBe('enterprise');
    expect(explainNextTier(report)).toMatchObject({
      tier: 'enterprise',
      nextTier: null,
      blockers: [],
    });
  });
});
