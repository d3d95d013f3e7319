import { checkIds, getDefaultCheck } from '../checks/defaultChecks';
import type { ReadinessConfig } from '../config';
import type {
  Attestation,
  AttestationKind,
  BuiltInCheckId,
  CheckId,
  CheckResult,
  Evidence,
  EvidenceBase,
  EvidenceKey,
  EvidenceOf,
  EvidenceValues,
  Waiver,
} from '../types';

/** The evaluation time used by tests. */
export const NOW = '2026-03-01T12:00:00.000Z';

/** An ISO timestamp `days` after (or before, when negative) NOW. */
export function daysFromNow(days: number): string {
  return new Date(Date.parse(NOW) + days * 24 * 60 * 60 * 1000).toISOString();
}

/** Fresh evidence of one key, observed a day ago and fresh for a week. */
export function evidence<K extends EvidenceKey>(
  key: K,
  value: EvidenceValues[K],
  overrides: Partial<EvidenceBase> = {},
): EvidenceOf<K> {
  return {
    key,
    value,
    source: 'test',
    observedAt: daysFromNow(-1),
    staleAfter: daysFromNow(7),
    ...overrides,
  };
}

/** Evidence that satisfies every evidence-based check. */
export function healthyEvidence(): Evidence[] {
  return [
    evidence('build', {
      succeeded: true,
      compilationErrors: 0,
      branch: 'main',
    }),
    evidence('tests', { passed: true, total: 120, failed: 0 }),
    evidence('coverage', { linePercent: 85 }),
    evidence('vulnerabilities', {
      scannedPackages: 240,
      findings: [],
      unreadable: [],
      unpinned: [],
    }),
    evidence('dependency-health', { findings: [] }),
    evidence('pipeline', {
      exists: true,
      latestRunSucceeded: true,
      name: 'deploy',
    }),
    evidence('repository-files', {
      readme: true,
      docs: true,
      runbook: true,
      securityPolicy: true,
      dependencyUpdates: true,
      codeowners: true,
    }),
    evidence('todo-markers', { count: 3 }),
    evidence('catalog', {
      owner: 'group:default/team-a',
      lifecycle: 'production',
      system: 'payments',
      techdocs: true,
      monitoring: ['grafana/dashboard-selector'],
      alerting: ['pagerduty.com/service-id'],
      onCall: ['pagerduty.com/integration-key'],
      errorTracking: ['sentry.io/project-slug'],
    }),
    evidence('benchmark', {
      met: true,
      name: 'p99 latency',
      value: 80,
      target: 100,
      unit: 'ms',
    }),
    evidence('load-test', {
      met: true,
      name: '10k rps',
      value: 12000,
      target: 10000,
      unit: 'rps',
    }),
    evidence('dr-drill', { succeeded: true }, { observedAt: daysFromNow(-30) }),
    evidence('licenses', {
      packages: [
        {
          ecosystem: 'npm',
          name: 'express',
          version: '4.21.2',
          license: 'MIT',
        },
      ],
    }),
  ];
}

/** A license policy under which {@link healthyEvidence} passes `compliance.licenses`. */
export const licensePolicyConfig: ReadinessConfig = {
  licenses: { allow: ['MIT', 'Apache-2.0'] },
};

/** Replaces the evidence of one key in a list. */
export function withEvidence(list: Evidence[], ...items: Evidence[]) {
  const keys = new Set(items.map(i => i.key));
  return [...list.filter(e => !keys.has(e.key)), ...items];
}

/** Removes the evidence of some keys from a list. */
export function withoutEvidence(list: Evidence[], ...keys: EvidenceKey[]) {
  return list.filter(e => !keys.includes(e.key));
}

/** A current attestation of a kind. */
export function attestation(
  kind: AttestationKind,
  overrides: Partial<Attestation> = {},
): Attestation {
  return {
    id: `att-${kind}`,
    kind,
    summary: `${kind} done`,
    evidenceLink: `https://evidence.example.com/${kind}`,
    attestedBy: 'user:default/auditor',
    attestedAt: daysFromNow(-10),
    expiresAt: daysFromNow(100),
    ...overrides,
  };
}

/** Attestations that satisfy the attestation-only checks. */
export function enterpriseAttestations(): Attestation[] {
  return [attestation('compliance'), attestation('certification')];
}

/** A current waiver on one check. */
export function waiver(
  checkId: CheckId,
  overrides: Partial<Waiver> = {},
): Waiver {
  return {
    id: `waiver-${checkId}`,
    checkId,
    reason: 'accepted until the migration lands',
    owner: 'group:default/team-a',
    createdBy: 'user:default/lead',
    createdAt: daysFromNow(-2),
    expiresAt: daysFromNow(30),
    ...overrides,
  };
}

/** A check result of a built-in check with a given status. */
export function checkResult(
  id: BuiltInCheckId,
  status: CheckResult['status'],
  overrides: Partial<CheckResult> = {},
): CheckResult {
  const definition = getDefaultCheck(id);
  return {
    id,
    tier: definition.tier,
    dimension: definition.dimension,
    severity: definition.severity,
    title: definition.title,
    status,
    summary: `${id} is ${status}`,
    details: [],
    evidenceLinks: [],
    credit: status === 'pass' ? 1 : 0,
    actions: status === 'fail' || status === 'waived' ? [`fix ${id}`] : [],
    ...overrides,
  };
}

/** Results of all built-in checks: `pass` unless listed. */
export function allChecks(
  statuses: Partial<Record<BuiltInCheckId, CheckResult['status']>> = {},
): CheckResult[] {
  return checkIds.map(id => checkResult(id, statuses[id] ?? 'pass'));
}
