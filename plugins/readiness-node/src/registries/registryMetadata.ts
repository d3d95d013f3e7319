import { isRecord } from '../advisories/osvCache';

/**
 * What a registry says about the versions of one package: which versions it
 * knows, and the deprecation message (npm) or yanked flag (crates.io) of
 * each version it marks. Cached as JSON, so plain arrays and objects.
 */
export interface PackageVersionMarks {
  versions: string[];
  /** Version to the registry's message: npm's deprecation text, or `yanked`. */
  marked: Record<string, string>;
}

// npm's rules for a package name, scoped or not (lower case is enforced for
// new packages only, so old mixed-case names are accepted).
const NPM_NAME =
  /^(?:@[a-z0-9][a-z0-9._~-]{0,213}\/)?[a-z0-9_~-][a-z0-9._~-]{0,213}$/i;
// crates.io: ASCII letters, digits, `-` and `_`, at most 64 characters.
const CRATE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * The path of a package's metadata under the npm registry's base URL
 * (`/@scope%2Fname` for a scoped package); undefined for a name npm would
 * never publish, which a lockfile from a hostile repository may hold.
 */
export function npmPackagePath(name: string): string | undefined {
  if (!NPM_NAME.test(name) || name.length > 214) {
    return undefined;
  }
  return name.startsWith('@')
    ? `/@${encodeURIComponent(name.slice(1))}`
    : `/${encodeURIComponent(name)}`;
}

/**
 * The path of a crate's file in the crates.io sparse index: `/1/a`,
 * `/2/ab`, `/3/a/abc`, `/se/rd/serde`, lower-cased; undefined for a name
 * crates.io would not accept.
 */
export function crateIndexPath(name: string): string | undefined {
  if (!CRATE_NAME.test(name)) {
    return undefined;
  }
  const lower = name.toLowerCase();
  switch (lower.length) {
    case 1:
      return `/1/${lower}`;
    case 2:
      return `/2/${lower}`;
    case 3:
      return `/3/${lower[0]}/${lower}`;
    default:
      return `/${lower.slice(0, 2)}/${lower.slice(2, 4)}/${lower}`;
  }
}

/**
 * The versions and deprecations of an npm package document (the full one,
 * or the abbreviated one the `application/vnd.npm.install-v1+json` accept
 * header asks for: both have `versions.<v>.deprecated`). A deprecation is a
 * non-empty string; npm's "un-deprecate" sets it to "".
 */
export function parseNpmPackument(
  body: unknown,
  name: string,
): PackageVersionMarks {
  if (!isRecord(body) || !isRecord(body.versions)) {
    throw new Error(`the npm metadata of ${name} has no versions object`);
  }
  if (typeof body.name === 'string' && body.name !== name) {
    throw new Error(
      `the npm metadata asked for ${name} is for another package`,
    );
  }
  const marked: Record<string, string> = {};
  for (const [version, manifest] of Object.entries(body.versions)) {
    if (
      isRecord(manifest) &&
      typeof manifest.deprecated === 'string' &&
      manifest.deprecated.trim() !== ''
    ) {
      marked[version] = manifest.deprecated.trim();
    }
  }
  return { versions: Object.keys(body.versions), marked };
}

/**
 * The versions and yanked flags of a crate's sparse-index file: one JSON
 * object per line (`{"name":"serde","vers":"1.0.0",…,"yanked":false}`).
 * A line that is not such an object makes the whole file unreadable, since
 * the version it describes may be the locked one.
 */
export function parseCrateIndex(
  text: string,
  name: string,
): PackageVersionMarks {
  const versions: string[] = [];
  const marked: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') {
      continue;
    }
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      throw new Error(
        `line ${index + 1} of the index file of ${name} is not JSON`,
      );
    }
    if (
      !isRecord(entry) ||
      typeof entry.vers !== 'string' ||
      typeof entry.name !== 'string' ||
      entry.name.toLowerCase() !== name.toLowerCase()
    ) {
      throw new Error(
        `line ${index + 1} of the index file of ${name} is not a version of it`,
      );
    }
    versions.push(entry.vers);
    if (entry.yanked === true) {
      marked[entry.vers] = 'yanked';
    }
  }
  return { versions, marked };
}

/** Whether `value`, read back from a cache, is a {@link PackageVersionMarks}. */
export function isPackageVersionMarks(
  value: unknown,
): value is PackageVersionMarks {
  return (
    isRecord(value) &&
    Array.isArray(value.versions) &&
    value.versions.every(v => typeof v === 'string') &&
    isRecord(value.marked) &&
    Object.values(value.marked).every(v => typeof v === 'string')
  );
}
