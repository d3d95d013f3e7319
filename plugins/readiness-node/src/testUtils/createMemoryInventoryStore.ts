import {
  lockfileKeyId,
  type LockfileKey,
  type RepositoryInventoryStore,
  type StoredLockfile,
  type StoredRepositoryRevision,
} from '@readiness/plugin-readiness-node';

/**
 * A `RepositoryInventoryStore` in Maps, for collector tests: what the
 * backend keeps in its database, with the stored entries exposed so a test
 * can see what was stored once.
 *
 * @public
 */
export function createMemoryInventoryStore(): RepositoryInventoryStore & {
  revisions: Map<string, StoredRepositoryRevision>;
  lockfiles: Map<string, StoredLockfile>;
} {
  const revisions = new Map<string, StoredRepositoryRevision>();
  const lockfiles = new Map<string, StoredLockfile>();
  // Stored as the database stores them: JSON, so nothing is shared.
  const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));
  return {
    revisions,
    lockfiles,
    async getRevision(key) {
      const revision = revisions.get(key);
      return revision && copy(revision);
    },
    async saveRevision(key, revision) {
      revisions.set(key, copy(revision));
    },
    async getLockfiles(keys) {
      const found = new Map<string, StoredLockfile>();
      for (const key of keys) {
        const lockfile = lockfiles.get(lockfileKeyId(key));
        if (lockfile) found.set(lockfileKeyId(key), copy(lockfile));
      }
      return found;
    },
    async saveLockfiles(entries) {
      for (const { key, lockfile } of entries) {
        if (!lockfiles.has(lockfileKeyId(key))) {
          lockfiles.set(lockfileKeyId(key), copy(lockfile));
        }
      }
    },
    async listLockfileKeys(revisionKeys) {
      const keys = new Map<string, LockfileKey>();
      for (const revisionKey of revisionKeys) {
        for (const { path: _path, ...key } of revisions.get(revisionKey)
          ?.lockfiles ?? []) {
          keys.set(lockfileKeyId(key), key);
        }
      }
      return [...keys.values()];
    },
  };
}
