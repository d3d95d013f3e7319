/*
 * Progress of collection runs, so that every instance behind a load balancer
 * answers `GET /v1/collection` for a run that another instance is doing.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_collection_runs', table => {
    table.comment('Progress of collection runs, one row per run');
    table.bigIncrements('id').primary();
    table
      .string('task')
      .notNullable()
      .comment('Collector id, or recheck for the stop-work re-evaluation');
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.integer('entities_done').notNullable().defaultTo(0);
    table.integer('entities_total').notNullable().defaultTo(0);
    table.integer('entities_failed').notNullable().defaultTo(0);
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment('A run not updated for long was interrupted');
    table.index(['task', 'started_at'], 'readiness_collection_runs_task_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_collection_runs');
};
