import {
  parse as parseJsonc,
  ParseError,
  printParseErrorCode,
} from 'jsonc-parser';
import semver from 'semver';
import { fail, isRecord, lineAt, own, ParsedLockfile } from './util';

function parseBunJsonc(content: string): Record<string, unknown> {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(content, errors, {
    allowTrailingComma: true,
    disallowComments: false,
  });
  const [error] = errors;
  if (error) {
    fail(
      `invalid JSONC at line ${lineAt(content, error.offset)} (${printParseErrorCode(error.error)})`,
    );
  }
  if (!isRecord(value)) fail('expected a JSON object at the top level');
  return value;
}

// Sources that are not a registry release: local code (workspace, link,
// file, root) and git checkouts, which no advisory range describes.
const LOCAL_OR_GIT =
  /^(workspace|link|file|root|portal|github|gitlab|bitbucket|git\+[a-z]+|git):/;

const RUNTIME_FIELDS = [
  'dependencies',
  'optionalDependencies',
  'peerDependencies',
] as const;

/** The dependency names an entry or workspace lists under `fields`. */
function dependencyNames(record: unknown, fields: readonly string[]): string[] {
  if (!isRecord(record)) return [];
  return fields.flatMap(field => {
    const deps = own(record, field);
    return isRecord(deps) ? Object.keys(deps) : [];
  });
}

/** The name a package is installed under: the last name of its key path. */
function installedName(key: string): string {
  const parts = key.split('/');
  const last = parts[parts.length - 1];
  const scope = parts[parts.length - 2];
  return scope?.startsWith('@') ? `${scope}/${last}` : last;
}

/**
 * Dev-ness by installed name: names the workspaces' runtime dependencies
 * reach are production, names only their devDependencies reach are dev.
 * Reaching by name, not by resolved copy, can only overstate production.
 */
function scopesByName(
  workspaces: unknown,
  entries: Record<string, unknown>,
): (name: string) => boolean | undefined {
  const depsByName = new Map<string, string[]>();
  for (const [key, entry] of Object.entries(entries)) {
    const meta = Array.isArray(entry) ? entry.find(isRecord) : undefined;
    const name = installedName(key);
    const deps = depsByName.get(name) ?? [];
    // Loops, not spreads: a hostile entry may list any number of names.
    for (const dep of dependencyNames(meta, RUNTIME_FIELDS)) deps.push(dep);
    depsByName.set(name, deps);
  }
  const reach = (start: string[]) => {
    const reached = new Set<string>();
    const queue = [...start];
    while (queue.length > 0) {
      const name = queue.pop()!;
      if (reached.has(name)) continue;
      reached.add(name);
      for (const dep of depsByName.get(name) ?? []) queue.push(dep);
    }
    return reached;
  };
  const members = Object.values(isRecord(workspaces) ? workspaces : {});
  const runtime = reach(
    members.flatMap(member => dependencyNames(member, RUNTIME_FIELDS)),
  );
  const dev = reach(
    members.flatMap(member => dependencyNames(member, ['devDependencies'])),
  );
  return name => {
    if (runtime.has(name)) return false;
    return dev.has(name) ? true : undefined;
  };
}

/**
 * bun.lock, Bun's text lockfile (JSONC: trailing commas). Each `packages`
 * value starts with `name@version`; the key is the install path, so the
 * name comes from the value (it differs for aliases). Workspace, link, file
 * and git entries are left out; a tarball URL or any other non-version is
 * unpinned. Scope comes from the workspaces' dependency lists (see
 * {@link scopesByName}).
 *
 * @internal
 */
export function parseBunLock(content: string): ParsedLockfile {
  const doc = parseBunJsonc(content);
  if (typeof own(doc, 'lockfileVersion') !== 'number') {
    fail('not a bun.lock: no lockfileVersion');
  }
  const entries = own(doc, 'packages') ?? {};
  if (!isRecord(entries)) fail('packages is not an object');
  const scope = scopesByName(own(doc, 'workspaces'), entries);
  const result: ParsedLockfile = { packages: [], unpinned: [] };
  for (const [key, entry] of Object.entries(entries)) {
    const spec = Array.isArray(entry) ? entry[0] : undefined;
    if (typeof spec !== 'string')
      fail(`packages["${key}"] has no name@version`);
    const at = spec.indexOf('@', 1);
    const name = at > 0 ? spec.slice(0, at) : '';
    const version = at > 0 ? spec.slice(at + 1) : '';
    if (!name) fail(`packages["${key}"] has no name@version`);
    if (LOCAL_OR_GIT.test(version)) continue;
    if (semver.valid(version)) {
      result.packages.push({ name, version, dev: scope(installedName(key)) });
    } else {
      result.unpinned.push(name);
    }
  }
  return result;
}
