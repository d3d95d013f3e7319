import { addPythonPackage, normalizePythonName } from './python';
import {
  fail,
  isRecord,
  own,
  ParsedLockfile,
  parseToml,
  stringField,
} from './util';

interface UvPackage {
  name: string;
  version: string | undefined;
  source: Record<string, unknown>;
  record: Record<string, unknown>;
}

/** Workspace members and local projects: the project's own code. */
function isLocalProject(source: Record<string, unknown>): boolean {
  return ['virtual', 'editable', 'directory'].some(
    kind => own(source, kind) !== undefined,
  );
}

interface Reference {
  name: string;
  version?: string;
}

/** `{ name, version? }` references of a dependency list or a table of lists. */
function references(value: unknown): Reference[] {
  const lists = Array.isArray(value)
    ? [value]
    : Object.values(isRecord(value) ? value : {});
  const found: Reference[] = [];
  for (const list of lists) {
    for (const dep of Array.isArray(list) ? list : []) {
      const name = isRecord(dep) ? stringField(dep, 'name') : undefined;
      if (!name) continue;
      const version = stringField(dep as Record<string, unknown>, 'version');
      found.push({ name: normalizePythonName(name), version });
    }
  }
  return found;
}

/**
 * Dev-ness from the dependency graph: what the workspace members need at run
 * time (`dependencies`, `optional-dependencies`) is production; what only
 * their `dev-dependencies` (dependency groups) pull in is dev. A package no
 * member reaches keeps an unknown scope.
 */
function scopes(packages: UvPackage[]): Map<UvPackage, boolean> {
  // Indexed by name and by name and version, so each reference resolves in
  // constant time: a hostile lock may hold many packages of one name.
  const byName = new Map<string, UvPackage[]>();
  const byVersion = new Map<string, UvPackage[]>();
  const add = (
    index: Map<string, UvPackage[]>,
    key: string,
    pkg: UvPackage,
  ) => {
    const list = index.get(key);
    if (list) list.push(pkg);
    else index.set(key, [pkg]);
  };
  for (const pkg of packages) {
    add(byName, pkg.name, pkg);
    add(byVersion, `${pkg.name}\u0000${pkg.version ?? ''}`, pkg);
  }
  const reached = new Map<UvPackage, boolean>();
  const walk = (start: Reference[], dev: boolean) => {
    const expanded = new Set<string>();
    const queue = [...start];
    while (queue.length > 0) {
      const ref = queue.pop()!;
      const key =
        ref.version === undefined
          ? ref.name
          : `${ref.name}\u0000${ref.version}`;
      if (expanded.has(key)) continue;
      expanded.add(key);
      const targets =
        (ref.version === undefined ? byName : byVersion).get(key) ?? [];
      for (const pkg of targets) {
        const seen = reached.get(pkg);
        if (seen === false || (seen === true && dev)) continue;
        reached.set(pkg, dev);
        for (const next of runtimeReferences(pkg)) queue.push(next);
      }
    }
  };
  const roots = packages.filter(pkg => isLocalProject(pkg.source));
  walk(roots.flatMap(runtimeReferences), false);
  walk(
    roots.flatMap(root => references(own(root.record, 'dev-dependencies'))),
    true,
  );
  return reached;
}

function runtimeReferences(pkg: UvPackage): Reference[] {
  return [
    ...references(own(pkg.record, 'dependencies')),
    ...references(own(pkg.record, 'optional-dependencies')),
  ];
}

/**
 * uv.lock. The project itself and other workspace members (`virtual`,
 * `editable` or `directory` sources) are left out; every other package is
 * locked, and one without a valid version is unpinned. Scope comes from
 * walking the graph from the members (see {@link scopes}).
 *
 * @internal
 */
export function parseUvLock(content: string): ParsedLockfile {
  const doc = parseToml(content);
  const entries = own(doc, 'package');
  if (typeof own(doc, 'version') !== 'number') {
    fail('not a uv.lock: no version');
  }
  if (entries !== undefined && !Array.isArray(entries)) {
    fail('package is not an array of tables');
  }
  const packages: UvPackage[] = ((entries ?? []) as unknown[]).map(
    (entry, index) => {
      const name = isRecord(entry) ? stringField(entry, 'name') : undefined;
      if (!name) fail(`package #${index + 1} has no name`);
      const record = entry as Record<string, unknown>;
      const source = own(record, 'source');
      return {
        name: normalizePythonName(name),
        version: stringField(record, 'version'),
        source: isRecord(source) ? source : {},
        record,
      };
    },
  );
  const scope = scopes(packages);
  const result: ParsedLockfile = { packages: [], unpinned: [] };
  for (const pkg of packages) {
    if (isLocalProject(pkg.source)) continue;
    addPythonPackage(result, pkg.name, pkg.version, scope.get(pkg));
  }
  return result;
}
