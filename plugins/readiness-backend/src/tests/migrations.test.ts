import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@readiness/plugin-readiness-backend',
  'migrations',
);

async function migrateUpOnce(knex: Knex) {
  await knex.migrate.up({ directory: migrationsDir });
}

async function migrateDownOnce(knex: Knex) {
  await knex.migrate.down({ directory: migrationsDir });
}

const tables = [
  'readiness_evidence',
  'readiness_reports',
  'readiness_history',
  'readiness_stop_work_orders',
  'readiness_attestations',
  'readiness_waivers',
  'readiness_audit_log',
];

describe('migrations', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    '20261124_init.js creates and drops every table, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);

      await migrateUpOnce(knex);
      for (const table of tables) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }

      const now = new Date('2026-11-24T10:00:00Z');
      // The primary key keeps one latest row per entity, source and key:
      // upserts on it only work when the constraint exists.
      for (const count of [75, 10]) {
        await knex('readiness_evidence')
          .insert({
            entity_ref: 'component:default/claude-flow',
            source: 'repository',
            key: 'todo-markers',
            value: JSON.stringify({ count }),
            observed_at: now,
            stale_after: now,
            updated_at: now,
          })
          .onConflict(['entity_ref', 'source', 'key'])
          .merge();
      }
      const evidence = await knex('readiness_evidence');
      expect(evidence.map(row => JSON.parse(row.value))).toEqual([
        { count: 10 },
      ]);
      await knex('readiness_stop_work_orders').insert({
        entity_ref: 'component:default/claude-flow',
        origin: 'automatic',
        began_at: now,
        blockers: JSON.stringify(['build.clean']),
        counts_at_start: JSON.stringify({ compilationErrors: 97 }),
      });
      const [order] = await knex('readiness_stop_work_orders');
      expect(order.origin).toBe('automatic');
      expect(order.lifted_at).toBeNull();
      expect(JSON.parse(order.counts_at_start)).toEqual({
        compilationErrors: 97,
      });

      await migrateDownOnce(knex);
      for (const table of tables) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    '20261125_rollups.js backfills required tiers and adds snapshots, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateUpOnce(knex);

      const now = new Date('2026-11-24T10:00:00Z');
      const report = (name: string, extra: object) => ({
        entity_ref: `component:default/${name}`,
        kind: 'Component',
        namespace: 'default',
        name,
        tier_rank: 1,
        score: 50,
        stop_work: false,
        risk: 'high',
        stale: false,
        counts: '{}',
        report: JSON.stringify({ entityRef: name, ...extra }),
        evaluated_at: now,
        last_seen_in_catalog_at: now,
      });
      await knex('readiness_reports').insert([
        report('below', {
          requiredTier: 'production',
          meetsRequiredTier: false,
        }),
        report('meets', { requiredTier: 'mvs', meetsRequiredTier: true }),
        report('free', {}),
      ]);
      // History to replay: three days ago, nothing two days ago, yesterday,
      // and today (left to the live count).
      const daysAgo = (days: number) =>
        new Date(Date.now() - days * 86_400_000);
      const change = (
        name: string,
        days: number,
        tier: string | null,
        score: number,
        stopWork: boolean,
      ) => ({
        entity_ref: `component:default/${name}`,
        tier,
        score,
        stop_work: stopWork,
        risk: 'high',
        recorded_at: daysAgo(days),
      });
      await knex('readiness_history').insert([
        change('flow', 3, null, 10, true),
        change('payments', 3, 'enterprise', 90, false),
        change('flow', 1, 'mvs', 50, false),
        change('flow', 0, 'production', 80, false),
      ]);

      await migrateUpOnce(knex);
      const snapshots = await knex('readiness_distribution_snapshots').orderBy(
        'day',
      );
      const day = (days: number) => daysAgo(days).toISOString().slice(0, 10);
      expect(
        snapshots.map(r => [
          r.day,
          Number(r.total),
          Number(r.none),
          Number(r.mvs),
          Number(r.enterprise),
          Number(r.stop_work),
          Number(r.score_sum),
        ]),
      ).toEqual([
        [day(3), 2, 1, 0, 1, 1, 100],
        [day(2), 2, 1, 0, 1, 1, 100],
        [day(1), 2, 0, 1, 1, 0, 140],
      ]);
      const rows = await knex('readiness_reports')
        .orderBy('name')
        .select('name', 'required_tier', 'below_required_tier');
      expect(
        rows.map(r => [
          r.name,
          r.required_tier,
          Boolean(r.below_required_tier),
        ]),
      ).toEqual([
        ['below', 'production', true],
        ['free', null, false],
        ['meets', 'mvs', false],
      ]);
      expect(
        await knex.schema.hasTable('readiness_distribution_snapshots'),
      ).toBe(true);

      await migrateDownOnce(knex);
      expect(
        await knex.schema.hasTable('readiness_distribution_snapshots'),
      ).toBe(false);
      expect(
        await knex.schema.hasColumn('readiness_reports', 'required_tier'),
      ).toBe(false);
      expect(await knex('readiness_reports').count({ n: '*' })).toEqual([
        { n: expect.anything() },
      ]);

      await knex.destroy();
    },
  );
});
