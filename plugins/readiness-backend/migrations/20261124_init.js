/*
 * Initial schema of the Readiness backend.
 *
 * JSON documents (evidence values, reports, counters) are stored as text so
 * that SQLite and PostgreSQL behave the same; the columns that summaries
 * filter and sort on are stored beside them as plain columns.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_evidence', table => {
    table.comment('The latest evidence per entity, source and key');
    table.string('entity_ref').notNullable();
    table.string('source').notNullable().comment('Collector id, or push');
    table.string('key').notNullable().comment('Evidence key, e.g. build');
    table.text('value').nullable().comment('JSON value; null when failed');
    table.text('error').nullable().comment('Why collection failed');
    table.string('link', 2048).nullable();
    table
      .string('run_id')
      .nullable()
      .comment('CI run of a pushed item: a repeated push is a no-op');
    table.timestamp('observed_at', { useTz: true }).notNullable();
    table.timestamp('stale_after', { useTz: true }).notNullable();
    table
      .text('stale_reason')
      .nullable()
      .comment('Set when a later collection failed and this was kept');
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'source', 'key']);
  });

  await knex.schema.createTable('readiness_reports', table => {
    table.comment('The latest evaluated report per entity');
    table.string('entity_ref').primary();
    table.string('kind').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.string('title').nullable();
    table.string('owner').nullable();
    table.string('system').nullable();
    table.string('lifecycle').nullable();
    table.string('tier').nullable().comment('Highest tier achieved');
    table
      .integer('tier_rank')
      .notNullable()
      .comment('0 none, 1 mvs, 2 production, 3 enterprise: for sorting');
    table.integer('score').notNullable();
    table.boolean('stop_work').notNullable();
    table.string('risk').notNullable();
    table.boolean('stale').notNullable();
    table.text('counts').notNullable().comment('JSON check counts by status');
    table.text('report').notNullable().comment('JSON ReadinessReport');
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
    table
      .timestamp('last_seen_in_catalog_at', { useTz: true })
      .notNullable()
      .comment('Reports of entities gone from the catalog expire from here');
    table.index(['tier_rank', 'entity_ref'], 'readiness_reports_tier_idx');
    table.index(['name', 'entity_ref'], 'readiness_reports_name_idx');
    table.index(['stop_work'], 'readiness_reports_stop_work_idx');
    table.index(['owner'], 'readiness_reports_owner_idx');
    table.index(['system'], 'readiness_reports_system_idx');
    table.index(['score', 'entity_ref'], 'readiness_reports_score_idx');
  });

  await knex.schema.createTable('readiness_history', table => {
    table.comment('One row per change of tier, score or stop-work');
    table.bigIncrements('id').primary();
    table.string('entity_ref').notNullable();
    table.string('tier').nullable();
    table.integer('score').notNullable();
    table.boolean('stop_work').notNullable();
    table.string('risk').notNullable();
    table.timestamp('recorded_at', { useTz: true }).notNullable();
    table.index(['entity_ref', 'recorded_at'], 'readiness_history_entity_idx');
    table.index(['recorded_at'], 'readiness_history_recorded_idx');
  });

  await knex.schema.createTable('readiness_stop_work_orders', table => {
    table.comment('Stop-work orders, automatic or issued by a person');
    table.bigIncrements('id').primary();
    table.string('entity_ref').notNullable();
    table.string('origin').notNullable().comment('automatic or manual');
    table.text('reason').nullable();
    table.string('issued_by').nullable();
    table.timestamp('began_at', { useTz: true }).notNullable();
    table.text('blockers').notNullable().comment('JSON check ids');
    table.text('counts_at_start').notNullable().comment('JSON counters');
    table.timestamp('lifted_at', { useTz: true }).nullable();
    table.string('lifted_by').nullable();
    table.text('lift_reason').nullable();
    table
      .timestamp('began_notified_at', { useTz: true })
      .nullable()
      .comment('Set once owners were notified, so a restart never repeats it');
    table.timestamp('lifted_notified_at', { useTz: true }).nullable();
    table.index(['entity_ref', 'lifted_at'], 'readiness_stop_work_entity_idx');
  });

  await knex.schema.createTable('readiness_attestations', table => {
    table.comment('Evidence recorded by a person, with an expiry');
    table.string('id').primary();
    table.string('entity_ref').notNullable();
    table.string('kind').notNullable();
    table.text('summary').notNullable();
    table.string('evidence_link', 2048).notNullable();
    table.string('attested_by').notNullable();
    table.timestamp('attested_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('revoked_at', { useTz: true }).nullable();
    table.string('revoked_by').nullable();
    table.index(['entity_ref'], 'readiness_attestations_entity_idx');
  });

  await knex.schema.createTable('readiness_waivers', table => {
    table.comment('Accepted risks on one check of one entity, with an expiry');
    table.string('id').primary();
    table.string('entity_ref').notNullable();
    table.string('check_id').notNullable();
    table.text('reason').notNullable();
    table.string('owner').notNullable();
    table.string('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('revoked_at', { useTz: true }).nullable();
    table.string('revoked_by').nullable();
    table.index(['entity_ref'], 'readiness_waivers_entity_idx');
  });

  await knex.schema.createTable('readiness_audit_log', table => {
    table.comment('Every mutation: who did what to which entity, and when');
    table.bigIncrements('id').primary();
    table.string('entity_ref').notNullable();
    table.string('actor').notNullable();
    table.string('action').notNullable();
    table.text('details').notNullable().comment('JSON');
    table.timestamp('at', { useTz: true }).notNullable();
    table.index(['entity_ref', 'at'], 'readiness_audit_entity_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_audit_log');
  await knex.schema.dropTable('readiness_waivers');
  await knex.schema.dropTable('readiness_attestations');
  await knex.schema.dropTable('readiness_stop_work_orders');
  await knex.schema.dropTable('readiness_history');
  await knex.schema.dropTable('readiness_reports');
  await knex.schema.dropTable('readiness_evidence');
};
