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

  /** Migrates up to and including the migration named `name`. */
  async function migrateUpTo(knex: Knex, name: string) {
    for (;;) {
      const [done] = await knex.migrate.list({ directory: migrationsDir });
      if (done.some((m: { name: string }) => m.name === name)) return;
      await migrateUpOnce(knex);
    }
  }

  const T = new Date('2026-11-24T10:00:00Z');
  const flow = 'component:default/claude-flow';

  it.each(databases.eachSupportedId())(
    '20261126_pushed_runs.js remembers the runs already applied, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateUpTo(knex, '20261125_rollups.js');
      const evidence = (key: string, runId: string | null) => ({
        entity_ref: flow,
        source: 'push',
        key,
        value: '{}',
        run_id: runId,
        observed_at: T,
        stale_after: T,
        updated_at: T,
      });
      await knex('readiness_evidence').insert([
        evidence('build', 'run-7'),
        evidence('coverage', null),
      ]);

      await migrateUpOnce(knex);
      const runs = await knex('readiness_pushed_runs').select(
        'entity_ref',
        'source',
        'key',
        'run_id',
      );
      expect(runs).toEqual([
        { entity_ref: flow, source: 'push', key: 'build', run_id: 'run-7' },
      ]);

      await migrateDownOnce(knex);
      expect(await knex.schema.hasTable('readiness_pushed_runs')).toBe(false);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    '20261127_one_open_order.js closes duplicate open orders and allows one, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateUpTo(knex, '20261126_pushed_runs.js');
      const order = (origin: string, minutes: number) => ({
        entity_ref: flow,
        origin,
        began_at: new Date(T.getTime() + minutes * 60_000),
        blockers: '[]',
        counts_at_start: '{}',
      });
      await knex('readiness_stop_work_orders').insert([
        order('automatic', 2),
        order('automatic', 1),
        order('manual', 3),
      ]);

      await migrateUpOnce(knex);
      const open = await knex('readiness_stop_work_orders')
        .whereNull('lifted_at')
        .orderBy('began_at');
      expect(open.map(o => [o.origin, new Date(o.began_at).getTime()])).toEqual(
        [
          ['automatic', T.getTime() + 60_000],
          ['manual', T.getTime() + 180_000],
        ],
      );
      // The partial unique index exists on both databases (the store's race
      // test shows that one open order results).
      const indexes = databaseId.startsWith('SQLITE')
        ? await knex.raw(
            "SELECT name, sql AS definition FROM sqlite_master WHERE type = 'index'",
          )
        : (
            await knex.raw(
              'SELECT indexname AS name, indexdef AS definition FROM pg_indexes',
            )
          ).rows;
      expect(indexes).toContainEqual({
        name: 'readiness_stop_work_one_open_idx',
        definition: expect.stringMatching(
          /UNIQUE INDEX[\s\S]*lifted_at IS NULL/,
        ),
      });
      // a lifted order beside the open one is fine
      await knex('readiness_stop_work_orders').insert({
        ...order('automatic', 5),
        lifted_at: T,
      });

      await migrateDownOnce(knex);
      await knex('readiness_stop_work_orders').insert(order('automatic', 6));
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    '20261128_collection_runs.js creates and drops the run table, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateUpTo(knex, '20261128_collection_runs.js');
      await knex('readiness_collection_runs').insert({
        task: 'repository',
        started_at: T,
        updated_at: T,
      });
      const [run] = await knex('readiness_collection_runs');
      expect(run).toMatchObject({ task: 'repository', finished_at: null });
      expect(Number(run.entities_done)).toBe(0);

      await migrateDownOnce(knex);
      expect(await knex.schema.hasTable('readiness_collection_runs')).toBe(
        false,
      );
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    '20261203_evidence_received_at.js stamps receipt from the last write and marks pushed rows, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateUpTo(knex, '20261128_collection_runs.js');
      const written = new Date(T.getTime() + 3_600_000);
      const evidence = (source: string, key: string, runId: string | null) => ({
        entity_ref: flow,
        source,
        key,
        value: '{}',
        run_id: runId,
        observed_at: new Date('2099-01-01T00:00:00Z'),
        stale_after: T,
        updated_at: written,
      });
      await knex('readiness_evidence').insert([
        evidence('repository', 'todo-markers', null),
        evidence('push', 'coverage', null),
        evidence('github-actions', 'build', 'run-7'),
      ]);

      await migrateUpTo(knex, '20261203_evidence_received_at.js');
      const rows = await knex('readiness_evidence').orderBy('key');
      expect(
        rows.map(r => [
          r.key,
          new Date(r.received_at).getTime(),
          Boolean(r.pushed),
        ]),
      ).toEqual([
        ['build', written.getTime(), true],
        ['coverage', written.getTime(), true],
        ['todo-markers', written.getTime(), false],
      ]);

      await migrateDownOnce(knex);
      expect(await knex.schema.hasColumn('readiness_evidence', 'pushed')).toBe(
        false,
      );
      expect(
        await knex.schema.hasColumn('readiness_evidence', 'received_at'),
      ).toBe(false);
      expect(await knex('readiness_evidence').count({ n: '*' })).toEqual([
        { n: expect.anything() },
      ]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    '20261203_notification_windows.js keeps one row per entity and recipient, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateUpTo(knex, '20261203_notification_windows.js');
      for (const transition of ['began', 'lifted']) {
        await knex('readiness_notification_windows')
          .insert({
            entity_ref: flow,
            recipient: 'group:default/sre',
            transition,
            sent_at: T,
          })
          .onConflict(['entity_ref', 'recipient'])
          .merge();
      }
      expect(
        await knex('readiness_notification_windows').select('transition'),
      ).toEqual([{ transition: 'lifted' }]);

      await migrateDownOnce(knex);
      expect(await knex.schema.hasTable('readiness_notification_windows')).toBe(
        false,
      );
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    "20261204_repository_inventory.js stores each lockfile content once and each revision's lockfiles in order, %p",
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateUpTo(knex, '20261204_repository_inventory.js');
      const hash = 'a'.repeat(64);
      for (const lockfile of ['{"first":true}', '{"second":true}']) {
        await knex('readiness_lockfiles')
          .insert({
            content_hash: hash,
            format: 'v1:package-lock.json',
            lockfile,
            created_at: T,
          })
          .onConflict(['content_hash', 'format'])
          .ignore();
      }
      expect(await knex('readiness_lockfiles').select('lockfile')).toEqual([
        { lockfile: '{"first":true}' },
      ]);
      await knex('readiness_repository_revisions').insert({
        revision_key: 'b'.repeat(64),
        etag: 'etag-1',
        facts: '{}',
        fetched_at: T,
      });
      await knex('readiness_repository_lockfiles').insert(
        ['b/package-lock.json', 'a/package-lock.json'].map(
          (path, position) => ({
            revision_key: 'b'.repeat(64),
            position,
            path,
            content_hash: hash,
            format: 'v1:package-lock.json',
          }),
        ),
      );
      expect(
        await knex('readiness_repository_lockfiles')
          .orderBy('position')
          .pluck('path'),
      ).toEqual(['b/package-lock.json', 'a/package-lock.json']);

      await migrateDownOnce(knex);
      for (const table of [
        'readiness_lockfiles',
        'readiness_repository_revisions',
        'readiness_repository_lockfiles',
      ]) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    '20261204_waiver_workflow.js approves the waivers made before it, keeps revoked ones revoked with their trail, and on the way down revokes what was never approved, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateUpTo(knex, '20261203_notification_windows.js');
      const row = (id: string, revoked: boolean) => ({
        id,
        entity_ref: flow,
        check_id: 'quality.coverage',
        reason: 'legacy',
        owner: 'group:default/team',
        created_by: 'user:default/alice',
        created_at: T,
        expires_at: new Date('2099-01-01T00:00:00Z'),
        revoked_at: revoked ? new Date(T.getTime() + 60_000) : null,
        revoked_by: revoked ? 'user:default/bob' : null,
      });
      await knex('readiness_waivers').insert([
        row('w1', false),
        row('w2', true),
      ]);

      await migrateUpTo(knex, '20261204_waiver_workflow.js');
      const waivers = await knex('readiness_waivers').orderBy('id');
      expect(waivers.map(w => [w.id, w.state, w.decided_by])).toEqual([
        ['w1', 'approved', null],
        ['w2', 'revoked', 'user:default/bob'],
      ]);
      const trail = await knex('readiness_waiver_transitions').orderBy('id');
      expect(
        trail.map(t => [t.waiver_id, t.from_state, t.to_state, t.actor]),
      ).toEqual([
        ['w1', null, 'approved', 'user:default/alice'],
        ['w2', null, 'approved', 'user:default/alice'],
        ['w2', 'approved', 'revoked', 'user:default/bob'],
      ]);

      await knex('readiness_waivers').insert({
        ...row('w3', false),
        state: 'pending',
      });
      await migrateDownOnce(knex);
      expect(await knex.schema.hasTable('readiness_waiver_transitions')).toBe(
        false,
      );
      expect(await knex.schema.hasColumn('readiness_waivers', 'state')).toBe(
        false,
      );
      const after = await knex('readiness_waivers').orderBy('id');
      expect(after.map(w => [w.id, Boolean(w.revoked_at)])).toEqual([
        ['w1', false],
        ['w2', true],
        ['w3', true],
      ]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    '20261204_collection_queue.js keeps earlier runs, queues an entity once per run, and goes back down, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateUpTo(knex, '20261203_notification_windows.js');
      await knex('readiness_collection_runs').insert({
        task: 'repository',
        started_at: T,
        updated_at: T,
      });

      await migrateUpTo(knex, '20261204_collection_queue.js');
      const [run] = await knex('readiness_collection_runs');
      expect(run).toMatchObject({ task: 'repository', queued_at: null });
      const row = {
        run_id: run.id,
        entity_ref: flow,
        state: 'queued',
        updated_at: T,
      };
      // Queued twice, stored once: the conflict target must be a unique index.
      for (let i = 0; i < 2; i++) {
        await knex('readiness_collection_queue')
          .insert(row)
          .onConflict(['run_id', 'entity_ref'])
          .ignore();
      }
      expect(await knex('readiness_collection_queue')).toHaveLength(1);
      await knex('readiness_collection_budgets').insert({
        run_id: run.id,
        source: 'github',
        requests: 3,
      });

      await migrateDownOnce(knex);
      expect(await knex.schema.hasTable('readiness_collection_queue')).toBe(
        false,
      );
      expect(await knex.schema.hasTable('readiness_collection_budgets')).toBe(
        false,
      );
      expect(
        await knex.schema.hasColumn('readiness_collection_runs', 'queued_at'),
      ).toBe(false);
      expect(await knex('readiness_collection_runs')).toHaveLength(1);
      await knex.destroy();
    },
  );
});
