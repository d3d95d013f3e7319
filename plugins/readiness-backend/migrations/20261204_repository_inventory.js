/*
 * The stored dependency inventory: each repository's latest revision read
 * (its etag and facts), and each lockfile's parse result once per content,
 * shared by every repository and revision holding the same bytes.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_lockfiles', table => {
    table.comment('One parse result per lockfile content and format');
    table
      .string('content_hash', 64)
      .notNullable()
      .comment('sha256 of the lockfile bytes, hex');
    table
      .string('format', 1024)
      .notNullable()
      .comment(
        'The file name that chose the parser (the path for requirements files)',
      );
    table
      .text('lockfile')
      .notNullable()
      .comment(
        'JSON StoredLockfile: packages, unpinned names, includes, error',
      );
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['content_hash', 'format']);
  });
  await knex.schema.createTable('readiness_repository_revisions', table => {
    table.comment('The latest revision read of each repository');
    table
      .string('revision_key', 64)
      .primary()
      .comment(
        'sha256 of the location and the settings that decide what is read',
      );
    table
      .string('etag', 1024)
      .nullable()
      .comment(
        'Passed back to read it conditionally; null for local directories',
      );
    table
      .text('facts')
      .notNullable()
      .comment('JSON RepositoryFacts without the lockfile packages');
    table.timestamp('fetched_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('readiness_repository_lockfiles', table => {
    table.comment('The lockfiles of a stored revision, in order');
    table.string('revision_key', 64).notNullable();
    table.integer('position').notNullable();
    table.text('path').notNullable();
    table.string('content_hash', 64).notNullable();
    table.string('format', 1024).notNullable();
    table.primary(['revision_key', 'position']);
    table.index(
      ['content_hash', 'format'],
      'readiness_repository_lockfiles_content_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_repository_lockfiles');
  await knex.schema.dropTable('readiness_repository_revisions');
  await knex.schema.dropTable('readiness_lockfiles');
};
