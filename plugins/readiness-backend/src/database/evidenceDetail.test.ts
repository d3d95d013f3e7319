import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { later, T0 } from '../__testUtils__/storeFixtures';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@readiness/plugin-readiness-backend',
  'migrations',
);

const migration = {
  directory: migrationsDir,
  name: '20261206_evidence_detail.js',
};

const ref = 'component:default/claude-flow';
const inventory = [
  { ecosystem: 'npm', name: 'express', version: '4.21.2', files: ['a'] },
];
const packages = [
  { ecosystem: 'npm', name: 'express', version: '4.21.2', license: 'MIT' },
];
const scan = {
  scannedPackages: 1,
  findings: [],
  unpinned: [],
  inventory,
  unreadable: [],
};
const licenses = { packages, unchecked: [] };
const stamp = {
  source: 'repository',
  observedAt: T0.toISOString(),
  staleAfter: later(48).toISOString(),
};

const valuesOf = (items: Array<{ key: string; value?: unknown }>) =>
  Object.fromEntries(items.map(item => [item.key, item.value]));

describe('evidence stored with its bulky parts apart', () => {
  const databases = createTestDatabases();
  let knex: Knex | undefined;

  afterEach(async () => {
    await knex?.destroy();
    knex = undefined;
  });

  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    knex = await databases.init(databaseId);
    return DatabaseReadinessStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
  }

  it.each(databases.eachSupportedId())(
    'keeps them out of the value column, out of evaluation reads unless asked for, and in whole reads, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      await store.upsertEvidence(
        ref,
        [
          { ...stamp, key: 'vulnerabilities', value: scan },
          { ...stamp, key: 'licenses', value: licenses },
          { ...stamp, key: 'todo-markers', value: { count: 3 } },
        ],
        { now: T0 },
      );

      const rows = await knex!('readiness_evidence')
        .orderBy('key')
        .select('key', 'value', 'detail');
      expect(
        rows.map(row => [
          row.key,
          JSON.parse(row.value),
          row.detail && JSON.parse(row.detail),
        ]),
      ).toEqual([
        ['licenses', { unchecked: [] }, { packages }],
        ['todo-markers', { count: 3 }, null],
        [
          'vulnerabilities',
          { scannedPackages: 1, findings: [], unpinned: [], unreadable: [] },
          { inventory },
        ],
      ]);

      const whole = {
        licenses,
        'todo-markers': { count: 3 },
        vulnerabilities: scan,
      };
      expect(valuesOf(await store.listEvidence(ref))).toEqual(whole);
      const { inventory: _, ...scanned } = scan;
      expect(
        valuesOf(await store.listEvidence(ref, { detailKeys: [] })),
      ).toEqual({
        licenses: { unchecked: [] },
        'todo-markers': { count: 3 },
        vulnerabilities: scanned,
      });
      const inputs = await store.listEvaluationInputs([ref], {
        detailKeys: ['licenses'],
      });
      expect(valuesOf(inputs.get(ref)!.evidence)).toEqual({
        licenses,
        'todo-markers': { count: 3 },
        vulnerabilities: scanned,
      });
      expect(
        valuesOf((await store.listEvaluationInputs([ref])).get(ref)!.evidence),
      ).toEqual(whole);
    },
  );

  it.each(databases.eachSupportedId())(
    '20261206_evidence_detail.js moves them out of stored values and back, %p',
    async databaseId => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      await knex.migrate.down(migration);
      const row = (name: string, key: string, value: unknown) => ({
        entity_ref: `component:default/${name}`,
        source: 'repository',
        key,
        value: value === null ? null : JSON.stringify(value),
        observed_at: T0,
        stale_after: later(48),
        updated_at: T0,
        received_at: T0,
      });
      // More rows than one batch of the migration.
      await knex.batchInsert(
        'readiness_evidence',
        [
          ...Array.from({ length: 501 }, (_, i) =>
            row(`svc-${String(i).padStart(3, '0')}`, 'vulnerabilities', scan),
          ),
          row('svc-000', 'licenses', licenses),
          row('svc-001', 'licenses', null),
          row('svc-002', 'todo-markers', { count: 3 }),
        ],
        100,
      );
      const before = await knex('readiness_evidence')
        .orderBy(['entity_ref', 'key'])
        .select('entity_ref', 'key', 'value');

      await knex.migrate.up(migration);
      const split = await knex('readiness_evidence')
        .whereNotNull('detail')
        .select('key', 'value', 'detail');
      expect(split).toHaveLength(502);
      for (const { key, value, detail } of split) {
        expect(JSON.parse(detail)).toEqual(
          key === 'licenses' ? { packages } : { inventory },
        );
        expect(value).not.toMatch(/inventory|packages/);
      }
      const store = await DatabaseReadinessStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      expect(
        valuesOf(await store.listEvidence('component:default/svc-000')),
      ).toEqual({ licenses, vulnerabilities: scan });

      await knex.migrate.down(migration);
      const after = await knex('readiness_evidence')
        .orderBy(['entity_ref', 'key'])
        .select('entity_ref', 'key', 'value');
      expect(
        after.map(r => ({ ...r, value: r.value && JSON.parse(r.value) })),
      ).toEqual(
        before.map(r => ({ ...r, value: r.value && JSON.parse(r.value) })),
      );
    },
  );
});
