import {
  daysFromNow,
  enterpriseAttestations,
  evidence,
  healthyEvidence,
  licensePolicyConfig,
  NOW,
  withEvidence,
  withoutEvidence,
} from '../testUtils/fixtures';
import { evaluateReadiness } from './evaluateReadiness';
import { evaluateGate, gateMinTier } from './gate';

const entityRef = 'component:default/payments';

describe('evaluateGate', () => {
  it('refuses without a report', () => {
    expect(evaluateGate(undefined, 'mvs')).toEqual({
      allowed: false,
      tier: null,
      minTier: 'mvs',
      reasons: ['no readiness report yet'],
    });
  });

  it('allows a report that reaches the minimum tier', () => {
    const report = evaluateReadiness({
      entityRef,
      evidence: healthyEvidence(),
      now: NOW,
      config: licensePolicyConfig,
    });
    expect(evaluateGate(report, 'production')).toEqual({
      allowed: true,
      tier: 'production',
      minTier: 'production',
      reasons: [],
    });
  });

  it('refuses below the minimum tier, naming the checks', () => {
    const report = evaluateReadiness({
      entityRef,
      evidence: healthyEvidence(),
      now: NOW,
      config: licensePolicyConfig,
    });
    const gate = evaluateGate(report, 'enterprise');
    expect(gate.allowed).toBe(false);
    expect(gate.reasons[0]).toBe(
      'tier production does not reach required tier enterprise',
    );
    expect(gate.reasons).toContain(
      'compliance.requirements is fail: no current compliance attestation',
    );
  });

  it('refuses on unknown evidence', () => {
    const report = evaluateReadiness({
      entityRef,
      evidence: withoutEvidence(healthyEvidence(), 'tests'),
      now: NOW,
      config: licensePolicyConfig,
    });
    expect(evaluateGate(report, 'mvs').reasons).toContain(
      'quality.tests-pass is unknown: no test evidence yet',
    );
  });

  it('never allows during a stop-work order, even a manual one on a green entity', () => {
    const report = evaluateReadiness({
      entityRef,
      evidence: healthyEvidence(),
      attestations: enterpriseAttestations(),
      manualStopWork: {
        issuedBy: 'user:default/cto',
        issuedAt: daysFromNow(-1),
        reason: 'incident',
      },
      now: NOW,
      config: licensePolicyConfig,
    });
    const gate = evaluateGate(report, 'mvs');
    expect(gate.allowed).toBe(false);
    expect(gate.tier).toBe('enterprise');
    expect(gate.reasons).toEqual([
      `stop-work order active since ${daysFromNow(-1)} (issued by user:default/cto: incident)`,
    ]);
  });

  it('names the blockers of an automatic order', () => {
    const report = evaluateReadiness({
      entityRef,
      evidence: withEvidence(
        healthyEvidence(),
        evidence('build', { succeeded: false, compilationErrors: 4 }),
      ),
      now: NOW,
      config: licensePolicyConfig,
    });
    expect(evaluateGate(report, 'mvs').reasons[0]).toBe(
      `stop-work order active since ${NOW} (blockers build.clean)`,
    );
  });
});

describe('gateMinTier', () => {
  const config = { requiredTiers: { production: 'production' as const } };
  it("takes the tier asked for, else the lifecycle's, else mvs", () => {
    expect(
      gateMinTier({ minTier: 'enterprise', lifecycle: 'production', config }),
    ).toBe('enterprise');
    expect(gateMinTier({ lifecycle: 'production', config })).toBe('production');
    expect(gateMinTier({ lifecycle: 'experimental', config })).toBe('mvs');
    expect(gateMinTier({})).toBe('mvs');
  });
});
