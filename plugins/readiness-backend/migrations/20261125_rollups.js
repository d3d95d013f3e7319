/*
 * Required-tier gaps on summaries, and daily snapshots of the tier
 * distribution for the scorecard's trend.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('readiness_reports', table => {
    table
      .string('required_tier')
      .nullable()
      .comment('Tier required for the lifecycle, when configured');
    table
      .boolean('below_required_tier')
      .notNullable()
      .defaultTo(false)
      .comment('True when a tier is required and not reached');
    table.index(
      ['below_required_tier'],
      'readiness_reports_below_required_idx',
    );
  });

  // Existing reports already carry the required tier in their JSON.
  const rows = await knex('readiness_reports').select('entity_ref', 'report');
  for (const row of rows) {
    const report = JSON.parse(row.report);
    if (report.requiredTier) {
      await knex('readiness_reports')
        .where({ entity_ref: row.entity_ref })
        .update({
          required_tier: report.requiredTier,
          below_required_tier: report.meetsRequiredTier === false,
        });
    }
  }

  await knex.schema.createTable('readiness_distribution_snapshots', table => {
    table.comment('The tier distribution at the end of each UTC day');
    table.string('day', 10).primary().comment('YYYY-MM-DD, UTC');
    table.integer('total').notNullable();
    table.integer('enterprise').notNullable();
    table.integer('production').notNullable();
    table.integer('mvs').notNullable();
    table.integer('none').notNullable();
    table.integer('stop_work').notNullable();
    table.integer('below_required_tier').notNullable();
    table.bigInteger('score_sum').notNullable();
    table.timestamp('recorded_at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_distribution_snapshots');
  await knex.schema.alterTable('readiness_reports', table => {
    table.dropIndex([], 'readiness_reports_below_required_idx');
    table.dropColumn('below_required_tier');
    table.dropColumn('required_tier');
  });
};
