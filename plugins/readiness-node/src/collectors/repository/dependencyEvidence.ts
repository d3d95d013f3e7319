import type {
  DependencyHealthFinding,
  VulnerabilitiesEvidenceValue,
  VulnerabilityFinding,
} from '@readiness/plugin-readiness-common';
import {
  advisorySourceReport,
  type AdvisorySource,
  coverageOf,
  packageKey,
  type PackageQuery,
  toFindings,
} from '../../advisories';
import type { RepositoryFacts } from './repositoryFacts';

/**
 * Vulnerabilities and dependency health of the locked packages, with each
 * lockfile that could not be read and each requirement with no locked
 * version.
 */
export async function dependencyEvidence(
  lockfiles: RepositoryFacts['lockfiles'],
  options: { advisories: AdvisorySource; signal?: AbortSignal },
): Promise<{
  vulnerabilities: VulnerabilitiesEvidenceValue;
  dependencyHealth: DependencyHealthFinding[];
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

  const findings = new Map<string, VulnerabilityFinding>();
  const health = new Map<string, DependencyHealthFinding>();
  for (const pkg of packages) {
    const vulns = advisories.get(packageKey(pkg)) ?? [];
    if (vulns.length === 0) {
      continue;
    }
    const result = toFindings(pkg, vulns, { lockfile: pkg.path });
    for (const finding of result.vulnerabilities) {
      findings.set(
        `${finding.advisoryId}|${finding.packageName}|${finding.version}`,
        finding,
      );
    }
    for (const finding of result.dependencyHealth) {
      health.set(
        `${finding.kind}|${finding.packageName}|${finding.version}`,
        finding,
      );
    }
  }

  return {
    vulnerabilities: {
      scannedPackages: new Set(packages.map(p => packageKey(p))).size,
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
    },
    dependencyHealth: [...health.values()],
  };
}
