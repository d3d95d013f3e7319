/*
 * A work queue per collection run, so that every backend instance on one
 * database takes part in a cycle: each entity is claimed by one instance
 * under a lease, and taken over when the lease runs out. Requests per source
 * are counted per run, for budgets.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('readiness_collection_runs', table => {
    table
      .timestamp('queued_at', { useTz: true })
      .nullable()
      .comment('When every entity of the run was queued; it ends only after');
  });
  await knex.schema.createTable('readiness_collection_queue', table => {
    table.comment('The entities of a collection run, one row each');
    table.bigIncrements('id').primary();
    table
      .bigInteger('run_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('readiness_collection_runs')
      .onDelete('CASCADE');
    table.string('entity_ref').notNullable();
    table
      .string('state')
      .notNullable()
      .comment('queued, claimed, done, failed, or deferred to the next run');
    table
      .string('claimed_by')
      .nullable()
      .comment('The instance that claimed it last');
    table.timestamp('lease_expires_at', { useTz: true }).nullable();
    table
      .timestamp('not_before', { useTz: true })
      .nullable()
      .comment('A queued entity waits until then (a rate limit resets)');
    table.integer('attempts').notNullable().defaultTo(0);
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['run_id', 'entity_ref'], {
      indexName: 'readiness_collection_queue_entity_idx',
    });
    table.index(['state', 'id'], 'readiness_collection_queue_state_idx');
  });
  await knex.schema.createTable('readiness_collection_budgets', table => {
    table.comment('Requests per source within a collection run');
    table
      .bigInteger('run_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('readiness_collection_runs')
      .onDelete('CASCADE');
    table.string('source').notNullable();
    table.integer('requests').notNullable().defaultTo(0);
    table
      .timestamp('blocked_until', { useTz: true })
      .nullable()
      .comment('The source asked to wait until then');
    table.primary(['run_id', 'source']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_collection_budgets');
  await knex.schema.dropTable('readiness_collection_queue');
  await knex.schema.alterTable('readiness_collection_runs', table => {
    table.dropColumn('queued_at');
  });
};
