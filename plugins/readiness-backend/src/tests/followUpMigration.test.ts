import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const directory = resolvePackagePath(
  '@readiness/plugin-readiness-backend',
  'migrations',
);

async function migrateUpTo(knex: Knex, name: string) {
  for (;;) {
    const [done] = await knex.migrate.list({ directory });
    if (done.some((m: { name: string }) => m.name === name)) return;
    await knex.migrate.up({ directory });
  }
}

describe('20261203_follow_up.js', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'creates a claim table that refuses a second claim, and drops both tables, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateUpTo(knex, '20261203_follow_up.js');
      const claim = { claim_key: 'reminder:1:1', claimed_at: new Date() };
      const claimOnce = () =>
        knex('readiness_notification_claims')
          .insert(claim)
          .onConflict('claim_key')
          .ignore()
          .returning('claim_key');
      expect(await claimOnce()).toHaveLength(1);
      expect(await claimOnce()).toHaveLength(0);
      expect(await knex('readiness_notification_claims')).toHaveLength(1);
      await knex('readiness_affected_entities').insert({
        order_id: 1,
        entities: '[]',
        truncated: false,
        computed_at: new Date(),
      });

      await knex.migrate.down({ directory });
      for (const table of [
        'readiness_notification_claims',
        'readiness_affected_entities',
      ]) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
      await knex.destroy();
    },
  );
});
