/*
 * At most one open stop-work order per entity and origin, enforced by the
 * database as well as by the store's per-entity lock.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // Two instances racing before the lock existed could have opened a second
  // order: keep the earliest open one and close the others.
  const open = await knex('readiness_stop_work_orders')
    .whereNull('lifted_at')
    .orderBy(['entity_ref', 'origin', 'began_at', 'id'])
    .select('id', 'entity_ref', 'origin', 'began_at');
  const kept = new Set();
  const duplicates = [];
  for (const row of open) {
    const slot = `${row.entity_ref}|${row.origin}`;
    if (kept.has(slot)) {
      duplicates.push(row.id);
    } else {
      kept.add(slot);
    }
  }
  for (let i = 0; i < duplicates.length; i += 500) {
    await knex('readiness_stop_work_orders')
      .whereIn('id', duplicates.slice(i, i + 500))
      .update({
        lifted_at: knex.fn.now(),
        lifted_by: 'readiness',
        lift_reason: 'duplicate of an earlier open order',
        // never announce a lift for an order nobody was told about twice
        lifted_notified_at: knex.fn.now(),
      });
  }
  await knex.raw(
    `CREATE UNIQUE INDEX readiness_stop_work_one_open_idx
     ON readiness_stop_work_orders (entity_ref, origin)
     WHERE lifted_at IS NULL`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX readiness_stop_work_one_open_idx');
};
