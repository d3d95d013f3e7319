/*
 * Follow-up of stop-work orders: a claim per message sent (reminders,
 * escalations, digests, dependents' owners), so each goes out once per
 * period across restarts and instances, and the entities an order affects
 * as they were found when it opened.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_notification_claims', table => {
    table.comment('One row per follow-up message claimed before sending');
    table
      .string('claim_key', 1024)
      .primary()
      .comment('What was sent, to whom, for which order and period');
    table.timestamp('claimed_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('readiness_affected_entities', table => {
    table.comment('Dependents of an entity under a stop-work order');
    table.bigInteger('order_id').primary();
    table.text('entities').notNullable().comment('JSON AffectedEntity[]');
    table.boolean('truncated').notNullable();
    table.timestamp('computed_at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_affected_entities');
  await knex.schema.dropTable('readiness_notification_claims');
};
