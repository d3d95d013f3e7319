/*
 * Checks that went from pass to fail, with the evidence that moved them, so
 * an entity's history can say when and why it slipped.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_regressions', table => {
    table.comment('A check of an entity that went from pass to fail');
    table.bigIncrements('id').primary();
    table.string('entity_ref').notNullable();
    table.string('check_id').notNullable();
    table.text('title').notNullable();
    table.string('from_status').notNullable();
    table.string('to_status').notNullable();
    table.text('summary_before').notNullable();
    table.text('summary_after').notNullable();
    table
      .text('evidence')
      .notNullable()
      .comment(
        'JSON: the evidence the check reads that arrived since it passed',
      );
    table
      .boolean('owner_notified')
      .notNullable()
      .comment(
        'False when an earlier regression of the check was told within the window',
      );
    table.timestamp('detected_at', { useTz: true }).notNullable();
    table.index(['entity_ref', 'detected_at']);
    table.index(['entity_ref', 'check_id', 'detected_at']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_regressions');
};
