/*
 * When the backend received each evidence item, by its own clock, and
 * whether it was pushed: receipt, not the sender's observedAt, orders
 * observations, and a collector's evidence outranks a push of the same key.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('readiness_evidence', table => {
    table
      .timestamp('received_at', { useTz: true })
      .nullable()
      .comment('When the backend received it; orders observations');
    table
      .boolean('pushed')
      .notNullable()
      .defaultTo(false)
      .comment('Pushed by CI or a person, not collected by the plugin');
  });
  // The last write of a row is when it was received.
  await knex('readiness_evidence').update({
    received_at: knex.ref('updated_at'),
  });
  // Rows of a CI run, or of the default push source, were pushed; a pushed
  // row under another source name counts as collected until its next push
  // (or until it goes stale, 30 days by default).
  await knex('readiness_evidence')
    .whereNotNull('run_id')
    .orWhere('source', 'push')
    .update({ pushed: true });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('readiness_evidence', table => {
    table.dropColumn('received_at');
    table.dropColumn('pushed');
  });
};
