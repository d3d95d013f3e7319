/*
 * The last stop-work notification each recipient got about each entity, so
 * that notifications within a window are coalesced across instances.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_notification_windows', table => {
    table.comment('The last stop-work notification per entity and recipient');
    table.string('entity_ref').notNullable();
    table.string('recipient').notNullable().comment('User or group entity ref');
    table
      .string('transition')
      .notNullable()
      .comment('What the recipient was last told: began or lifted');
    table
      .timestamp('sent_at', { useTz: true })
      .notNullable()
      .comment('Start of the window in which later ones are held back');
    table
      .string('held_back')
      .nullable()
      .comment('A change held back in the window, told after it if it holds');
    table.primary(['entity_ref', 'recipient']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_notification_windows');
};
