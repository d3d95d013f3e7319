/*
 * Waivers get a workflow: a state (pending, approved, denied, expired,
 * revoked), who decided last, an optional scope of advisories and a package
 * (finding-level waivers of security.vulnerabilities), the OpenVEX
 * statement a waiver was imported from, and an audit trail of every
 * transition. Waivers from before applied as soon as they were created, so
 * they are approved (revoked ones revoked), with that history in the trail.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('readiness_waivers', table => {
    table
      .string('state')
      .notNullable()
      .defaultTo('approved')
      .comment('pending, approved, denied, expired or revoked');
    table.string('decided_by').nullable().comment('Who decided last');
    table.timestamp('decided_at', { useTz: true }).nullable();
    table
      .text('advisories')
      .nullable()
      .comment('JSON array of advisory ids; null waives the whole check');
    table.string('package').nullable().comment('With advisories: one package');
    table
      .text('vex')
      .nullable()
      .comment(
        'JSON: product and justification of an imported OpenVEX statement',
      );
  });
  await knex('readiness_waivers')
    .whereNotNull('revoked_at')
    .update({
      state: 'revoked',
      decided_by: knex.ref('revoked_by'),
      decided_at: knex.ref('revoked_at'),
    });

  await knex.schema.createTable('readiness_waiver_transitions', table => {
    table.comment('Audit trail of waivers: who moved each one, when and why');
    table.bigIncrements('id').primary();
    table.string('waiver_id').notNullable();
    table.string('entity_ref').notNullable();
    table.string('from_state').nullable().comment('Null for the request');
    table.string('to_state').notNullable();
    table.string('actor').notNullable();
    table.text('reason').nullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.index(['waiver_id'], 'readiness_waiver_transitions_waiver_idx');
    table.index(['entity_ref'], 'readiness_waiver_transitions_entity_idx');
  });

  const existing = await knex('readiness_waivers').select(
    'id',
    'entity_ref',
    'created_by',
    'created_at',
    'revoked_by',
    'revoked_at',
  );
  const trail = existing.flatMap(row => [
    {
      waiver_id: row.id,
      entity_ref: row.entity_ref,
      from_state: null,
      to_state: 'approved',
      actor: row.created_by,
      reason: 'created before waivers needed approval',
      at: row.created_at,
    },
    ...(row.revoked_at
      ? [
          {
            waiver_id: row.id,
            entity_ref: row.entity_ref,
            from_state: 'approved',
            to_state: 'revoked',
            actor: row.revoked_by ?? 'unknown',
            reason: null,
            at: row.revoked_at,
          },
        ]
      : []),
  ]);
  for (let i = 0; i < trail.length; i += 200) {
    await knex('readiness_waiver_transitions').insert(trail.slice(i, i + 200));
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // Without a state every unrevoked waiver applies: pending and denied ones
  // must not, so they go back as revoked.
  await knex('readiness_waivers')
    .whereIn('state', ['pending', 'denied'])
    .whereNull('revoked_at')
    .update({
      revoked_at: knex.raw('coalesce(decided_at, created_at)'),
      revoked_by: knex.raw("coalesce(decided_by, 'readiness')"),
    });
  await knex.schema.dropTable('readiness_waiver_transitions');
  await knex.schema.alterTable('readiness_waivers', table => {
    table.dropColumn('vex');
    table.dropColumn('package');
    table.dropColumn('advisories');
    table.dropColumn('decided_at');
    table.dropColumn('decided_by');
    table.dropColumn('state');
  });
};
