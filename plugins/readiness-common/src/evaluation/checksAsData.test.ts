import type { Entity } from '@backstage/catalog-model';
import { parseReadinessConfig, type ReadinessConfig } from '../config';
import {
  daysFromNow,
  enterpriseAttestations,
  evidence,
  healthyEvidence,
  NOW,
  withEvidence,
} from '../testUtils/fixtures';
import type { Evidence } from '../types';
import { evaluateGate } from './gate';
import { evaluateReadiness, summarizeReport } from './evaluateReadiness';
import { explainNextTier } from './nextTier';

const entityRef = 'component:default/payments';

function entity(type: string, name = 'payments'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, tags: ['pci'], annotations: {} },
    spec: { type, lifecycle: 'production', owner: 'group:default/team-a' },
  };
}

const service = entity('service');
const library = entity('library', 'money-lib');

/**
 * Evidence of a namespaced kind, as the evidence-kinds registry stores it
 * (the cast until `Evidence` has its namespaced variant).
 */
function namespaced(
  key: string,
  value: unknown,
  overrides: object = {},
): Evidence {
  return {
    key,
    value,
    source: 'acme-slo',
    observedAt: daysFromNow(-1),
    staleAfter: daysFromNow(7),
    link: 'https://slo.example.com/payments',
    ...overrides,
  } as unknown as Evidence;
}

function slo(target: number, overrides: object = {}): Evidence {
  return namespaced('acme.slo', { target }, overrides);
}

const hasSlo = {
  id: 'acme.has-slo',
  title: 'Has an SLO',
  tier: 'production',
  dimension: 'operations',
  appliesTo: { 'spec.type': 'service' },
  rule: 'evidence.acme.slo.target >= 99.9',
  summary: {
    pass: 'SLO target {{ evidence.acme.slo.target }}%',
    fail: 'SLO target {{ evidence.acme.slo.target }}% is below 99.9%',
  },
  remediation: ['raise the SLO of {{ entity.metadata.name }} to 99.9%'],
};

function config(custom: object[] = [], checks: object = {}): ReadinessConfig {
  return parseReadinessConfig({
    licenses: { allow: ['MIT'] },
    checks: { ...checks, custom },
  });
}

function evaluate(options: {
  config: ReadinessConfig;
  evidence?: Evidence[];
  entity?: Entity;
}) {
  return evaluateReadiness({
    entityRef,
    evidence: options.evidence ?? healthyEvidence(),
    attestations: enterpriseAttestations(),
    entity: options.entity,
    config: options.config,
    now: NOW,
  });
}

describe('custom checks', () => {
  it('evaluates a custom check like a built-in, with its templates filled', () => {
    const report = evaluate({
      config: config([hasSlo]),
      evidence: [...healthyEvidence(), slo(99.5)],
      entity: service,
    });
    const check = report.checks.find(c => c.id === 'acme.has-slo');
    expect(check).toMatchObject({
      tier: 'production',
      dimension: 'operations',
      severity: 'major',
      title: 'Has an SLO',
      status: 'fail',
      summary: 'SLO target 99.5% is below 99.9%',
      actions: ['raise the SLO of payments to 99.9%'],
      evidenceLinks: [
        {
          title: 'acme.slo evidence (acme-slo)',
          url: 'https://slo.example.com/payments',
        },
      ],
      credit: 0,
    });
    // It counts toward the tier, the score and the remediation plan.
    expect(report.tier).toBe('mvs');
    expect(report.score.dimensions.operations).toBeLessThan(100);
    expect(
      report.remediation.phases.flatMap(p => p.items.map(i => i.action)),
    ).toContain('raise the SLO of payments to 99.9%');
    expect(evaluateGate(report, 'production').reasons).toContain(
      'acme.has-slo is fail: SLO target 99.5% is below 99.9%',
    );
  });

  it('passes and lets the entity reach enterprise when the rule holds', () => {
    const report = evaluate({
      config: config([hasSlo]),
      evidence: [...healthyEvidence(), slo(99.95)],
      entity: service,
    });
    expect(report.checks.find(c => c.id === 'acme.has-slo')).toMatchObject({
      status: 'pass',
      summary: 'SLO target 99.95%',
      credit: 1,
    });
    expect(report.tier).toBe('enterprise');
  });

  it('is unknown, naming the missing evidence, and blocks the tier without passing', () => {
    const report = evaluate({ config: config([hasSlo]), entity: service });
    expect(report.checks.find(c => c.id === 'acme.has-slo')).toMatchObject({
      status: 'unknown',
      summary: 'no acme.slo evidence yet',
    });
    expect(report.tier).toBe('mvs');
    expect(report.stopWork.active).toBe(false);
  });

  it('is unknown when its evidence is stale, and says since when', () => {
    const stale = slo(99.95, {
      observedAt: daysFromNow(-30),
      staleAfter: daysFromNow(-2),
    });
    const report = evaluate({
      config: config([hasSlo]),
      evidence: [...healthyEvidence(), stale],
      entity: service,
    });
    expect(report.checks.find(c => c.id === 'acme.has-slo')).toMatchObject({
      status: 'unknown',
      summary: `acme.slo evidence is stale since ${daysFromNow(-2).slice(0, 10)}`,
    });
    expect(report.stale).toBe(true);
  });

  it('applies only to the entities its appliesTo matches', () => {
    const forService = evaluate({ config: config([hasSlo]), entity: service });
    const forLibrary = evaluate({ config: config([hasSlo]), entity: library });
    expect(forService.checks.map(c => c.id)).toContain('acme.has-slo');
    expect(forLibrary.checks.map(c => c.id)).not.toContain('acme.has-slo');
    expect(forLibrary.tier).toBe('enterprise');
    expect(
      forLibrary.tiers.find(t => t.tier === 'production')?.checks,
    ).not.toContain('acme.has-slo');
  });

  it('reads the catalog entity', () => {
    const owned = {
      id: 'acme.owned-by-group',
      title: 'Owned by a group',
      tier: 'mvs',
      dimension: 'operations',
      rule: 'entity.spec.owner.startsWith("group:")',
    };
    expect(
      evaluate({ config: config([owned]), entity: service }).checks.find(
        c => c.id === 'acme.owned-by-group',
      )?.status,
    ).toBe('pass');
    expect(
      evaluate({ config: config([owned]) }).checks.find(
        c => c.id === 'acme.owned-by-group',
      ),
    ).toMatchObject({
      status: 'unknown',
      summary: 'no catalog entity to evaluate the rule against',
    });
  });

  it('raises a stop-work order when a blocker custom check fails', () => {
    const approvedImage = {
      id: 'acme.approved-base-image',
      title: 'Approved base image',
      tier: 'mvs',
      dimension: 'security',
      severity: 'blocker',
      rule: "evidence.acme.image.base.startsWith('registry.acme.com/')",
      remediation: ['rebuild on an approved base image'],
    };
    const image = (base: string) => namespaced('acme.image', { base });
    const failing = evaluate({
      config: config([approvedImage]),
      evidence: [...healthyEvidence(), image('docker.io/node:20')],
      entity: service,
    });
    expect(failing.stopWork).toMatchObject({
      active: true,
      blockers: ['acme.approved-base-image'],
    });
    expect(failing.risk.level).toBe('critical');
    expect(summarizeReport(failing)).toMatchObject({ stopWork: true });

    const passing = evaluate({
      config: config([approvedImage]),
      evidence: [...healthyEvidence(), image('registry.acme.com/node:20')],
      entity: service,
    });
    expect(passing.stopWork.active).toBe(false);
  });

  it('is unknown, saying why, when the evidence it reads is nested too deeply to be given to it', () => {
    let deep: unknown = 99.95;
    for (let i = 0; i < 100; i++) {
      deep = { deep };
    }
    const report = evaluate({
      config: config([{ ...hasSlo, rule: 'has(evidence.acme.slo.target)' }]),
      evidence: [...healthyEvidence(), namespaced('acme.slo', deep)],
      entity: service,
    });
    expect(report.checks.find(c => c.id === 'acme.has-slo')).toMatchObject({
      status: 'unknown',
      summary: 'acme.slo evidence is nested deeper than 32 levels',
    });
  });

  it('turns a runaway rule into unknown, never an exception', () => {
    const items = Array.from({ length: 2000 }, (_, i) => i);
    const runaway = {
      id: 'acme.runaway',
      title: 'Runaway',
      tier: 'enterprise',
      dimension: 'operations',
      rule: 'evidence.acme.load.items.all(a, evidence.acme.load.items.all(b, a != b || a == b))',
    };
    const report = evaluate({
      config: config([runaway]),
      evidence: [...healthyEvidence(), namespaced('acme.load', { items })],
      entity: service,
    });
    expect(report.checks.find(c => c.id === 'acme.runaway')).toMatchObject({
      status: 'unknown',
      summary:
        'the rule was stopped: it took more loop steps than one rule may',
    });
  });
});

describe('effectiveFrom', () => {
  const upcomingSlo = {
    ...hasSlo,
    effectiveFrom: daysFromNow(30).slice(0, 10),
  };

  it('shows a check before its date as upcoming, and it changes nothing that counts', () => {
    const without = evaluate({ config: config(), entity: service });
    const report = evaluate({
      config: config([{ ...upcomingSlo, severity: 'blocker', tier: 'mvs' }]),
      evidence: [...healthyEvidence(), slo(90)],
      entity: service,
    });
    const check = report.checks.find(c => c.id === 'acme.has-slo');
    // Its status is still evaluated, so owners see what would happen.
    expect(check).toMatchObject({
      status: 'fail',
      upcoming: true,
      effectiveFrom: upcomingSlo.effectiveFrom,
    });
    expect(report.tier).toBe(without.tier);
    expect(report.tiers).toEqual(without.tiers);
    expect(report.score).toEqual(without.score);
    expect(report.stopWork.active).toBe(false);
    expect(report.risk.level).toBe(without.risk.level);
    expect(report.remediation).toEqual(without.remediation);
    expect(summarizeReport(report).counts).toEqual(
      summarizeReport(without).counts,
    );
    expect(evaluateGate(report, 'enterprise').allowed).toBe(true);
    expect(explainNextTier(report).blockers).toEqual([]);
  });

  it('counts a check once its date has passed', () => {
    const report = evaluate({
      config: config([
        { ...hasSlo, effectiveFrom: daysFromNow(-1).slice(0, 10) },
      ]),
      evidence: [...healthyEvidence(), slo(90)],
      entity: service,
    });
    const check = report.checks.find(c => c.id === 'acme.has-slo');
    expect(check?.upcoming).toBeUndefined();
    expect(check?.effectiveFrom).toBe(daysFromNow(-1).slice(0, 10));
    expect(report.tier).toBe('mvs');
  });

  it('puts a built-in check in a grace period from config', () => {
    const report = evaluate({
      config: config([], {
        'quality.coverage': { effectiveFrom: daysFromNow(10) },
      }),
      evidence: withEvidence(
        healthyEvidence(),
        evidence('coverage', { linePercent: 40 }),
      ),
      entity: service,
    });
    expect(report.checks.find(c => c.id === 'quality.coverage')).toMatchObject({
      status: 'fail',
      upcoming: true,
    });
    expect(report.tier).toBe('enterprise');
  });
});

describe('built-in overrides', () => {
  const failingCoverage = withEvidence(
    healthyEvidence(),
    evidence('coverage', { linePercent: 40 }),
  );

  it('moves a built-in check to another tier, with that tier’s severity', () => {
    const report = evaluate({
      config: config([], { 'quality.coverage': { tier: 'enterprise' } }),
      evidence: failingCoverage,
      entity: service,
    });
    expect(report.checks.find(c => c.id === 'quality.coverage')).toMatchObject({
      tier: 'enterprise',
      severity: 'minor',
      status: 'fail',
    });
    expect(report.tier).toBe('production');
  });

  it('makes a built-in check a blocker', () => {
    const report = evaluate({
      config: config([], { 'quality.coverage': { severity: 'blocker' } }),
      evidence: failingCoverage,
      entity: service,
    });
    expect(report.stopWork.blockers).toEqual(['quality.coverage']);
  });

  it('disables a built-in check', () => {
    const report = evaluate({
      config: config([], { 'quality.coverage': { enabled: false } }),
      evidence: failingCoverage,
      entity: service,
    });
    expect(report.checks.map(c => c.id)).not.toContain('quality.coverage');
    expect(report.tier).toBe('enterprise');
  });

  it('re-scopes a built-in check with appliesTo', () => {
    const rescoped = config([], {
      'quality.coverage': { appliesTo: { 'spec.type': 'library' } },
    });
    const forService = evaluate({
      config: rescoped,
      evidence: failingCoverage,
      entity: service,
    });
    const forLibrary = evaluate({
      config: rescoped,
      evidence: failingCoverage,
      entity: library,
    });
    expect(forService.checks.map(c => c.id)).not.toContain('quality.coverage');
    expect(forService.tier).toBe('enterprise');
    expect(forLibrary.checks.map(c => c.id)).toContain('quality.coverage');
    expect(forLibrary.tier).toBe('mvs');
  });
});
