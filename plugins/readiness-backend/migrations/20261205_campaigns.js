/*
 * Campaigns: a target (tier, checks or both) for the entities a predicate
 * matches, by a deadline; and one snapshot of each campaign's progress per
 * day, for its trend.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_campaigns', table => {
    table.comment('Campaigns moving entities to a target by a deadline');
    table.string('id').primary();
    table.string('title').notNullable();
    table.text('description').nullable();
    table.string('target_tier').nullable();
    table.text('checks').nullable().comment('JSON array of check ids');
    table.text('applies_to').notNullable().comment('JSON filter predicate');
    table.timestamp('deadline', { useTz: true }).notNullable();
    table.string('owner').notNullable().comment('Group or user entity ref');
    table.string('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.boolean('promote').notNullable().defaultTo(false);
    table.timestamp('archived_at', { useTz: true }).nullable();
  });
  await knex.schema.createTable('readiness_campaign_snapshots', table => {
    table.comment('One progress snapshot per campaign and UTC day');
    table
      .string('campaign_id')
      .notNullable()
      .references('id')
      .inTable('readiness_campaigns')
      .onDelete('CASCADE');
    table.string('day', 10).notNullable().comment('YYYY-MM-DD, UTC');
    table.integer('total').notNullable();
    table.integer('at_target').notNullable();
    table.primary(['campaign_id', 'day']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_campaign_snapshots');
  await knex.schema.dropTable('readiness_campaigns');
};
