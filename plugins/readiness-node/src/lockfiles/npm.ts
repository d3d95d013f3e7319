import semver from 'semver';
import {
  fail,
  isRecord,
  jsonObject,
  own,
  ParsedLockfile,
  RawPackage,
} from './util';

const NODE_MODULES = 'node_modules/';

/**
 * Reads an npm version specifier as locked in a lockfile: an exact version,
 * or `npm:<real-name>@<version>` for an aliased dependency. Local folders
 * (`file:`, `link:`) are `local`; anything else (git, tarball URLs) has no
 * version an advisory can be matched against.
 */
function lockedVersion(
  name: string,
  version: string,
): { name: string; version: string } | 'local' | 'unpinned' {
  if (/^(file|link|workspace):/.test(version)) return 'local';
  const alias = /^npm:((?:@[^/@]+\/)?[^/@]+)@(.+)$/.exec(version);
  if (alias) return lockedVersion(alias[1], alias[2]);
  return semver.valid(version) ? { name, version } : 'unpinned';
}

/**
 * package-lock.json and npm-shrinkwrap.json. v2 and v3 are read from the
 * `packages` map (keyed by install path); v1 from the nested `dependencies`
 * tree. `dev` is `true` only for packages npm marks as dev-only; optional and
 * dev-optional packages can be installed in production, so they count as
 * production.
 *
 * @internal
 */
export function parsePackageLock(content: string): ParsedLockfile {
  const doc = jsonObject(content);
  const lockfileVersion = own(doc, 'lockfileVersion');
  const packagesMap = own(doc, 'packages');
  const dependencies = own(doc, 'dependencies');
  if (
    typeof lockfileVersion !== 'number' &&
    !isRecord(packagesMap) &&
    !isRecord(dependencies)
  ) {
    fail('not a package lock: no lockfileVersion, packages or dependencies');
  }
  const result: ParsedLockfile = { packages: [], unpinned: [] };
  if (isRecord(packagesMap)) {
    readPackagesMap(packagesMap, result);
  } else if (dependencies !== undefined) {
    if (!isRecord(dependencies)) fail('dependencies is not an object');
    readDependencyTree(dependencies, result);
  }
  return result;
}

function readPackagesMap(
  packagesMap: Record<string, unknown>,
  result: ParsedLockfile,
): void {
  for (const [key, entry] of Object.entries(packagesMap)) {
    if (!isRecord(entry)) fail(`packages["${key}"] is not an object`);
    // The root ("") and workspace folders ("packages/a") are the project itself.
    const at = key.lastIndexOf(NODE_MODULES);
    if (at === -1 || own(entry, 'link') === true) continue;
    const declared = own(entry, 'name');
    const name =
      typeof declared === 'string' && declared
        ? declared
        : key.slice(at + NODE_MODULES.length);
    if (!name) fail(`packages["${key}"] has no package name`);
    const version = own(entry, 'version');
    const resolved = own(entry, 'resolved');
    if (typeof version !== 'string' || !version) {
      if (typeof resolved === 'string' && /^(file|link):/.test(resolved)) {
        continue;
      }
      result.unpinned.push(name);
      continue;
    }
    // npm 7 and later copy each package's `license` into the lockfile.
    const license = own(entry, 'license');
    addLocked(name, version, own(entry, 'dev') === true, result, {
      license: typeof license === 'string' ? license : undefined,
    });
  }
}

function readDependencyTree(
  root: Record<string, unknown>,
  result: ParsedLockfile,
): void {
  // An explicit stack: nesting depth is controlled by the file.
  const stack: Array<[string, unknown]> = Object.entries(root);
  while (stack.length > 0) {
    const [name, entry] = stack.pop()!;
    if (!isRecord(entry)) fail(`dependency "${name}" is not an object`);
    const version = own(entry, 'version');
    if (typeof version !== 'string' || !version) {
      fail(`dependency "${name}" has no version`);
    }
    addLocked(name, version, own(entry, 'dev') === true, result);
    const nested = own(entry, 'dependencies');
    if (nested === undefined) continue;
    if (!isRecord(nested)) fail(`dependencies of "${name}" is not an object`);
    for (const child of Object.entries(nested)) stack.push(child);
  }
}

function addLocked(
  name: string,
  version: string,
  dev: boolean,
  result: ParsedLockfile,
  extra: { license?: string } = {},
): void {
  const locked = lockedVersion(name, version);
  if (locked === 'local') return;
  if (locked === 'unpinned') {
    result.unpinned.push(name);
    return;
  }
  const pkg: RawPackage = {
    ...locked,
    dev,
    ...(extra.license?.trim() ? { license: extra.license.trim() } : {}),
  };
  result.packages.push(pkg);
}
