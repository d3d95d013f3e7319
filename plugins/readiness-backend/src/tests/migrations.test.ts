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
});
