/*
 * Which stored repository revision each entity reads, so revisions (and
 * then lockfiles) no remaining entity refers to can be deleted.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_revision_entities', table => {
    table.comment('The stored repository revision each entity reads');
    table.string('entity_ref').primary();
    table
      .string('revision_key', 64)
      .notNullable()
      .comment('readiness_repository_revisions.revision_key');
    table.index(['revision_key'], 'readiness_revision_entities_revision_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_revision_entities');
};
