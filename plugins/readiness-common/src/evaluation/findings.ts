import {
  dependencyHealthAction,
  vulnerabilityAction,
} from '../checks/remediationActions';
import type {
  DependencyHealthFinding,
  Evidence,
  Finding,
  FindingBaselineStatus,
  FindingKeyFields,
  FindingSeverity,
  VulnerabilityFinding,
} from '../types';
import { latestEvidenceByKey } from './evaluateChecks';

const severityRank: Record<FindingSeverity, number> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
  unknown: 4,
  informational: 5,
};

/**
 * The stable key of a finding: kind, id, ecosystem, package, version and
 * lockfile. Severity, summary and fixes may change between scans; the key
 * does not, so a baseline keeps matching.
 *
 * @public
 */
export function findingKey(finding: FindingKeyFields): string {
  // JSON of an array: no separator inside a value can make two keys equal.
  return JSON.stringify([
    finding.kind,
    finding.id,
    finding.ecosystem,
    finding.package,
    finding.version,
    finding.file ?? '',
  ]);
}

function fromVulnerability(finding: VulnerabilityFinding): Finding {
  return {
    kind: 'vulnerability',
    id: finding.advisoryId,
    aliases: [...finding.aliases],
    ecosystem: finding.ecosystem,
    package: finding.packageName,
    version: finding.version,
    file: finding.lockfile ?? null,
    scope: finding.scope ?? 'unknown',
    severity: finding.severity,
    cvss: finding.cvssScore ?? null,
    fixed: [...finding.fixedVersions],
    summary: finding.summary,
    remediation: vulnerabilityAction(finding),
    link: finding.link,
  };
}

function fromDependencyHealth(finding: DependencyHealthFinding): Finding {
  return {
    kind: finding.kind,
    id: finding.advisoryId ?? `readiness/${finding.kind}-dependency`,
    aliases: [],
    ecosystem: finding.ecosystem,
    package: finding.packageName,
    version: finding.version,
    file: finding.lockfile ?? null,
    scope: finding.scope ?? 'unknown',
    severity: 'informational',
    cvss: null,
    fixed: finding.fixedVersions ?? [],
    summary: finding.summary,
    remediation: dependencyHealthAction(finding),
    link: finding.link ?? null,
  };
}

function compareFindings(a: Finding, b: Finding): number {
  const text = (x: string, y: string) => (x < y ? -1 : Number(x > y));
  return (
    severityRank[a.severity] - severityRank[b.severity] ||
    (b.cvss ?? -1) - (a.cvss ?? -1) ||
    text(a.kind, b.kind) ||
    text(a.package, b.package) ||
    text(a.version, b.version) ||
    text(a.id, b.id) ||
    text(a.file ?? '', b.file ?? '')
  );
}

/**
 * The findings of the latest vulnerability scan and dependency-health audit
 * (the evidence the checks judge), one per advisory, package, version and
 * lockfile: the report's `findings`, and what SARIF, text and the card show.
 * Most severe first, then by package.
 *
 * @public
 */
export function deriveFindings(
  evidence: readonly Evidence[],
  now?: string,
): Finding[] {
  const latest = latestEvidenceByKey(evidence, now);
  const scan = latest.get('vulnerabilities');
  const health = latest.get('dependency-health');
  const all = [
    ...(scan?.key === 'vulnerabilities'
      ? (scan.value?.findings ?? [])
      : []
    ).map(fromVulnerability),
    ...(health?.key === 'dependency-health'
      ? (health.value?.findings ?? [])
      : []
    ).map(fromDependencyHealth),
  ];
  // Pushed evidence may repeat a finding; it is one finding.
  const byKey = new Map<string, Finding>();
  for (const finding of all) {
    const key = findingKey(finding);
    if (!byKey.has(key)) {
      byKey.set(key, finding);
    }
  }
  return [...byKey.values()].sort(compareFindings);
}

/**
 * Marks each finding `new` or `known`: known when a finding with the same
 * {@link findingKey} is in the baseline (the findings of an earlier scan).
 *
 * @public
 */
export function compareWithBaseline(
  findings: readonly Finding[],
  baseline: readonly FindingKeyFields[],
): Finding[] {
  const known = new Set(baseline.map(findingKey));
  return findings.map(finding => {
    const status: FindingBaselineStatus = known.has(findingKey(finding))
      ? 'known'
      : 'new';
    return { ...finding, baseline: status };
  });
}

/**
 * How a finding is fixed, for people: "fixed in 0.8.1" or "no fix
 * available".
 *
 * @public
 */
export function describeFix(finding: Pick<Finding, 'fixed'>): string {
  return finding.fixed.length > 0
    ? `fixed in ${finding.fixed.join(', ')}`
    : 'no fix available';
}

/**
 * A finding's weight, for people: "high, CVSS 8.1", "severity unknown", or
 * the dependency-health kind ("unmaintained").
 *
 * @public
 */
export function describeFindingSeverity(
  finding: Pick<Finding, 'kind' | 'severity' | 'cvss'>,
): string {
  if (finding.kind !== 'vulnerability') {
    return finding.kind;
  }
  const severity =
    finding.severity === 'unknown' ? 'severity unknown' : finding.severity;
  return finding.cvss !== null ? `${severity}, CVSS ${finding.cvss}` : severity;
}
