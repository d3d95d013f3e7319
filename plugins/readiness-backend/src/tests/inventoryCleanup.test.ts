import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  lockfileKeyId,
  type RepositoryFacts,
  type StoredLockfile,
} from '@readiness/plugin-readiness-node';
import { claudeFlow } from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { createTestService } from '../__testUtils__/testService';
import { createInventoryStore } from '../database';

jest.setTimeout(60_000);

const T0 = new Date('2026-11-24T10:00:00.000Z');
const daysLater = (days: number) => new Date(T0.getTime() + days * 86_400_000);

const facts = {
  lockfiles: { packages: [], unpinned: [], unreadable: [] },
  files: {},
  todoMarkers: { value: { count: 0, files: 0 } },
  pipeline: { exists: false },
} as unknown as RepositoryFacts;
const lockfile: StoredLockfile = {
  packages: [{ ecosystem: 'npm', name: 'left-pad', version: '1.3.0' }],
  unpinned: [],
};
const key = (c: string) => ({
  contentHash: c.repeat(64),
  format: 'v1:package-lock.json',
});
const onlyGone = key('a');
const shared = key('b');
const onlyOld = key('c');
const monorepo = key('d');
const named = (name: string) => ({
  ...claudeFlow,
  metadata: { name, namespace: 'default' },
});

describe('cleanup of stored inventories', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'deletes the revisions only entities gone from the catalog or no entity reads, then the lockfiles no revision holds, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      let clock = T0;
      const { store, service } = await createTestService(knex, {
        now: () => clock,
      });
      const inventory = createInventoryStore(knex, { now: () => clock });
      const revision = (...keys: Array<typeof shared>) => ({
        etag: 'e',
        facts,
        lockfiles: keys.map(k => ({ path: 'package-lock.json', ...k })),
      });

      const sibling = named('sibling');
      const gone = named('gone');
      const goneWithSibling = named('gone-with-sibling');
      for (const entity of [claudeFlow, sibling, gone, goneWithSibling]) {
        await service.evaluate(entity);
      }
      await inventory.saveLockfiles(
        [onlyGone, shared, onlyOld, monorepo].map(k => ({ key: k, lockfile })),
      );
      await inventory.saveRevision('kept', revision(shared), {
        entityRef: stringifyEntityRef(claudeFlow),
      });
      await inventory.saveRevision('gone', revision(onlyGone, shared), {
        entityRef: stringifyEntityRef(gone),
      });
      // Read by claude-flow before its settings changed; claude-flow now
      // reads `kept`.
      await inventory.saveRevision('old', revision(onlyOld));
      // Two components of one repository: the sibling read it unchanged.
      await inventory.saveRevision('monorepo', revision(monorepo), {
        entityRef: stringifyEntityRef(goneWithSibling),
      });
      expect(
        await inventory.getRevision('monorepo', {
          entityRef: stringifyEntityRef(sibling),
        }),
      ).toBeDefined();

      clock = daysLater(10);
      // Stored moments ago and read by no entity yet: kept.
      await inventory.saveRevision('recent', revision(onlyOld));
      await store.markSeenInCatalog(
        [claudeFlow, sibling].map(entity => stringifyEntityRef(entity)),
        { now: clock },
      );
      await service.cleanup();

      expect(await inventory.getRevision('gone')).toBeUndefined();
      expect(await inventory.getRevision('old')).toBeUndefined();
      for (const kept of ['kept', 'monorepo', 'recent']) {
        expect(await inventory.getRevision(kept)).toBeDefined();
      }
      const left = await inventory.getLockfiles([
        onlyGone,
        shared,
        onlyOld,
        monorepo,
      ]);
      expect([...left.keys()].sort()).toEqual(
        [shared, onlyOld, monorepo].map(lockfileKeyId).sort(),
      );
      const orphanRows = await knex('readiness_repository_lockfiles')
        .whereIn('revision_key', ['gone', 'old'])
        .count({ n: '*' });
      expect(Number(orphanRows[0].n)).toBe(0);
    },
  );
});
