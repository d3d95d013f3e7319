/*
 * Every CI run whose evidence was applied, so a run sent again (even after a
 * newer run of the same key) is recognised and changes nothing.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_pushed_runs', table => {
    table.comment('CI runs whose pushed evidence was applied');
    table.string('entity_ref').notNullable();
    table.string('source').notNullable();
    table.string('key').notNullable();
    table.string('run_id').notNullable();
    table
      .timestamp('pushed_at', { useTz: true })
      .notNullable()
      .comment('Rows older than the retention are pruned on the next push');
    table.primary(['entity_ref', 'source', 'key', 'run_id']);
    table.index(['pushed_at'], 'readiness_pushed_runs_pushed_at_idx');
  });

  // The runs applied so far are the ones the evidence table remembers.
  await knex.raw(
    `INSERT INTO readiness_pushed_runs (entity_ref, source, key, run_id, pushed_at)
     SELECT entity_ref, source, key, run_id, updated_at
     FROM readiness_evidence WHERE run_id IS NOT NULL`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_pushed_runs');
};
