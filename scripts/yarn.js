#!/usr/bin/env node
/*
 * Runs the Yarn release vendored in .yarn/releases, so that a machine with only
 * Node and npm can install and run this repository (`npm start`, `npm test`).
 *
 * better-sqlite3 is compiled from source when no prebuilt binary can be
 * downloaded; node-gyp then needs Node's headers. Point it at the headers that
 * ship with the running Node, when they exist, instead of downloading them.
 */
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join, resolve } = require('node:path');

const yarnRelease = resolve(__dirname, '../.yarn/releases/yarn-4.18.1.cjs');
const env = { ...process.env };
if (!env.npm_config_nodedir) {
  const nodePrefix = resolve(process.execPath, '../..');
  if (existsSync(join(nodePrefix, 'include/node/node_api.h'))) {
    env.npm_config_nodedir = nodePrefix;
  }
}

const result = spawnSync(
  process.execPath,
  [yarnRelease, ...process.argv.slice(2)],
  { stdio: 'inherit', env },
);
if (result.error) {
  throw result.error;
}
process.exit(result.status ?? 1);
