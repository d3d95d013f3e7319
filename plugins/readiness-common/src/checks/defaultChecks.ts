import type { BuiltInCheckId, CheckDefinition } from '../types';

/**
 * The definition of a built-in check: its id is one of {@link BuiltInCheckId}.
 *
 * @public
 */
export type BuiltInCheckDefinition = CheckDefinition & { id: BuiltInCheckId };

/**
 * The 17 built-in checks, in tier order. Severity defaults: every `mvs` check
 * is a `blocker`, `production` checks are `major`, `enterprise` checks `minor`.
 *
 * @public
 */
export const defaultChecks: readonly BuiltInCheckDefinition[] = [
  {
    id: 'build.clean',
    tier: 'mvs',
    dimension: 'build',
    severity: 'blocker',
    title: 'Clean build',
    description:
      'The latest default-branch build succeeded with 0 compilation errors.',
    thresholds: {},
    source: 'built-in',
  },
  {
    id: 'security.vulnerabilities',
    tier: 'mvs',
    dimension: 'security',
    severity: 'blocker',
    title: 'No known vulnerabilities',
    description: 'No known vulnerability affects a locked dependency version.',
    thresholds: {},
    source: 'built-in',
  },
  {
    id: 'quality.tests-pass',
    tier: 'mvs',
    dimension: 'testing',
    severity: 'blocker',
    title: 'Tests pass',
    description: 'The test suite ran on the default branch and passed.',
    thresholds: {},
    source: 'built-in',
  },
  {
    id: 'security.audit',
    tier: 'mvs',
    dimension: 'security',
    severity: 'blocker',
    title: 'Healthy dependencies',
    description:
      'No unmaintained, deprecated or yanked dependency, or a current security-audit attestation.',
    thresholds: {},
    source: 'built-in',
  },
  {
    id: 'delivery.pipeline',
    tier: 'mvs',
    dimension: 'build',
    severity: 'blocker',
    title: 'Deployment pipeline',
    description: 'A deployment pipeline exists and its latest run succeeded.',
    thresholds: {},
    source: 'built-in',
  },
  {
    id: 'quality.coverage',
    tier: 'production',
    dimension: 'testing',
    severity: 'major',
    title: 'Test coverage',
    description: 'Line coverage is at least the minimum percentage.',
    thresholds: { minLinePercent: 80 },
    source: 'built-in',
  },
  {
    id: 'security.hardening',
    tier: 'production',
    dimension: 'security',
    severity: 'major',
    title: 'Security hardening',
    description:
      'SECURITY.md, dependency-update automation and CODEOWNERS are present.',
    thresholds: {},
    source: 'built-in',
  },
  {
    id: 'operations.monitoring',
    tier: 'production',
    dimension: 'operations',
    severity: 'major',
    title: 'Monitoring and alerting',
    description:
      'Monitoring and alerting are wired (catalog annotations or repository configuration).',
    thresholds: {},
    source: 'built-in',
  },
  {
    id: 'docs.complete',
    tier: 'production',
    dimension: 'documentation',
    severity: 'major',
    title: 'Complete documentation',
    description: 'A README, docs (TechDocs or docs/) and a runbook exist.',
    thresholds: {},
    source: 'built-in',
  },
  {
    id: 'quality.benchmarks',
    tier: 'production',
    dimension: 'testing',
    severity: 'major',
    title: 'Benchmarks',
    description: 'A benchmark result was reported and met its target.',
    thresholds: {},
    source: 'built-in',
  },
  {
    id: 'quality.tech-debt',
    tier: 'production',
    dimension: 'build',
    severity: 'major',
    title: 'Tech debt under control',
    description: 'TODO/FIXME comment markers are at most the maximum.',
    thresholds: { maxTodoMarkers: 10 },
    source: 'built-in',
  },
  {
    id: 'compliance.licenses',
    tier: 'production',
    dimension: 'security',
    severity: 'major',
    title: 'Dependency licenses',
    description:
      'Every locked package has a known license that the license policy allows.',
    thresholds: {},
    source: 'built-in',
  },
  {
    id: 'compliance.requirements',
    tier: 'enterprise',
    dimension: 'security',
    severity: 'minor',
    title: 'Compliance',
    description: 'A current compliance attestation exists.',
    thresholds: {},
    source: 'built-in',
  },
  {
    id: 'operations.disaster-recovery',
    tier: 'enterprise',
    dimension: 'operations',
    severity: 'minor',
    title: 'Disaster recovery tested',
    description:
      'A disaster-recovery drill was reported within the maximum age, or is attested.',
    thresholds: { maxAgeDays: 365 },
    source: 'built-in',
  },
  {
    id: 'operations.scalability',
    tier: 'enterprise',
    dimension: 'operations',
    severity: 'minor',
    title: 'Scalability',
    description: 'A load-test result was reported and met its target.',
    thresholds: {},
    source: 'built-in',
  },
  {
    id: 'security.certifications',
    tier: 'enterprise',
    dimension: 'security',
    severity: 'minor',
    title: 'Certifications',
    description: 'A current certification attestation exists.',
    thresholds: {},
    source: 'built-in',
  },
  {
    id: 'operations.on-call',
    tier: 'enterprise',
    dimension: 'operations',
    severity: 'minor',
    title: 'On-call',
    description:
      'A 24/7 on-call schedule and escalation policy are referenced, or attested.',
    thresholds: {},
    source: 'built-in',
  },
];

/**
 * Ids of the built-in checks, in tier order.
 *
 * @public
 */
export const checkIds: readonly BuiltInCheckId[] = defaultChecks.map(c => c.id);

/**
 * Whether a string is the id of a built-in check.
 *
 * @public
 */
export function isBuiltInCheckId(value: string): value is BuiltInCheckId {
  return (checkIds as readonly string[]).includes(value);
}

/**
 * The built-in definition of a check.
 *
 * @public
 */
export function getDefaultCheck(id: BuiltInCheckId): BuiltInCheckDefinition {
  const check = defaultChecks.find(c => c.id === id);
  if (!check) {
    throw new Error(`Unknown readiness check id: ${id}`);
  }
  return check;
}
