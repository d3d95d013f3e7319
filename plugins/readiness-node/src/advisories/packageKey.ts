import { swiftPackageName } from '../lockfiles/swift';
import type { PackageQuery } from './types';

const knownEcosystems = [
  'crates.io',
  'npm',
  'Go',
  'PyPI',
  'RubyGems',
  'Packagist',
  'NuGet',
  'Maven',
  'Pub',
  'Hex',
  'SwiftURL',
] as const;

/**
 * The OSV ecosystems of the lockfiles Readiness reads.
 *
 * @public
 */
export const lockfileEcosystems: readonly string[] = knownEcosystems;

const ecosystemsByLowerCase = new Map<string, string>(
  knownEcosystems.map(e => [e.toLowerCase(), e]),
);

/**
 * The OSV spelling of an ecosystem name, matched case-insensitively for the
 * ecosystems Readiness knows (`pypi` becomes `PyPI`); other names are returned
 * trimmed but otherwise unchanged.
 *
 * @public
 */
export function canonicalEcosystem(ecosystem: string): string {
  const trimmed = ecosystem.trim();
  return ecosystemsByLowerCase.get(trimmed.toLowerCase()) ?? trimmed;
}

/**
 * A package name as the ecosystem compares names: PyPI names are normalized
 * as in PEP 503 (`Foo_Bar` is `foo-bar`), Packagist and NuGet names are
 * lower-cased (both registries ignore case), SwiftURL names lose a scheme
 * and a `.git` suffix and are lower-cased (`https://github.com/Apple/swift-nio.git`
 * is `github.com/apple/swift-nio`), other names are kept as they are.
 *
 * @public
 */
export function normalizePackageName(ecosystem: string, name: string): string {
  const trimmed = name.trim();
  switch (canonicalEcosystem(ecosystem)) {
    case 'PyPI':
      return trimmed.toLowerCase().replace(/[-_.]+/g, '-');
    case 'Packagist':
    case 'NuGet':
      return trimmed.toLowerCase();
    case 'SwiftURL':
      return swiftPackageName(trimmed).toLowerCase();
    default:
      return trimmed;
  }
}

/**
 * The key under which an {@link AdvisorySource} reports a package: the same
 * for two queries that denote the same package version (ecosystem spelling
 * and PyPI name normalization are taken into account). It is an opaque
 * string; read it back with {@link parsePackageKey}.
 *
 * @public
 */
export function packageKey(pkg: PackageQuery): string {
  return JSON.stringify([
    canonicalEcosystem(pkg.ecosystem),
    normalizePackageName(pkg.ecosystem, pkg.name),
    pkg.version.trim(),
  ]);
}

/**
 * The (normalized) package a {@link packageKey} was made from.
 *
 * @public
 */
export function parsePackageKey(key: string): PackageQuery {
  const parsed: unknown = JSON.parse(key);
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    !parsed.every(p => typeof p === 'string')
  ) {
    throw new TypeError(`Not a package key: ${key}`);
  }
  return { ecosystem: parsed[0], name: parsed[1], version: parsed[2] };
}

/** Index key of (ecosystem, name), without version. @internal */
export function nameKey(ecosystem: string, name: string): string {
  return `${canonicalEcosystem(ecosystem)}\u0000${normalizePackageName(
    ecosystem,
    name,
  )}`;
}
