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
  await backfillSnapshots(knex);
};

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` (UTC) of a Date, or of epoch milliseconds as SQLite returns them. */
function dayOf(value) {
  return new Date(value).toISOString().slice(0, 10);
}

/**
 * Replays the history (one row per change) day by day, so the trend has the
 * past days at once: each day's snapshot is every entity's last state of
 * that day. Required tiers are not in the history, so those counts are 0.
 * Today is left out: the trend computes it from the current reports.
 *
 * @param {import('knex').Knex} knex
 */
async function backfillSnapshots(knex) {
  const history = await knex('readiness_history')
    .select('entity_ref', 'tier', 'score', 'stop_work', 'recorded_at')
    .orderBy([
      { column: 'recorded_at', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
  if (history.length === 0) {
    return;
  }
  const today = dayOf(Date.now());
  const state = new Map();
  const rows = [];
  let next = 0;
  for (
    let time = Date.parse(dayOf(history[0].recorded_at));
    dayOf(time) < today;
    time += DAY_MS
  ) {
    const day = dayOf(time);
    while (next < history.length && dayOf(history[next].recorded_at) <= day) {
      state.set(history[next].entity_ref, history[next]);
      next += 1;
    }
    const row = {
      day,
      total: state.size,
      enterprise: 0,
      production: 0,
      mvs: 0,
      none: 0,
      stop_work: 0,
      below_required_tier: 0,
      score_sum: 0,
      recorded_at: new Date(time + DAY_MS - 1),
    };
    for (const entry of state.values()) {
      row[entry.tier ?? 'none'] += 1;
      // SQLite returns booleans as 0/1.
      row.stop_work +=
        entry.stop_work === true || entry.stop_work === 1 ? 1 : 0;
      row.score_sum += Number(entry.score);
    }
    rows.push(row);
  }
  // Chunked to stay under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 50) {
    await knex('readiness_distribution_snapshots').insert(
      rows.slice(i, i + 50),
    );
  }
}

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
