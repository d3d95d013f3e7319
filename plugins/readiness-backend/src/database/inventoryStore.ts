import type {
  LockfileKey,
  RepositoryInventoryStore,
  StoredLockfile,
  StoredRepositoryRevision,
} from '@readiness/plugin-readiness-node';
import { lockfileKeyId } from '@readiness/plugin-readiness-node';
import type { Knex } from 'knex';

/** Under SQLite's 999 bound variables per statement, whatever the row width. */
const CHUNK = 150;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

/**
 * The repository collector's stored inventory: the latest revision read of
 * each repository, and each lockfile's parse result once per content.
 *
 * @internal
 */
export function createInventoryStore(
  db: Knex,
  options: { now?: () => Date } = {},
): RepositoryInventoryStore & {
  /** Deletes parse results no stored revision refers to any more. */
  deleteUnreferencedLockfiles(): Promise<number>;
} {
  const now = options.now ?? (() => new Date());
  return {
    async getRevision(key, reader) {
      const entityRef = reader?.entityRef;
      const row = await db('readiness_repository_revisions as r')
        .where({ 'r.revision_key': key })
        .modify(query => {
          if (entityRef) {
            // Whether the entity is known to read it, in the same query.
            query.leftJoin('readiness_revision_entities as e', join =>
              join
                .on('e.revision_key', 'r.revision_key')
                .andOn('e.entity_ref', db.raw('?', [entityRef])),
            );
          }
        })
        .first(
          'r.etag',
          'r.facts',
          ...(entityRef ? ['e.entity_ref as reader'] : []),
        );
      if (!row) {
        return undefined;
      }
      if (entityRef && !row.reader) {
        await linkEntity(db, entityRef, key);
      }
      const lockfiles = await db('readiness_repository_lockfiles')
        .where({ revision_key: key })
        .orderBy('position')
        .select('path', 'content_hash', 'format');
      return {
        ...(row.etag ? { etag: row.etag } : {}),
        facts: JSON.parse(row.facts),
        lockfiles: lockfiles.map(l => ({
          path: l.path,
          contentHash: l.content_hash,
          format: l.format,
        })),
      };
    },

    async saveRevision(key, revision: StoredRepositoryRevision, reader) {
      await db.transaction(async tx => {
        if (reader?.entityRef) {
          await linkEntity(tx, reader.entityRef, key);
        }
        const previous = await tx('readiness_repository_lockfiles')
          .where({ revision_key: key })
          .distinct('content_hash', 'format')
          // One order for every instance, so two deleting the same rows
          // never wait on each other in a cycle.
          .orderBy(['content_hash', 'format']);
        await tx('readiness_repository_revisions')
          .insert({
            revision_key: key,
            etag: revision.etag ?? null,
            facts: JSON.stringify(revision.facts),
            fetched_at: now(),
          })
          .onConflict('revision_key')
          .merge();
        await tx('readiness_repository_lockfiles')
          .where({ revision_key: key })
          .delete();
        const rows = revision.lockfiles.map((l, position) => ({
          revision_key: key,
          position,
          path: l.path,
          content_hash: l.contentHash,
          format: l.format,
        }));
        for (const chunk of chunks(rows)) {
          await tx('readiness_repository_lockfiles').insert(chunk);
        }
        // The lockfiles only the replaced revision held go with it. One
        // stored by another instance and not yet referenced may go too:
        // its repository then finds it missing and is read again.
        for (const { content_hash, format } of previous) {
          await unreferenced(tx).where({ content_hash, format }).delete();
        }
      });
    },

    async getLockfiles(keys) {
      const wanted = new Set(keys.map(lockfileKeyId));
      const hashes = [...new Set(keys.map(k => k.contentHash))];
      const found = new Map<string, StoredLockfile>();
      for (const chunk of chunks(hashes)) {
        const rows = await db('readiness_lockfiles')
          .whereIn('content_hash', chunk)
          .select('content_hash', 'format', 'lockfile');
        for (const row of rows) {
          const id = lockfileKeyId({
            contentHash: row.content_hash,
            format: row.format,
          });
          if (wanted.has(id)) {
            found.set(id, JSON.parse(row.lockfile));
          }
        }
      }
      return found;
    },

    async saveLockfiles(lockfiles) {
      const rows = lockfiles.map(({ key, lockfile }) => ({
        content_hash: key.contentHash,
        format: key.format,
        lockfile: JSON.stringify(lockfile),
        created_at: now(),
      }));
      for (const chunk of chunks(rows)) {
        // The same bytes parse the same: whoever stored them first wins.
        await db('readiness_lockfiles')
          .insert(chunk)
          .onConflict(['content_hash', 'format'])
          .ignore();
      }
    },

    async listLockfileKeys(revisionKeys) {
      const keys = new Map<string, LockfileKey>();
      for (const chunk of chunks([...new Set(revisionKeys)])) {
        const rows = await db('readiness_repository_lockfiles')
          .whereIn('revision_key', chunk)
          .distinct('content_hash', 'format');
        for (const row of rows) {
          const key = { contentHash: row.content_hash, format: row.format };
          keys.set(lockfileKeyId(key), key);
        }
      }
      return [...keys.values()];
    },

    deleteUnreferencedLockfiles: () => deleteUnreferencedLockfiles(db),
  };
}

/** Records that the entity reads the revision (and no other). */
async function linkEntity(db: Knex, entityRef: string, revisionKey: string) {
  await db('readiness_revision_entities')
    .insert({ entity_ref: entityRef, revision_key: revisionKey })
    .onConflict('entity_ref')
    .merge();
}

/**
 * Deletes the stored revisions no entity reads and not fetched since
 * `fetchedBefore`, with their lockfile lists; a revision deleted while
 * still in use costs its repository one full read. Returns how many went.
 *
 * @internal
 */
export async function deleteUnreadRevisions(
  db: Knex,
  options: { fetchedBefore: Date },
): Promise<number> {
  return db.transaction(async tx => {
    const keys: string[] = (
      await tx('readiness_repository_revisions')
        .where('fetched_at', '<', options.fetchedBefore)
        .whereNotExists(
          tx('readiness_revision_entities').whereRaw(
            'readiness_revision_entities.revision_key = readiness_repository_revisions.revision_key',
          ),
        )
        .select('revision_key')
    ).map(row => row.revision_key);
    for (const chunk of chunks(keys)) {
      await tx('readiness_repository_lockfiles')
        .whereIn('revision_key', chunk)
        .delete();
      await tx('readiness_repository_revisions')
        .whereIn('revision_key', chunk)
        .delete();
    }
    return keys.length;
  });
}

/**
 * Deletes parse results no stored revision refers to any more.
 *
 * @internal
 */
export async function deleteUnreferencedLockfiles(db: Knex): Promise<number> {
  return unreferenced(db).delete();
}

/** Stored lockfiles no stored revision refers to. */
function unreferenced(db: Knex) {
  return db('readiness_lockfiles').whereNotExists(
    db('readiness_repository_lockfiles')
      .whereRaw(
        'readiness_repository_lockfiles.content_hash = readiness_lockfiles.content_hash',
      )
      .whereRaw(
        'readiness_repository_lockfiles.format = readiness_lockfiles.format',
      ),
  );
}
