import {
  attestation,
  daysFromNow,
  enterpriseAttestations,
  evidence,
  healthyEvidence,
  licensePolicyConfig,
  NOW,
  waiver,
  withEvidence,
  withoutEvidence,
} from '../testUtils/fixtures';
import type { Evidence } from '../types';
import { evaluateReadiness, summarizeReport } from './evaluateReadiness';

const entityRef = 'component:default/payments';

describe('evaluateReadiness', () => {
  it('reaches enterprise with healthy evidence and attestations', () => {
    const report = evaluateReadiness({
      entityRef,
      evidence: healthyEvidence(),
      attestations: enterpriseAttestations(),
      now: NOW,
      config: licensePolicyConfig,
    });
    expect(report).toMatchObject({
      entityRef,
      evaluatedAt: NOW,
      tier: 'enterprise',
      stale: false,
      risk: { level: 'none' },
      remediation: { phases: [] },
      stopWork: { active: false },
      score: { overall: 100 },
    });
    expect(report.checks.every(c => c.status === 'pass')).toBe(true);
  });

  it('achieves no tier when an MVS check is unknown, even if enterprise checks pass', () => {
    const report = evaluateReadiness({
      entityRef,
      evidence: withoutEvidence(healthyEvidence(), 'tests'),
      attestations: enterpriseAttestations(),
      now: NOW,
      config: licensePolicyConfig,
    });
    expect(report.tier).toBeNull();
    expect(report.stopWork.active).toBe(false);
    // Unknown blockers are an unverified risk, never none.
    expect(report.risk.level).toBe('high');
    expect(report.remediation.phases[0]).toMatchObject({
      phase: 'stabilise',
      items: [{ checkId: 'quality.tests-pass', kind: 'collect-evidence' }],
    });
  });

  it('flags stale evidence and never passes on it', () => {
    const report = evaluateReadiness({
      entityRef,
      evidence: withEvidence(
        healthyEvidence(),
        evidence(
          'build',
          { succeeded: true, compilationErrors: 0 },
          { staleAfter: daysFromNow(-1) },
        ),
      ),
      attestations: enterpriseAttestations(),
      now: NOW,
      config: licensePolicyConfig,
    });
    expect(report.stale).toBe(true);
    expect(report.tier).toBeNull();
    expect(report.checks.find(c => c.id === 'build.clean')?.status).toBe(
      'unknown',
    );
  });

  it('ignores an expired attestation', () => {
    const report = evaluateReadiness({
      entityRef,
      evidence: healthyEvidence(),
      attestations: [
        attestation('compliance', { expiresAt: daysFromNow(-1) }),
        attestation('certification'),
      ],
      now: NOW,
      config: licensePolicyConfig,
    });
    expect(report.tier).toBe('production');
    expect(report.risk).toMatchObject({
      level: 'manageable',
      contributors: ['compliance.requirements'],
    });
  });

  it('lets a waiver restore a tier but not the score or stop-work', () => {
    const failing = withEvidence(
      healthyEvidence(),
      evidence('coverage', { linePercent: 40 }),
    );
    const without = evaluateReadiness({
      entityRef,
      evidence: failing,
      attestations: enterpriseAttestations(),
      now: NOW,
      config: licensePolicyConfig,
    });
    const withWaiver = evaluateReadiness({
      entityRef,
      evidence: failing,
      attestations: enterpriseAttestations(),
      waivers: [waiver('quality.coverage')],
      now: NOW,
      config: licensePolicyConfig,
    });
    expect(without.tier).toBe('mvs');
    expect(withWaiver.tier).toBe('enterprise');
    expect(withWaiver.score).toEqual(without.score);
    expect(withWaiver.risk.level).toBe('none');
  });

  it('ignores an expired waiver', () => {
    const report = evaluateReadiness({
      entityRef,
      evidence: withEvidence(
        healthyEvidence(),
        evidence('coverage', { linePercent: 40 }),
      ),
      waivers: [waiver('quality.coverage', { expiresAt: daysFromNow(-1) })],
      now: NOW,
      config: licensePolicyConfig,
    });
    expect(report.checks.find(c => c.id === 'quality.coverage')?.status).toBe(
      'fail',
    );
  });

  it.each([
    ['from the lifecycle option', 'experimental', 'mvs', true],
    ['from catalog evidence', undefined, 'enterprise', false],
  ] as const)(
    'finds the required tier %s',
    (_name, lifecycle, requiredTier, meets) => {
      const report = evaluateReadiness({
        entityRef,
        evidence: healthyEvidence(),
        config: {
          ...licensePolicyConfig,
          requiredTiers: { experimental: 'mvs', production: 'enterprise' },
        },
        lifecycle,
        now: NOW,
      });
      expect(report.requiredTier).toBe(requiredTier);
      expect(report.meetsRequiredTier).toBe(meets);
    },
  );

  it('omits the required tier when none is configured', () => {
    const report = evaluateReadiness({ entityRef, evidence: [], now: NOW });
    expect(report).not.toHaveProperty('requiredTier');
    expect(report).not.toHaveProperty('meetsRequiredTier');
  });

  it('applies config: disabled checks and severities', () => {
    const report = evaluateReadiness({
      entityRef,
      evidence: withEvidence(
        healthyEvidence(),
        evidence('build', { succeeded: false, compilationErrors: 2 }),
      ),
      config: {
        ...licensePolicyConfig,
        checks: {
          'build.clean': { severity: 'major' },
          'quality.benchmarks': { enabled: false },
        },
      },
      now: NOW,
    });
    expect(report.stopWork.active).toBe(false);
    expect(report.risk.level).toBe('high');
    expect(report.checks.map(c => c.id)).not.toContain('quality.benchmarks');
  });

  it('summarizes a report', () => {
    const report = evaluateReadiness({
      entityRef,
      evidence: withEvidence(
        healthyEvidence(),
        evidence('build', { succeeded: false, compilationErrors: 2 }),
      ),
      waivers: [waiver('quality.coverage')],
      now: NOW,
      config: licensePolicyConfig,
    });
    expect(summarizeReport(report)).toEqual({
      entityRef,
      tier: null,
      score: report.score.overall,
      stopWork: true,
      risk: 'critical',
      counts: { pass: 14, fail: 3, unknown: 0, waived: 0 },
      evaluatedAt: NOW,
      stale: false,
    });
    const required = evaluateReadiness({
      entityRef,
      evidence: healthyEvidence(),
      config: {
        ...licensePolicyConfig,
        requiredTiers: { production: 'enterprise' },
      },
      lifecycle: 'production',
      now: NOW,
    });
    expect(summarizeReport(required)).toMatchObject({
      tier: 'production',
      requiredTier: 'enterprise',
      belowRequiredTier: true,
    });
  });

  it('summarizes a score in whole points, as the backend stores it', () => {
    const report = evaluateReadiness({
      entityRef,
      evidence: healthyEvidence(),
      now: NOW,
      config: licensePolicyConfig,
    });
    const fractional = {
      ...report,
      score: { ...report.score, overall: 72.5 },
    };
    expect(summarizeReport(fractional).score).toBe(73);
  });

  it('is JSON-serialisable without loss', () => {
    const report = evaluateReadiness({
      entityRef,
      evidence: healthyEvidence(),
      now: NOW,
      config: licensePolicyConfig,
    });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  describe('several sources for one key', () => {
    const coverageStatus = (items: Evidence[]) =>
      evaluateReadiness({ entityRef, evidence: items, now: NOW }).checks.find(
        c => c.id === 'quality.coverage',
      )!;

    it('does not let a newer failed collection hide fresh evidence from another source', () => {
      const check = coverageStatus([
        evidence(
          'coverage',
          { linePercent: 91 },
          { source: 'ci', observedAt: daysFromNow(-2) },
        ),
        {
          ...evidence(
            'coverage',
            { linePercent: 0 },
            { source: 'repository', observedAt: daysFromNow(0) },
          ),
          value: undefined,
          error: 'could not read the repository: 503',
        },
      ]);
      expect(check.status).toBe('pass');
    });

    it('explains with the latest error when no source has usable evidence', () => {
      const check = coverageStatus([
        evidence(
          'coverage',
          { linePercent: 91 },
          {
            source: 'ci',
            observedAt: daysFromNow(-20),
            staleAfter: daysFromNow(-10),
          },
        ),
        {
          ...evidence(
            'coverage',
            { linePercent: 0 },
            { source: 'repository', observedAt: daysFromNow(0) },
          ),
          value: undefined,
          error: 'could not read the repository: 503',
        },
      ]);
      expect(check.status).toBe('unknown');
      expect(check.summary).toContain('503');
    });

    it('takes the newest of several usable observations', () => {
      const check = coverageStatus([
        evidence(
          'coverage',
          { linePercent: 91 },
          { source: 'ci', observedAt: daysFromNow(-3) },
        ),
        evidence(
          'coverage',
          { linePercent: 42 },
          { source: 'repository', observedAt: daysFromNow(-1) },
        ),
      ]);
      expect(check.status).toBe('fail');
    });
  });

  it('owns the remediation by the catalog owner, keeps the previous start and marks the automated response done', () => {
    const started = daysFromNow(-40);
    const report = evaluateReadiness({
      entityRef,
      evidence: withoutEvidence(healthyEvidence(), 'coverage'),
      previousRemediationStartedAt: started,
      now: NOW,
      config: licensePolicyConfig,
    });
    expect(report.remediation.startedAt).toBe(started);
    expect(report.remediation.phases).toEqual([
      expect.objectContaining({
        phase: 'production',
        items: [
          expect.objectContaining({
            checkId: 'quality.coverage',
            owner: 'group:default/team-a',
            overdue: true,
          }),
        ],
      }),
      expect.objectContaining({ phase: 'enterprise' }),
    ]);

    const stopped = evaluateReadiness({
      entityRef,
      evidence: withEvidence(
        healthyEvidence(),
        evidence('build', {
          succeeded: false,
          compilationErrors: 3,
          branch: 'main',
        }),
      ),
      owner: 'group:default/other',
      previousRemediationStartedAt: started,
      automatedResponse: true,
      now: NOW,
      config: licensePolicyConfig,
    });
    expect(stopped.remediation.startedAt).toBe(NOW);
    expect(stopped.remediation.phases[0]).toMatchObject({
      phase: 'immediate',
      items: [
        { done: true, owner: 'group:default/other' },
        { done: true },
        { done: true },
      ],
    });
  });
});
