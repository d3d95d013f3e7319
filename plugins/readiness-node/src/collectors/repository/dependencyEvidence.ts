import {
  type DependencyHealthEvidenceValue,
  type DependencyHealthFinding,
  type DependencyScope,
  type InventoryPackage,
  maxInventoryPackages,
  type VulnerabilitiesEvidenceValue,
  type VulnerabilityFinding,
} from '@readiness/plugin-readiness-common';
import {
  advisorySourceReport,
  type AdvisorySource,
  coverageOf,
  packageKey,
  type PackageQuery,
  toFindings,
} from '../../advisories';
import type { LockedPackage } from '../../lockfiles';
import {
  RegistryHealthClient,
  type RegistryHealthSource,
} from '../../registries';
import type { RepositoryFacts } from './repositoryFacts';

function scopeOf(pkg: LockedPackage): DependencyScope {
  if (pkg.dev === undefined) {
    return 'unknown';
  }
  return pkg.dev ? 'dev' : 'prod';
}

/**
 * Vulnerabilities and dependency health of the locked packages, with each
 * lockfile that could not be read and each requirement with no locked
 * version.
 */
export async function dependencyEvidence(
  lockfiles: RepositoryFacts['lockfiles'],
  options: {
    advisories: AdvisorySource;
    /** npm deprecations and crates.io yanks; unchecked when absent. */
    registries?: RegistryHealthSource;
    signal?: AbortSignal;
  },
): Promise<{
  vulnerabilities: VulnerabilitiesEvidenceValue;
  dependencyHealth: DependencyHealthEvidenceValue;
}> {
  const { packages, unpinned } = lockfiles;
  // Copied: advisory problems add to it, and the facts stay as computed.
  const unreadable = [...lockfiles.unreadable];

  const queries: PackageQuery[] = packages.map(p => ({
    ecosystem: p.ecosystem,
    name: p.name,
    version: p.version,
  }));
  const advisories = await options.advisories.findAdvisories(queries, {
    signal: options.signal,
    onProblem: problem => {
      if (problem.kind === 'undecidable-version') {
        const lockfile =
          packages.find(p => packageKey(p) === problem.packageKey)?.path ??
          problem.packageKey;
        unreadable.push({
          file: lockfile,
          reason: `cannot tell whether ${problem.packageName} ${problem.version} is affected by ${problem.advisoryId}: ${problem.reason}`,
        });
      } else if (problem.kind === 'unread-record') {
        // Any package may be affected: the scan cannot be clean.
        unreadable.push({
          file: `advisory record ${problem.file}`,
          reason: `${problem.reason}, so whether it affects a locked package is unknown`,
        });
      }
    },
  });

  // Packages of an ecosystem the source does not cover were not checked.
  const coverage = await coverageOf(options.advisories);
  const registry = options.registries
    ? await options.registries.checkPackages(queries, {
        signal: options.signal,
      })
    : await unaskedRegistries(queries);

  const findings = new Map<string, VulnerabilityFinding>();
  const health = new Map<string, DependencyHealthFinding>();
  for (const pkg of packages) {
    const vulns = advisories.get(packageKey(pkg)) ?? [];
    if (vulns.length === 0) {
      continue;
    }
    const result = toFindings(pkg, vulns, { lockfile: pkg.path });
    const scope = scopeOf(pkg);
    // One finding per advisory, package, version and lockfile: the same
    // version in two lockfiles is two places to fix.
    for (const finding of result.vulnerabilities) {
      findings.set(
        JSON.stringify([finding.advisoryId, packageKey(pkg), pkg.path]),
        { ...finding, scope },
      );
    }
    // One per advisory and lockfile: two unsound advisories on one version
    // are two findings, and so is the same one in two lockfiles.
    for (const finding of result.dependencyHealth) {
      health.set(healthKey(finding), { ...finding, scope });
    }
  }
  for (const pkg of packages) {
    const marked = registry.findings.get(packageKey(pkg));
    if (marked) {
      const finding = { ...marked, lockfile: pkg.path, scope: scopeOf(pkg) };
      const key = healthKey(finding);
      if (!health.has(key)) {
        health.set(key, finding);
      }
    }
  }
  const inventory = inventoryOf(packages);
  const scannedPackages = inventory.length;
  return {
    vulnerabilities: {
      scannedPackages,
      findings: [...findings.values()],
      unreadable,
      unpinned,
      ...(coverage
        ? {
            advisorySource: advisorySourceReport(
              coverage,
              packages.map(p => p.ecosystem),
            ),
          }
        : {}),
      inventory: inventory.slice(0, maxInventoryPackages),
      ...(inventory.length > maxInventoryPackages
        ? { inventoryTruncated: true }
        : {}),
    },
    dependencyHealth: {
      findings: [...health.values()],
      scannedPackages,
      ...(registry.unchecked.length > 0
        ? { unchecked: registry.unchecked }
        : {}),
    },
  };
}

/**
 * The `vulnerabilities` and `dependency-health` evidence of parsed
 * lockfiles (or SBOMs), unstamped: what the repository collector stores and
 * what a pushed SBOM becomes. A failed advisory lookup is an error naming
 * why on both, never a clean scan.
 */
export async function lockfileEvidence(
  lockfiles: RepositoryFacts['lockfiles'],
  options: Parameters<typeof dependencyEvidence>[1],
): Promise<
  Array<
    | { key: 'vulnerabilities'; value: VulnerabilitiesEvidenceValue }
    | { key: 'dependency-health'; value: DependencyHealthEvidenceValue }
    | { key: 'vulnerabilities' | 'dependency-health'; error: string }
  >
> {
  return dependencyEvidence(lockfiles, options).then(
    ({ vulnerabilities, dependencyHealth }) => {
      const [unread] = vulnerabilities.unreadable;
      const [unpinned] = vulnerabilities.unpinned;
      // An unread lockfile or a requirement with no locked version may hide
      // an unmaintained or yanked dependency, so no findings then is not a
      // clean bill of health.
      const gap = unread
        ? `could not read ${unread.file}: ${unread.reason}`
        : unpinned &&
          `${unpinned.name} in ${unpinned.file} has no locked version and was not checked`;
      return [
        { key: 'vulnerabilities' as const, value: vulnerabilities },
        gap && dependencyHealth.findings.length === 0
          ? { key: 'dependency-health' as const, error: gap }
          : { key: 'dependency-health' as const, value: dependencyHealth },
      ];
    },
    error => {
      const message = `advisory lookup failed: ${(error as Error).message}`;
      return [
        { key: 'vulnerabilities' as const, error: message },
        { key: 'dependency-health' as const, error: message },
      ];
    },
  );
}

function healthKey(finding: DependencyHealthFinding): string {
  return JSON.stringify([
    finding.ecosystem,
    finding.packageName,
    finding.version,
    finding.kind,
    finding.advisoryId ?? '',
    finding.lockfile ?? '',
  ]);
}

/** With no registry source, every registry signal is unchecked. */
async function unaskedRegistries(queries: PackageQuery[]) {
  return new RegistryHealthClient({ offline: true }).checkPackages(queries);
}

/**
 * One entry per package, with every file that locks it: what an SBOM of
 * the repository lists. Production wins over dev, unknown over dev, as
 * the lockfile parsers merge a package listed twice.
 */
function inventoryOf(packages: LockedPackage[]): InventoryPackage[] {
  const byKey = new Map<string, InventoryPackage>();
  for (const pkg of packages) {
    const key = packageKey(pkg);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, {
        ecosystem: pkg.ecosystem,
        name: pkg.name,
        version: pkg.version,
        ...(pkg.dev === undefined ? {} : { dev: pkg.dev }),
        files: [pkg.path],
      });
      continue;
    }
    if (!seen.files.includes(pkg.path) && seen.files.length < 100) {
      seen.files.push(pkg.path);
    }
    if (seen.dev !== false) {
      const dev = pkg.dev === false ? false : seen.dev && pkg.dev;
      if (dev === undefined) delete seen.dev;
      else seen.dev = dev;
    }
  }
  return [...byKey.values()];
}
