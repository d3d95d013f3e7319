// The values of the dependency evidence keys: vulnerabilities, dependency
// health and licenses of the locked packages.
import type { AdvisorySourceReport } from './advisorySources';
import type { DependencyScope } from './findings';

/**
 * Severity of a vulnerability finding. `unknown` means the advisory source
 * gave none; such a finding is still a vulnerability.
 *
 * @public
 */
export type VulnerabilitySeverity =
  'critical' | 'high' | 'medium' | 'low' | 'unknown';

/**
 * One known vulnerability affecting one locked dependency version.
 *
 * @public
 */
export interface VulnerabilityFinding {
  /** For example `RUSTSEC-2023-0071` or `GHSA-...`. */
  advisoryId: string;
  aliases: string[];
  /** OSV ecosystem name, for example `crates.io` or `npm`. */
  ecosystem: string;
  packageName: string;
  version: string;
  severity: VulnerabilitySeverity;
  cvssScore?: number;
  summary: string;
  /** Versions that fix the advisory; empty when no fix exists. */
  fixedVersions: string[];
  /**
   * The fixed version to upgrade to: the lowest one above `version` in the
   * ecosystem's own version order (the collector knows it; this package
   * does not), or the lowest one when none is above. Absent when there is
   * no fix or the fixes cannot be ordered.
   */
  nearestFixed?: string;
  link: string;
  /** Repository-relative path of the lockfile the version was read from. */
  lockfile?: string;
  /** Whether the version ships, per the lockfile; absent when not recorded. */
  scope?: DependencyScope;
}

/**
 * Result of scanning lockfiles against an advisory database.
 *
 * @public
 */
export interface VulnerabilitiesEvidenceValue {
  scannedPackages: number;
  findings: VulnerabilityFinding[];
  /** Lockfiles that exist but could not be parsed: the scan is incomplete. */
  unreadable: Array<{ file: string; reason: string }>;
  /** Requirements without a locked version: they cannot be checked. */
  unpinned: Array<{ file: string; name: string }>;
  /** The advisory source that answered: its coverage and freshness. */
  advisorySource?: AdvisorySourceReport;
  /**
   * The locked packages, one per ecosystem, name and version, for SBOMs: at
   * most `maxInventoryPackages`. Absent in evidence stored before it existed.
   */
  inventory?: InventoryPackage[];
  /** True when more packages were locked than `inventory` keeps. */
  inventoryTruncated?: boolean;
}

/**
 * One locked package of a repository's inventory.
 *
 * @public
 */
export interface InventoryPackage {
  /** OSV ecosystem name, for example `npm`. */
  ecosystem: string;
  name: string;
  version: string;
  /** `true` when only development needs it, `false` when production does; absent when unknown. */
  dev?: boolean;
  /** Repository-relative paths of the lockfiles and SBOMs that lock it. */
  files: string[];
}

/**
 * Why a dependency is considered unhealthy.
 *
 * @public
 */
export type DependencyHealthKind =
  'unmaintained' | 'unsound' | 'deprecated' | 'yanked';

/**
 * A dependency-health signal that comes from a package registry rather than
 * from the advisory source: npm's `deprecated` in the registry's package
 * metadata, crates.io's `yanked` in its sparse index.
 *
 * @public
 */
export type DependencyHealthSignal = 'npm-deprecated' | 'crates-yanked';

/**
 * Every {@link DependencyHealthSignal}: by default each is required.
 *
 * @public
 */
export const dependencyHealthSignals = [
  'npm-deprecated',
  'crates-yanked',
] as const satisfies readonly DependencyHealthSignal[];

/**
 * One unmaintained, unsound, deprecated or yanked dependency.
 *
 * @public
 */
export interface DependencyHealthFinding {
  ecosystem: string;
  packageName: string;
  version: string;
  kind: DependencyHealthKind;
  advisoryId?: string;
  summary: string;
  link?: string;
  /** Repository-relative path of the lockfile the version was read from. */
  lockfile?: string;
  /** Whether the version ships, per the lockfile; absent when not recorded. */
  scope?: DependencyScope;
  /** Versions that fix the advisory (an unsound one may have a fix). */
  fixedVersions?: string[];
  /** The fixed version to upgrade to, in the ecosystem's version order. */
  nearestFixed?: string;
}

/**
 * A dependency-health signal that could not be checked for a scan, and why
 * (offline, or the registry could not be asked).
 *
 * @public
 */
export interface UncheckedHealthSignal {
  signal: DependencyHealthSignal;
  reason: string;
  /** How many locked packages it was not checked for. */
  packages: number;
}

/**
 * Result of a dependency-health audit.
 *
 * @public
 */
export interface DependencyHealthEvidenceValue {
  findings: DependencyHealthFinding[];
  /**
   * Unique locked packages audited; 0 means nothing was audited. Absent in
   * evidence that does not say (pushed, or stored before it was recorded).
   */
  scannedPackages?: number;
  /** Registry signals that could not be checked: the audit is incomplete. */
  unchecked?: UncheckedHealthSignal[];
}

/**
 * The declared license of one locked package.
 *
 * @public
 */
export interface PackageLicense {
  /** OSV ecosystem name, for example `npm`. */
  ecosystem: string;
  name: string;
  version: string;
  /**
   * The license as its source states it, ideally an SPDX expression
   * (`MIT OR Apache-2.0`); absent when no source names one.
   */
  license?: string;
  /** Where the license was read: an SBOM's path, or `registry`. */
  source?: string;
}

/**
 * The licenses of a repository's locked packages, one entry per ecosystem,
 * name and version.
 *
 * @public
 */
export interface LicensesEvidenceValue {
  /** At most `maxInventoryPackages`. */
  packages: PackageLicense[];
  /** True when more packages were locked than `packages` keeps. */
  truncated?: boolean;
  /**
   * Sources that could not be asked (offline, no registry configured, an
   * error), and for how many packages: their licenses stay unknown.
   */
  unchecked?: Array<{ reason: string; packages: number }>;
}
