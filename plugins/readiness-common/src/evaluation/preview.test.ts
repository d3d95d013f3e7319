import type { Entity } from '@backstage/catalog-model';
import { parseReadinessConfig } from '../config';
import {
  enterpriseAttestations,
  evidence,
  healthyEvidence,
  NOW,
  waiver,
  withEvidence,
} from '../testUtils/fixtures';
import {
  type EvaluateReadinessOptions,
  evaluateReadiness,
  evaluateStanding,
} from './evaluateReadiness';
import {
  comparePreviewReports,
  countPreviewChange,
  emptyPreviewCounts,
} from './preview';

const service: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

const coverageFloor = parseReadinessConfig({
  requiredTiers: { production: 'production' },
  checks: {
    custom: [
      {
        id: 'acme.coverage-floor',
        title: 'Coverage of at least 95%',
        tier: 'mvs',
        dimension: 'testing',
        appliesTo: { 'spec.type': 'service' },
        rule: 'evidence.coverage.linePercent >= 95',
      },
    ],
  },
});

const cases: Array<[string, EvaluateReadinessOptions]> = [
  [
    'healthy, with attestations',
    {
      entityRef: 'component:default/payments',
      evidence: healthyEvidence(),
      attestations: enterpriseAttestations(),
      now: NOW,
    },
  ],
  [
    'a failing blocker waived, a custom check, a required tier and a manual order',
    {
      entityRef: 'component:default/payments',
      entity: service,
      evidence: withEvidence(
        healthyEvidence(),
        evidence('build', { succeeded: false, compilationErrors: 97 }),
      ),
      waivers: [waiver('build.clean')],
      config: coverageFloor,
      lifecycle: 'production',
      manualStopWork: {
        issuedBy: 'user:default/lead',
        issuedAt: NOW,
        reason: 'incident review',
      },
      now: NOW,
    },
  ],
  [
    'no evidence',
    { entityRef: 'component:default/empty', evidence: [], now: NOW },
  ],
];

describe('evaluateStanding', () => {
  it.each(cases)(
    'is the full report up to its standing: %s',
    (_name, options) => {
      const report = evaluateReadiness(options);
      const { blockersWithoutProgress: _, ...stopWork } = report.stopWork;
      expect(evaluateStanding(options)).toEqual({
        entityRef: report.entityRef,
        evaluatedAt: report.evaluatedAt,
        tier: report.tier,
        ...(report.requiredTier
          ? {
              requiredTier: report.requiredTier,
              meetsRequiredTier: report.meetsRequiredTier,
            }
          : {}),
        tiers: report.tiers,
        checks: report.checks,
        score: report.score,
        stopWork,
        stale: report.stale,
      });
    },
  );
});

describe('comparePreviewReports', () => {
  const options = cases[1][1];

  it('is no move when tier, stop-work and required-tier standing stay', () => {
    const standing = evaluateStanding(options);
    expect(comparePreviewReports(standing, standing)).toBeUndefined();
  });

  it('names the move and the checks whose status changed, and counts it once per kind', () => {
    const before = evaluateStanding({
      ...options,
      config: { requiredTiers: { production: 'production' } },
      manualStopWork: undefined,
    });
    const after = evaluateStanding({ ...options, manualStopWork: undefined });
    const change = comparePreviewReports(before, after)!;
    expect(change).toEqual({
      entityRef: 'component:default/payments',
      requiredTier: 'production',
      before: {
        tier: 'mvs',
        stopWork: false,
        belowRequiredTier: true,
        score: Math.round(before.score.overall),
      },
      after: {
        tier: null,
        stopWork: true,
        belowRequiredTier: true,
        score: Math.round(after.score.overall),
      },
      checks: [{ id: 'acme.coverage-floor', after: 'fail' }],
    });
    const counts = emptyPreviewCounts();
    countPreviewChange(counts, change);
    expect(counts).toEqual({
      ...emptyPreviewCounts(),
      changed: 1,
      tierDown: 1,
      enterStopWork: 1,
    });
  });
});
