import { createHash } from 'node:crypto';
import { packageKey, type PackageQuery } from '../../advisories';
import {
  type Ecosystem,
  type LockedPackage,
  isLockfile,
  type LockfileParseResult,
  selectLockfiles,
} from '../../lockfiles';
import type { RepositorySnapshot } from '../../repository';
import type { ParsedLockfiles, RepositoryFacts } from './repositoryFacts';

/**
 * Bumped when parsing or the stored shapes change, so results stored by an
 * older version are never reused: they are simply not found.
 */
const INVENTORY_VERSION = 'v1';

/**
 * Where one parse result is stored: the sha256 of the lockfile's bytes, and
 * the format its name selects (requirements files keep their whole path,
 * since their `-r` includes are resolved from it).
 *
 * @public
 */
export interface LockfileKey {
  /** sha256 of the lockfile's bytes, hex. */
  contentHash: string;
  /** The parser's input name, with the inventory version. */
  format: string;
}

/**
 * One lockfile's parse result without its path, stored once however many
 * repositories and revisions hold the same bytes.
 *
 * @public
 */
export interface StoredLockfile {
  packages: Array<{
    ecosystem: Ecosystem;
    name: string;
    version: string;
    dev?: boolean;
    license?: string;
  }>;
  /** Names of requirements with no locked version. */
  unpinned: string[];
  includes?: string[];
  /** Why the file could not be read, without the `could not read <path>: ` prefix. */
  error?: string;
}

/**
 * The stored inventory of one repository revision: its facts with the
 * lockfile packages left out (they live in the stored lockfiles, listed in
 * order) and the etag to read it conditionally next time.
 *
 * @public
 */
export interface StoredRepositoryRevision {
  /** Absent for local directories, which are read whole every time. */
  etag?: string;
  /** The facts, with `lockfiles.packages` empty and no `lockfiles.parsed`. */
  facts: RepositoryFacts;
  /** The lockfiles whose packages the facts hold, in their order. */
  lockfiles: Array<{ path: string } & LockfileKey>;
}

/**
 * Where the repository collector keeps parsed inventories between cycles:
 * the backend's database. The CLI has none and reads every time.
 *
 * @public
 */
export interface RepositoryInventoryStore {
  /**
   * The latest revision stored under a repository's key, if any; with an
   * `entityRef`, the store remembers that the entity reads it.
   */
  getRevision(
    key: string,
    options?: { entityRef?: string },
  ): Promise<StoredRepositoryRevision | undefined>;
  /**
   * Replaces the stored revision of a repository; with an `entityRef`, the
   * store remembers that the entity reads it.
   */
  saveRevision(
    key: string,
    revision: StoredRepositoryRevision,
    options?: { entityRef?: string },
  ): Promise<void>;
  /** The stored lockfiles among `keys`, by {@link lockfileKeyId}. */
  getLockfiles(keys: LockfileKey[]): Promise<Map<string, StoredLockfile>>;
  /** Stores parse results; a key already stored keeps its result. */
  saveLockfiles(
    lockfiles: Array<{ key: LockfileKey; lockfile: StoredLockfile }>,
  ): Promise<void>;
  /** The distinct lockfiles the stored revisions of `revisionKeys` hold. */
  listLockfileKeys(revisionKeys: string[]): Promise<LockfileKey[]>;
}

/**
 * A one-string form of a {@link LockfileKey}, for maps.
 *
 * @public
 */
export function lockfileKeyId(key: LockfileKey): string {
  return `${key.contentHash}/${key.format}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The stored-lockfile key of one file of a snapshot. Only requirements
 * files have includes, resolved from their path, and only files of other
 * names give an error that names no format: both keep their whole path.
 */
export function lockfileKeyOf(path: string, content: string): LockfileKey {
  const base = path.split('/').pop() ?? path;
  const byName = isLockfile(path) && !base.endsWith('.txt');
  return {
    contentHash: sha256(content),
    format: `${INVENTORY_VERSION}:${byName ? base : path}`,
  };
}

/**
 * The key of a repository's stored revision: its location and everything
 * that decides which files are read and how (exclusions, patterns,
 * limits), so a changed setting reads the repository again.
 */
export function revisionKeyOf(location: string, settings: unknown): string {
  return sha256(JSON.stringify([INVENTORY_VERSION, location, settings]));
}

function toParseResult(
  path: string,
  stored: StoredLockfile,
): LockfileParseResult {
  return {
    file: path,
    packages: stored.packages.map(pkg => ({
      ...pkg,
      dev: pkg.dev,
      path,
    })),
    unpinned: stored.unpinned.map(name => ({ file: path, name })),
    ...(stored.includes ? { includes: stored.includes } : {}),
    ...(stored.error
      ? { error: `could not read ${path}: ${stored.error}` }
      : {}),
  };
}

function groupByPath(packages: LockedPackage[]) {
  const byPath = new Map<string, LockedPackage[]>();
  for (const pkg of packages) {
    const list = byPath.get(pkg.path);
    if (list) list.push(pkg);
    else byPath.set(pkg.path, [pkg]);
  }
  return byPath;
}

/**
 * The lockfiles of a snapshot already stored by content, as the analysis
 * takes them, with the key of every lockfile in it.
 */
export async function findParsedLockfiles(
  snapshot: RepositorySnapshot,
  inventory: RepositoryInventoryStore,
): Promise<{ parsed: ParsedLockfiles; keys: Map<string, LockfileKey> }> {
  const keys = new Map<string, LockfileKey>();
  for (const path of selectLockfiles([...snapshot.files.keys()])) {
    keys.set(path, lockfileKeyOf(path, snapshot.files.get(path)!));
  }
  const stored = await inventory.getLockfiles([...keys.values()]);
  const parsed: ParsedLockfiles = {};
  for (const [path, key] of keys) {
    const lockfile = stored.get(lockfileKeyId(key));
    if (lockfile) {
      parsed[path] = toParseResult(path, lockfile);
    }
  }
  return { parsed, keys };
}

/**
 * Splits freshly computed facts into what is stored once per lockfile
 * content and the revision that refers to them.
 */
export function toStoredInventory(
  facts: RepositoryFacts,
  snapshot: RepositorySnapshot,
  found: Map<string, LockfileKey>,
):
  | {
      revision: StoredRepositoryRevision;
      lockfiles: Array<{ key: LockfileKey; lockfile: StoredLockfile }>;
    }
  | undefined {
  const keys = new Map(found);
  const keyOf = (path: string) => {
    let key = keys.get(path);
    const content = snapshot.files.get(path);
    if (!key && content !== undefined) {
      key = lockfileKeyOf(path, content);
      keys.set(path, key);
    }
    return key;
  };
  const byPath = groupByPath(facts.lockfiles.packages);
  const lockfiles: Array<{ key: LockfileKey; lockfile: StoredLockfile }> = [];
  const prefix = (path: string) => `could not read ${path}: `;
  for (const { path, includes, error } of facts.lockfiles.parsed ?? []) {
    const key = keyOf(path);
    if (!key) continue;
    lockfiles.push({
      key,
      lockfile: {
        packages: (byPath.get(path) ?? []).map(
          ({ ecosystem, name, version, dev, license }) => ({
            ecosystem,
            name,
            version,
            ...(dev === undefined ? {} : { dev }),
            ...(license ? { license } : {}),
          }),
        ),
        unpinned: facts.lockfiles.unpinned
          .filter(u => u.file === path)
          .map(u => u.name),
        ...(includes ? { includes } : {}),
        ...(error
          ? {
              error: error.startsWith(prefix(path))
                ? error.slice(prefix(path).length)
                : error,
            }
          : {}),
      },
    });
  }
  // Every lockfile whose packages the facts list, parsed now or before.
  const held = [...byPath.keys()];
  if (!held.every(path => keyOf(path))) {
    // Not from a file of the snapshot: storing would lose its packages.
    return undefined;
  }
  const { parsed: _parsed, ...rest } = facts.lockfiles;
  return {
    revision: {
      ...(snapshot.etag ? { etag: snapshot.etag } : {}),
      facts: { ...facts, lockfiles: { ...rest, packages: [] } },
      lockfiles: held.map(path => ({ path, ...keys.get(path)! })),
    },
    lockfiles,
  };
}

/**
 * The facts of a stored revision, with the packages of its stored
 * lockfiles back in; undefined when one of them is gone (the repository is
 * read again).
 */
export async function restoreFacts(
  revision: StoredRepositoryRevision,
  inventory: RepositoryInventoryStore,
): Promise<RepositoryFacts | undefined> {
  const stored = await inventory.getLockfiles(revision.lockfiles);
  const packages: LockedPackage[] = [];
  for (const { path, ...key } of revision.lockfiles) {
    const lockfile = stored.get(lockfileKeyId(key));
    if (!lockfile) {
      return undefined;
    }
    for (const pkg of toParseResult(path, lockfile).packages) {
      packages.push(pkg);
    }
  }
  return {
    ...revision.facts,
    lockfiles: { ...revision.facts.lockfiles, packages },
  };
}

/**
 * The unique (ecosystem, name, version) of the stored inventories of
 * `revisionKeys`: what an advisory pre-pass asks once for a whole cycle.
 * Lockfiles are loaded a page at a time, so only the set stays in memory.
 */
export async function uniqueStoredPackages(
  inventory: RepositoryInventoryStore,
  revisionKeys: string[],
  pageSize = 500,
): Promise<PackageQuery[]> {
  const unique = new Map<string, PackageQuery>();
  const keys = await inventory.listLockfileKeys(revisionKeys);
  for (let i = 0; i < keys.length; i += pageSize) {
    const page = await inventory.getLockfiles(keys.slice(i, i + pageSize));
    for (const lockfile of page.values()) {
      for (const { ecosystem, name, version } of lockfile.packages) {
        const query = { ecosystem, name, version };
        const key = packageKey(query);
        if (!unique.has(key)) unique.set(key, query);
      }
    }
  }
  return [...unique.values()];
}
