import semver from 'semver';
import {
  beforeFirst,
  fail,
  isRecord,
  own,
  ParsedLockfile,
  parseYamlMapping,
  stringField,
} from './util';

/** Versions never contain `_` or `(`: what follows is a peer-dependency suffix. */
function stripPeers(version: string): string {
  return beforeFirst(version, /[_(]/);
}

/**
 * `name` and `version` from a `packages` key: `/name/version_peers` (5.x),
 * `/name@version(peers)` (6.x), `name@version(peers)` (9.x); scoped names
 * keep their leading `@`.
 */
function splitKey(
  key: string,
  major: number,
): { name: string; version: string } | undefined {
  const bare = key.startsWith('/') ? key.slice(1) : key;
  if (major < 6) {
    const parts = bare.split('/');
    const scoped = parts[0].startsWith('@');
    const nameParts = scoped ? 2 : 1;
    if (parts.length !== nameParts + 1) return undefined;
    return {
      name: parts.slice(0, nameParts).join('/'),
      version: stripPeers(parts[nameParts]),
    };
  }
  const at = bare.indexOf('@', 1);
  if (at <= 0) return undefined;
  return { name: bare.slice(0, at), version: stripPeers(bare.slice(at + 1)) };
}

/**
 * The base keys (`name@version`, no peer suffix) reachable from the
 * importers' production and development dependencies, through the 9.x
 * `snapshots` graph.
 */
function reachability(
  doc: Record<string, unknown>,
): { prod: Set<string>; dev: Set<string> } | undefined {
  const importers = own(doc, 'importers');
  const snapshots = own(doc, 'snapshots');
  if (!isRecord(importers) || !isRecord(snapshots)) return undefined;

  const target = (name: string, version: unknown): string | undefined => {
    const ref =
      isRecord(version) && typeof own(version, 'version') === 'string'
        ? (own(version, 'version') as string)
        : version;
    if (typeof ref !== 'string' || /^(link|file):/.test(ref)) return undefined;
    // An aliased dependency points at `real-name@version` directly.
    return /^\d/.test(ref) ? `${name}@${ref}` : ref;
  };
  const walk = (roots: string[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length > 0) {
      const key = stack.pop()!;
      if (seen.has(key)) continue;
      seen.add(key);
      const snapshot = own(snapshots, key);
      if (!isRecord(snapshot)) continue;
      for (const field of ['dependencies', 'optionalDependencies']) {
        const deps = own(snapshot, field);
        if (!isRecord(deps)) continue;
        for (const [name, version] of Object.entries(deps)) {
          const next = target(name, version);
          if (next) stack.push(next);
        }
      }
    }
    return new Set([...seen].map(stripPeers));
  };
  const roots = { prod: [] as string[], dev: [] as string[] };
  for (const importer of Object.values(importers)) {
    if (!isRecord(importer)) continue;
    for (const [field, kind] of [
      ['dependencies', 'prod'],
      ['optionalDependencies', 'prod'],
      ['devDependencies', 'dev'],
    ] as const) {
      const deps = own(importer, field);
      if (!isRecord(deps)) continue;
      for (const [name, version] of Object.entries(deps)) {
        const root = target(name, version);
        if (root) roots[kind].push(root);
      }
    }
  }
  return { prod: walk(roots.prod), dev: walk(roots.dev) };
}

/**
 * pnpm-lock.yaml 5.x, 6.x and 9.x. Peer suffixes are stripped from versions.
 * Dev-ness comes from the `dev` flag in 5.x and 6.x (pnpm omits it when a
 * package is both, which counts as production) and, in 9.x, from walking the
 * importers' dependencies through `snapshots`; a package no importer reaches
 * gets `undefined`. Local (`link:`, `file:`) packages are left out.
 *
 * @internal
 */
export function parsePnpmLock(content: string): ParsedLockfile {
  const doc = parseYamlMapping(content);
  const lockfileVersion = own(doc, 'lockfileVersion');
  const major = parseFloat(String(lockfileVersion));
  if (lockfileVersion === undefined || !Number.isFinite(major)) {
    fail('not a pnpm lockfile: no lockfileVersion');
  }
  const packagesMap = own(doc, 'packages') ?? {};
  if (!isRecord(packagesMap)) fail('packages is not a mapping');
  const reach = major >= 9 ? reachability(doc) : undefined;
  const result: ParsedLockfile = { packages: [], unpinned: [] };
  for (const [key, value] of Object.entries(packagesMap)) {
    const entry = value ?? {};
    if (!isRecord(entry)) fail(`package "${key}" is not a mapping`);
    const fromKey = splitKey(key, major);
    const name = stringField(entry, 'name') ?? fromKey?.name;
    const version = stringField(entry, 'version') ?? fromKey?.version;
    if (!name) fail(`package "${key}" has no name`);
    const resolution = own(entry, 'resolution');
    if (
      /^(link|file):/.test(fromKey?.version ?? '') ||
      (isRecord(resolution) && own(resolution, 'directory') !== undefined)
    ) {
      continue;
    }
    if (!version || !semver.valid(version)) {
      result.unpinned.push(name);
      continue;
    }
    let dev: boolean | undefined;
    if (major < 9) {
      dev = own(entry, 'dev') === true;
    } else if (reach) {
      const base = `${name}@${version}`;
      const baseFromKey = fromKey ? `${fromKey.name}@${fromKey.version}` : '';
      if (reach.prod.has(base) || reach.prod.has(baseFromKey)) dev = false;
      else if (reach.dev.has(base) || reach.dev.has(baseFromKey)) dev = true;
    }
    result.packages.push({ name, version, dev });
  }
  return result;
}
