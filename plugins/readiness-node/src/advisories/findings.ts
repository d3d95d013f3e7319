import {
  osvLink,
  type DependencyHealthFinding,
  type DependencyHealthKind,
  type VulnerabilityFinding,
  type VulnerabilitySeverity,
} from '@readiness/plugin-readiness-common';
import { cvssBaseScore, severityFromCvssScore } from './cvss';
import type { OsvVulnerability, PackageQuery } from './types';
import {
  compareEcosystemVersions,
  compareText,
  nearestFixedVersion,
} from './versionOrder';
import {
  affectedEntryNamesPackage,
  allFixedVersions,
  isVersionAffected,
} from './versions';

/**
 * What {@link toFindings} makes of the advisories of one package.
 *
 * @public
 */
export interface AdvisoryFindings {
  vulnerabilities: VulnerabilityFinding[];
  dependencyHealth: DependencyHealthFinding[];
}

/**
 * Options of {@link toFindings}.
 *
 * @public
 */
export interface ToFindingsOptions {
  /** Repository-relative lockfile path, copied into every finding. */
  lockfile?: string;
  /** Longest summary, in characters; default 200. */
  maxSummaryLength?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : undefined;
}

function truncate(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max
    ? value
    : `${chars
        .slice(0, Math.max(1, max - 1))
        .join('')
        .trimEnd()}…`;
}

function summaryOf(vuln: OsvVulnerability, max: number): string {
  const summary = text(vuln.summary);
  if (summary) {
    return truncate(summary.replace(/\s+/g, ' '), max);
  }
  const details = typeof vuln.details === 'string' ? vuln.details : '';
  const firstLine = details
    .split(/\r?\n/)
    .map(line => line.replace(/^#+\s*/, '').trim())
    .find(line => line !== '');
  return truncate(firstLine ?? `Advisory ${vuln.id}`, max);
}

const healthKinds: Record<string, DependencyHealthKind> = {
  unmaintained: 'unmaintained',
  unsound: 'unsound',
  yanked: 'yanked',
  deprecated: 'deprecated',
};

/**
 * The RustSec `informational` value of a record for the package (top-level
 * or on the package's affected entry), lower-cased.
 */
function informationalOf(
  vuln: OsvVulnerability,
  pkg: PackageQuery,
): string | undefined {
  const values: unknown[] = [];
  if (isRecord(vuln.database_specific)) {
    values.push(vuln.database_specific.informational);
  }
  for (const entry of Array.isArray(vuln.affected) ? vuln.affected : []) {
    if (
      affectedEntryNamesPackage(entry, pkg.ecosystem, pkg.name) &&
      isRecord(entry.database_specific)
    ) {
      values.push(entry.database_specific.informational);
    }
  }
  return values
    .map(text)
    .find((v): v is string => v !== undefined)
    ?.toLowerCase();
}

const ghsaSeverities: Record<string, VulnerabilitySeverity> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MODERATE: 'medium',
  MEDIUM: 'medium',
  LOW: 'low',
};

const severityOrder: VulnerabilitySeverity[] = [
  'unknown',
  'low',
  'medium',
  'high',
  'critical',
];

/**
 * The severity of an OSV record: its `database_specific.severity` label
 * when present (GHSA: CRITICAL, HIGH, MODERATE, LOW; reviewed by people),
 * else the base score of its CVSS vector (v4.0, else v3.x, else v2.0), else
 * `unknown`. The CVSS score is reported whenever a vector has one.
 *
 * @public
 */
export function severityOf(vuln: OsvVulnerability): {
  severity: VulnerabilitySeverity;
  cvssScore?: number;
} {
  const scores = Array.isArray(vuln.severity) ? vuln.severity : [];
  const byType = (type: string) =>
    scores
      .filter(
        s => isRecord(s) && s.type === type && typeof s.score === 'string',
      )
      .map(s => cvssBaseScore(s.score))
      .find((s): s is number => s !== undefined);
  const cvssScore = byType('CVSS_V4') ?? byType('CVSS_V3') ?? byType('CVSS_V2');
  const labels: unknown[] = [];
  if (isRecord(vuln.database_specific)) {
    labels.push(vuln.database_specific.severity);
  }
  for (const entry of Array.isArray(vuln.affected) ? vuln.affected : []) {
    if (isRecord(entry) && isRecord(entry.database_specific)) {
      labels.push(entry.database_specific.severity);
    }
  }
  const label = labels
    .map(l =>
      typeof l === 'string'
        ? ghsaSeverities[l.trim().toUpperCase()]
        : undefined,
    )
    .find((s): s is VulnerabilitySeverity => s !== undefined);
  const scored =
    cvssScore !== undefined && cvssScore > 0
      ? severityFromCvssScore(cvssScore)
      : undefined;
  return {
    severity: label ?? scored ?? 'unknown',
    ...(cvssScore !== undefined ? { cvssScore } : {}),
  };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    : [];
}

/** Ids native to an ecosystem database come first, then GHSA, then CVE. */
function idPreference(id: string): number {
  if (id.startsWith('CVE-')) {
    return 2;
  }
  if (id.startsWith('GHSA-')) {
    return 1;
  }
  return 0;
}

function fixedVersionsFor(vuln: OsvVulnerability, pkg: PackageQuery): string[] {
  const decision = isVersionAffected(vuln, pkg);
  if (decision.status === 'affected' && decision.fixedVersions.length > 0) {
    return decision.fixedVersions;
  }
  if (decision.status === 'affected') {
    // The version is in a range without a fix (or only listed explicitly).
    return [];
  }
  // The source said the version is affected but the record's ranges do not
  // show how (for example only GIT ranges): offer the fixes above it.
  const all = allFixedVersions(vuln, pkg);
  const above = all.filter(
    v => (compareEcosystemVersions(pkg.ecosystem, v, pkg.version) ?? 1) > 0,
  );
  return above.length > 0 ? above : all;
}

/**
 * Maps the OSV records an {@link AdvisorySource} returned for one package to
 * readiness findings:
 *
 * - withdrawn records are skipped;
 * - RustSec informational records (`informational` = `unmaintained`,
 *   `unsound`, `yanked`, `deprecated`; top-level or on the package's
 *   affected entry) become dependency-health findings of that kind, one per
 *   record, with the fixed versions of the range that contains the version
 *   (an unsound crate often has a fix); other informational kinds
 *   (`notice`) are skipped;
 * - every other record is a vulnerability, with severity from
 *   {@link severityOf} and the fixed versions of the range that contains the
 *   version;
 * - records that are aliases of each other (`RUSTSEC-2023-0071` and
 *   `GHSA-4grx-2x9w-596c`, as OSV answers for `rsa`) make one finding, under
 *   the ecosystem database's id, with the aliases merged and the highest
 *   severity.
 *
 * Vulnerabilities come most severe first (severity, then CVSS score, then
 * id).
 *
 * @public
 */
export function toFindings(
  pkg: PackageQuery,
  vulns: OsvVulnerability[],
  options: ToFindingsOptions = {},
): AdvisoryFindings {
  const maxSummary = Math.max(16, options.maxSummaryLength ?? 200);
  const dependencyHealth: DependencyHealthFinding[] = [];
  const candidates: OsvVulnerability[] = [];
  const seenIds = new Set<string>();

  for (const vuln of Array.isArray(vulns) ? vulns : []) {
    if (!isRecord(vuln) || !text(vuln.id) || seenIds.has(vuln.id)) {
      continue;
    }
    seenIds.add(vuln.id);
    if (text(vuln.withdrawn)) {
      continue;
    }
    const informational = informationalOf(vuln, pkg);
    if (informational !== undefined) {
      const kind = healthKinds[informational];
      if (kind) {
        const fixedVersions = fixedVersionsFor(vuln, pkg).sort(
          (a, b) => compareEcosystemVersions(pkg.ecosystem, a, b) ?? 0,
        );
        const nearestFixed = nearestFixedVersion(
          pkg.ecosystem,
          pkg.version,
          fixedVersions,
        );
        dependencyHealth.push({
          ecosystem: pkg.ecosystem,
          packageName: pkg.name,
          version: pkg.version,
          kind,
          advisoryId: vuln.id,
          summary: summaryOf(vuln, maxSummary),
          link: osvLink(vuln.id),
          ...(options.lockfile ? { lockfile: options.lockfile } : {}),
          ...(fixedVersions.length > 0 ? { fixedVersions } : {}),
          ...(nearestFixed ? { nearestFixed } : {}),
        });
      }
      continue;
    }
    candidates.push(vuln);
  }

  // Group records that name each other as aliases (union-find over ids).
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.has(root) && parent.get(root) !== root) {
      root = parent.get(root)!;
    }
    parent.set(id, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) {
      parent.set(rb, ra);
    }
  };
  for (const vuln of candidates) {
    find(vuln.id);
    for (const alias of stringList(vuln.aliases)) {
      union(vuln.id, alias);
    }
  }
  const groups = new Map<string, OsvVulnerability[]>();
  for (const vuln of candidates) {
    const root = find(vuln.id);
    groups.set(root, [...(groups.get(root) ?? []), vuln]);
  }

  const vulnerabilities: VulnerabilityFinding[] = [];
  for (const group of groups.values()) {
    const [primary] = [...group].sort(
      (a, b) =>
        idPreference(a.id) - idPreference(b.id) || compareText(a.id, b.id),
    );
    const aliases = new Set<string>();
    for (const vuln of group) {
      aliases.add(vuln.id);
      stringList(vuln.aliases).forEach(a => aliases.add(a.trim()));
    }
    aliases.delete(primary.id);

    let best = severityOf(primary);
    for (const vuln of group) {
      const other = severityOf(vuln);
      const rank = severityOrder.indexOf(other.severity);
      if (
        rank > severityOrder.indexOf(best.severity) ||
        (rank === severityOrder.indexOf(best.severity) &&
          best.cvssScore === undefined &&
          other.cvssScore !== undefined)
      ) {
        best = other;
      }
    }

    const fixedVersions: string[] = [];
    for (const vuln of [primary, ...group.filter(v => v !== primary)]) {
      for (const fixed of fixedVersionsFor(vuln, pkg)) {
        if (!fixedVersions.includes(fixed)) {
          fixedVersions.push(fixed);
        }
      }
    }
    fixedVersions.sort(
      (a, b) => compareEcosystemVersions(pkg.ecosystem, a, b) ?? 0,
    );

    const nearestFixed = nearestFixedVersion(
      pkg.ecosystem,
      pkg.version,
      fixedVersions,
    );

    const summarySource =
      text(primary.summary) || text(primary.details)
        ? primary
        : (group.find(v => text(v.summary) || text(v.details)) ?? primary);

    vulnerabilities.push({
      advisoryId: primary.id,
      aliases: [...aliases].sort(),
      ecosystem: pkg.ecosystem,
      packageName: pkg.name,
      version: pkg.version,
      severity: best.severity,
      ...(best.cvssScore !== undefined ? { cvssScore: best.cvssScore } : {}),
      summary: summaryOf({ ...summarySource, id: primary.id }, maxSummary),
      fixedVersions,
      ...(nearestFixed ? { nearestFixed } : {}),
      link: osvLink(primary.id),
      ...(options.lockfile ? { lockfile: options.lockfile } : {}),
    });
  }
  vulnerabilities.sort(
    (a, b) =>
      severityOrder.indexOf(b.severity) - severityOrder.indexOf(a.severity) ||
      (b.cvssScore ?? -1) - (a.cvssScore ?? -1) ||
      compareText(a.advisoryId, b.advisoryId),
  );
  return { vulnerabilities, dependencyHealth };
}
