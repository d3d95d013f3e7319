import { PackageURL } from 'packageurl-js';
import type { Ecosystem } from '../lockfiles/types';
import { normalizePythonName } from '../lockfiles/python';

/**
 * The OSV ecosystem of each package-URL type whose advisories Readiness can
 * match. Other types (maven, nuget, github, generic, ...) are read as
 * unknown packages until their ecosystem is supported.
 */
const ECOSYSTEM_OF_PURL_TYPE: Record<string, Ecosystem> = {
  npm: 'npm',
  pypi: 'PyPI',
  cargo: 'crates.io',
  golang: 'Go',
  gem: 'RubyGems',
  composer: 'Packagist',
  maven: 'Maven',
  nuget: 'NuGet',
  pub: 'Pub',
  hex: 'Hex',
  swift: 'SwiftURL',
};

/** Maven names are `group:artifact`; the purl's namespace is the group. */
const namespaceSeparator = (ecosystem: string) =>
  ecosystem === 'Maven' ? ':' : '/';

const PURL_TYPE_OF_ECOSYSTEM = new Map<string, string>(
  Object.entries(ECOSYSTEM_OF_PURL_TYPE).map(([type, eco]) => [eco, type]),
);

/** A package named by a package URL, in the form lockfile parsers give. */
export type PurlPackage =
  | { ecosystem: Ecosystem; name: string; version?: string }
  | { unknown: string };

/**
 * Reads a package URL with `packageurl-js` and names the package as the
 * lockfile parsers of its ecosystem do (scoped npm names, Go module paths,
 * PEP 503 names, versions without Go's and Composer's `v`). The version is
 * absent when the URL has none.
 */
export function packageFromPurl(purl: string): PurlPackage {
  let parsed: PackageURL;
  try {
    parsed = PackageURL.fromString(purl);
  } catch (error) {
    return { unknown: `invalid package URL (${(error as Error).message})` };
  }
  const ecosystem = Object.hasOwn(ECOSYSTEM_OF_PURL_TYPE, parsed.type)
    ? ECOSYSTEM_OF_PURL_TYPE[parsed.type]
    : undefined;
  if (!ecosystem) {
    return { unknown: `no advisory ecosystem for package type ${parsed.type}` };
  }
  const joined = parsed.namespace
    ? `${parsed.namespace}${namespaceSeparator(ecosystem)}${parsed.name}`
    : parsed.name;
  const name = ecosystem === 'PyPI' ? normalizePythonName(joined) : joined;
  const version =
    parsed.version === undefined
      ? undefined
      : withoutVPrefix(ecosystem, parsed.version);
  return { ecosystem, name, ...(version ? { version } : {}) };
}

/** Go and Composer versions are compared without their leading `v`. */
export function withoutVPrefix(ecosystem: Ecosystem, version: string): string {
  return ecosystem === 'Go' || ecosystem === 'Packagist'
    ? version.replace(/^v(?=\d)/, '')
    : version;
}

/**
 * The package URL of a locked package, built with `packageurl-js`; undefined
 * for an ecosystem without a package-URL type here.
 */
export function purlOf(pkg: {
  ecosystem: string;
  name: string;
  version: string;
}): string | undefined {
  const type = PURL_TYPE_OF_ECOSYSTEM.get(pkg.ecosystem);
  if (!type) {
    return undefined;
  }
  // npm scopes, Go module paths, Composer vendors, Maven groups and Swift
  // hosts with owners are the namespace.
  const slash =
    type === 'npm' && !pkg.name.startsWith('@')
      ? -1
      : pkg.name.lastIndexOf(namespaceSeparator(pkg.ecosystem));
  const namespace = slash > 0 ? pkg.name.slice(0, slash) : undefined;
  const name = slash > 0 ? pkg.name.slice(slash + 1) : pkg.name;
  const version =
    type === 'golang' && /^\d/.test(pkg.version)
      ? `v${pkg.version}`
      : pkg.version;
  return new PackageURL(type, namespace, name, version).toString();
}
