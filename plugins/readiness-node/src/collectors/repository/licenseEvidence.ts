import {
  type LicensesEvidenceValue,
  maxInventoryPackages,
  type PackageLicense,
} from '@readiness/plugin-readiness-common';
import { packageKey } from '../../advisories';
import type { LockedPackage } from '../../lockfiles';
import type { RegistryLicenseSource } from '../../registries';

/** A path as a stored name: at most 256 characters, its end kept. */
function sourceOf(path: string): string {
  return path.length > 256 ? `…${path.slice(-255)}` : path;
}

/**
 * The declared license of each locked package: an SBOM's where one states
 * it, else the registry's. A package no source names stays without one, so
 * `compliance.licenses` reports it unknown.
 */
export async function licenseEvidence(
  packages: LockedPackage[],
  options: { licenses?: RegistryLicenseSource; signal?: AbortSignal },
): Promise<LicensesEvidenceValue> {
  const byKey = new Map<string, PackageLicense>();
  for (const pkg of packages) {
    const key = packageKey(pkg);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, {
        ecosystem: pkg.ecosystem,
        name: pkg.name,
        version: pkg.version,
        ...(pkg.license
          ? { license: pkg.license, source: sourceOf(pkg.path) }
          : {}),
      });
    } else if (!seen.license && pkg.license) {
      seen.license = pkg.license;
      seen.source = sourceOf(pkg.path);
    }
  }
  const unlicensed = [...byKey.values()].filter(p => !p.license);
  let unchecked: LicensesEvidenceValue['unchecked'] = [];
  if (options.licenses && unlicensed.length > 0) {
    const answer = await options.licenses.findLicenses(unlicensed, {
      signal: options.signal,
    });
    for (const pkg of unlicensed) {
      const license = answer.licenses.get(packageKey(pkg));
      // Registry text is hostile input: bounded like every stored name.
      if (license && license.length <= 256) {
        pkg.license = license;
        pkg.source = 'registry';
      }
    }
    unchecked = answer.unchecked.slice(0, 100);
  }
  const all = [...byKey.values()];
  return {
    packages: all.slice(0, maxInventoryPackages),
    ...(all.length > maxInventoryPackages ? { truncated: true } : {}),
    ...(unchecked.length > 0 ? { unchecked } : {}),
  };
}
