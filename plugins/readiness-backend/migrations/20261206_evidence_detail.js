/*
 * The bulky parts of an evidence value that few readers need (the locked
 * packages of `vulnerabilities.inventory` and `licenses.packages`) move to
 * a column of their own, so evaluations neither read nor parse them.
 */

/** As src/database/evidenceDetail.ts when this migration was written. */
const detachedFields = {
  vulnerabilities: ['inventory'],
  licenses: ['packages'],
};

const ROWS_PER_BATCH = 500;

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('readiness_evidence', table => {
    table
      .text('detail')
      .nullable()
      .comment('JSON of the value fields stored apart; merged back on read');
  });
  for (const [key, fields] of Object.entries(detachedFields)) {
    let after = { entity_ref: '', source: '' };
    for (;;) {
      const { entity_ref: lastRef, source: lastSource } = after;
      const rows = await knex('readiness_evidence')
        .where({ key })
        .whereNotNull('value')
        .where(query =>
          query
            .where('entity_ref', '>', lastRef)
            .orWhere(same =>
              same
                .where('entity_ref', lastRef)
                .where('source', '>', lastSource),
            ),
        )
        .orderBy(['entity_ref', 'source'])
        .limit(ROWS_PER_BATCH)
        .select('entity_ref', 'source', 'value');
      for (const row of rows) {
        const value = JSON.parse(row.value);
        if (
          typeof value !== 'object' ||
          value === null ||
          Array.isArray(value) ||
          !fields.some(field => field in value)
        ) {
          continue;
        }
        const detail = {};
        for (const field of fields) {
          if (field in value) {
            detail[field] = value[field];
            delete value[field];
          }
        }
        await knex('readiness_evidence')
          .where({ entity_ref: row.entity_ref, source: row.source, key })
          .update({
            value: JSON.stringify(value),
            detail: JSON.stringify(detail),
          });
      }
      if (rows.length < ROWS_PER_BATCH) {
        break;
      }
      after = rows[rows.length - 1];
    }
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  const rows = await knex('readiness_evidence')
    .whereNotNull('detail')
    .whereNotNull('value')
    .select('entity_ref', 'source', 'key', 'value', 'detail');
  for (const row of rows) {
    await knex('readiness_evidence')
      .where({ entity_ref: row.entity_ref, source: row.source, key: row.key })
      .update({
        value: JSON.stringify({
          ...JSON.parse(row.value),
          ...JSON.parse(row.detail),
        }),
      });
  }
  await knex.schema.alterTable('readiness_evidence', table => {
    table.dropColumn('detail');
  });
};
