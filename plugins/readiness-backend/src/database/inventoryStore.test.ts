import { mockServices } from '@backstage/backend-test-utils';
import type {
  RepositoryFacts,
  StoredLockfile,
} from '@readiness/plugin-readiness-node';
import type { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';
import { createInventoryStore } from './inventoryStore';

jest.setTimeout(60_000);

const facts: RepositoryFacts = {
  lockfiles: {
    packages: [],
    unpinned: [{ file: 'requirements.txt', name: 'requests' }],
    unreadable: [],
  },
  files: {
    readme: true,
    docs: false,
    runbook: false,
    securityPolicy: false,
    dependencyUpdates: false,
    codeowners: true,
    testFiles: 3,
  },
  todoMarkers: { value: { count: 2, files: 1 } },
  pipeline: { exists: false },
};

const lodash: StoredLockfile = {
  packages: [
    { ecosystem: 'npm', name: 'lodash', version: '4.17.20', dev: false },
  ],
  unpinned: [],
};
const npmKey = { contentHash: 'a'.repeat(64), format: 'v1:package-lock.json' };
// Same bytes under another name: another parser, another result.
const yarnKey = { contentHash: 'a'.repeat(64), format: 'v1:yarn.lock' };
const cargoKey = { contentHash: 'c'.repeat(64), format: 'v1:Cargo.lock' };

describe('inventoryStore', () => {
  const databases = createTestDatabases();
  let knex: Knex | undefined;

  afterEach(async () => {
    await knex?.destroy();
    knex = undefined;
  });

  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    knex = await databases.init(databaseId);
    await DatabaseReadinessStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    return createInventoryStore(knex);
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('keeps the latest revision of a repository with its etag and its lockfiles in order', async () => {
      const store = await createStore(databaseId);
      expect(await store.getRevision('r1')).toBeUndefined();
      await store.saveRevision('r1', {
        etag: 'etag-1',
        facts,
        lockfiles: [
          { path: 'web/package-lock.json', ...npmKey },
          { path: 'Cargo.lock', ...cargoKey },
          { path: 'api/package-lock.json', ...npmKey },
        ],
      });
      expect(await store.getRevision('r1')).toEqual({
        etag: 'etag-1',
        facts,
        lockfiles: [
          { path: 'web/package-lock.json', ...npmKey },
          { path: 'Cargo.lock', ...cargoKey },
          { path: 'api/package-lock.json', ...npmKey },
        ],
      });

      // A new revision replaces the old one, lockfiles included; a stored
      // lockfile only the old one held goes, one another repository holds
      // stays.
      await store.saveLockfiles([
        { key: npmKey, lockfile: lodash },
        { key: cargoKey, lockfile: { packages: [], unpinned: [] } },
        { key: yarnKey, lockfile: { packages: [], unpinned: [] } },
      ]);
      await store.saveRevision('r2', {
        facts,
        lockfiles: [{ path: 'yarn.lock', ...yarnKey }],
      });
      await store.saveRevision('r1', {
        facts,
        lockfiles: [{ path: 'yarn.lock', ...yarnKey }],
      });
      expect(await store.getRevision('r1')).toEqual({
        facts,
        lockfiles: [{ path: 'yarn.lock', ...yarnKey }],
      });
      expect([
        ...(await store.getLockfiles([npmKey, cargoKey, yarnKey])).keys(),
      ]).toEqual([`${yarnKey.contentHash}/${yarnKey.format}`]);
    });

    it('stores a lockfile once per content and format; the first result stays', async () => {
      const store = await createStore(databaseId);
      await store.saveLockfiles([{ key: npmKey, lockfile: lodash }]);
      await store.saveLockfiles([
        { key: npmKey, lockfile: { packages: [], unpinned: [] } },
        { key: yarnKey, lockfile: { packages: [], unpinned: ['x'] } },
      ]);

      const found = await store.getLockfiles([npmKey, cargoKey]);
      expect([...found]).toEqual([
        [`${npmKey.contentHash}/${npmKey.format}`, lodash],
      ]);
      expect(
        (await store.getLockfiles([yarnKey])).get(
          `${yarnKey.contentHash}/${yarnKey.format}`,
        ),
      ).toEqual({ packages: [], unpinned: ['x'] });
      expect(
        Number((await knex!('readiness_lockfiles').count({ n: '*' }))[0].n),
      ).toBe(2);
    });

    it('lists the distinct lockfiles of many revisions, and deletes those none refers to', async () => {
      const store = await createStore(databaseId);
      await store.saveLockfiles([
        { key: npmKey, lockfile: lodash },
        { key: cargoKey, lockfile: { packages: [], unpinned: [] } },
        { key: yarnKey, lockfile: { packages: [], unpinned: [] } },
      ]);
      // More revisions than one statement may bind on SQLite.
      const revisionKeys = Array.from({ length: 400 }, (_, i) => `r${i}`);
      for (const key of revisionKeys) {
        await store.saveRevision(key, {
          facts,
          lockfiles: [
            { path: 'package-lock.json', ...npmKey },
            ...(key === 'r399' ? [{ path: 'Cargo.lock', ...cargoKey }] : []),
          ],
        });
      }
      const listed = await store.listLockfileKeys([...revisionKeys, 'gone']);
      expect(listed.sort((a, b) => a.format.localeCompare(b.format))).toEqual([
        cargoKey,
        npmKey,
      ]);
      expect(await store.listLockfileKeys(['r1'])).toEqual([npmKey]);

      expect(await store.deleteUnreferencedLockfiles()).toBe(1);
      expect(await store.getLockfiles([yarnKey])).toEqual(new Map());
      expect((await store.getLockfiles([npmKey, cargoKey])).size).toBe(2);
    });
  });
});
