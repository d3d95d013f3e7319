#!/usr/bin/env node
// Load test of the Readiness REST API on the real portal backend
// (packages/backend, example catalog, SQLite in memory, on 127.0.0.1 only).
// Starts the backend, waits for the first collection, then runs 50
// connections for 60 s, bounded in requests too: 25 on GET /v1/summaries and
// 25 on one entity's full report, with a guest user's token. Writes the
// errors and the p50, p95 and p99 latencies to docs/benchmarks.md, section
// "Load". Usage: node scripts/load/run.mjs [--port 7307] [--duration 60]
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const arg = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const port = arg('port', 7307);
const duration = arg('duration', 60);
const connections = 50;
// A bound on requests besides the time: far above what 60 s can reach here.
const maxRequestsPerTarget = 1_000_000;
const base = `http://127.0.0.1:${port}`;

const configDir = mkdtempSync(join(tmpdir(), 'readiness-load-'));
const configFile = join(configDir, 'app-config.load.yaml');
writeFileSync(
  configFile,
  [
    'app:',
    `  baseUrl: ${base}`,
    'backend:',
    `  baseUrl: ${base}`,
    `  listen: { host: 127.0.0.1, port: ${port} }`,
    '  cors: { origin: ' + base + ' }',
    '',
  ].join('\n'),
);

const logFile = join(configDir, 'backend.log');
const log = [];
// The backend process itself, as `backstage-cli package start` runs it, so
// this script owns its pid and can stop it.
const backend = spawn(
  process.execPath,
  [
    '--enable-source-maps',
    '--require',
    join(root, 'node_modules/@backstage/cli-node/config/nodeTransform.cjs'),
    'src/index',
    '--config',
    join(root, 'app-config.yaml'),
    '--config',
    configFile,
  ],
  {
    cwd: join(root, 'packages/backend'),
    env: {
      ...process.env,
      NODE_ENV: 'development',
      ESBK_TSCONFIG_PATH: join(root, 'tsconfig.json'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
backend.stdout.on('data', d => log.push(d));
backend.stderr.on('data', d => log.push(d));
const stopBackend = () => {
  if (backend.exitCode === null) backend.kill('SIGKILL');
};
process.on('exit', stopBackend);
process.on('SIGINT', () => process.exit(130));

function fail(message) {
  writeFileSync(logFile, Buffer.concat(log));
  console.error(`load: ${message} (backend log: ${logFile})`);
  process.exit(1);
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

async function waitFor(what, seconds, probe) {
  for (let i = 0; i < seconds; i++) {
    if (backend.exitCode !== null)
      fail(`the backend exited while waiting for ${what}`);
    try {
      const value = await probe();
      if (value) return value;
    } catch {
      // not yet
    }
    await sleep(1000);
  }
  return fail(`no ${what} after ${seconds} s`);
}

const started = Date.now();
await waitFor(
  'health',
  180,
  async () => (await fetch(`${base}/.backstage/health/v1/readiness`)).ok,
);
const token = await waitFor('guest token', 30, async () => {
  const res = await fetch(`${base}/api/auth/guest/refresh`, { method: 'POST' });
  return res.ok ? (await res.json()).backstageIdentity.token : undefined;
});
const headers = { authorization: `Bearer ${token}` };
const entityPath = '/api/readiness/v1/entities/component/default/claude-flow';
const summariesPath = '/api/readiness/v1/summaries?limit=50';
// The first collection: claude-flow's report comes from its repository.
await waitFor('first collection', 180, async () => {
  const res = await fetch(`${base}${entityPath}`, { headers });
  return res.ok && (await res.json()).stopWork.active;
});
const summaries = await (
  await fetch(`${base}${summariesPath}`, { headers })
).json();
console.log(
  `backend up and collected in ${Math.round((Date.now() - started) / 1000)} s; ${summaries.totalCount} summaries`,
);

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

/** One autocannon run; latencies of every response, for exact percentiles. */
function load(name, path, share) {
  const times = [];
  const statuses = new Map();
  return new Promise((resolveRun, rejectRun) => {
    const instance = autocannon(
      {
        url: `${base}${path}`,
        headers,
        connections: share,
        duration,
        maxOverallRequests: maxRequestsPerTarget,
        timeout: 10,
      },
      (error, result) => {
        if (error) return rejectRun(error);
        times.sort((a, b) => a - b);
        return resolveRun({
          name,
          path,
          connections: share,
          requests: result.requests.total,
          rps: result.requests.average,
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
          statuses: Object.fromEntries(statuses),
          p50: percentile(times, 50),
          p95: percentile(times, 95),
          p99: percentile(times, 99),
          max: times[times.length - 1],
        });
      },
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      times.push(responseTime);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
  });
}

const loadBefore = loadavg()[0];
console.log(`${connections} connections for ${duration} s ...`);
const results = await Promise.all([
  load('summaries', summariesPath, connections / 2),
  load('entity report', entityPath, connections / 2),
]);
const loadAfter = loadavg()[0];
// A graceful stop first; the exit handler kills it if it lingers.
backend.kill('SIGTERM');
await Promise.race([new Promise(r => backend.once('exit', r)), sleep(15_000)]);

const ms = v => `${v.toFixed(1)} ms`;
const rows = results.map(
  r =>
    `| \`GET ${r.path}\` | ${r.connections} | ${r.requests} | ${Math.round(r.rps)} | ${
      r.errors + r.timeouts + r.non2xx
    } | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} |`,
);
for (const r of results) console.log(JSON.stringify(r));
const totalErrors = results.reduce(
  (n, r) => n + r.errors + r.timeouts + r.non2xx,
  0,
);

const section = `## Load

Measured by \`node scripts/load/run.mjs\` (autocannon): the portal backend
(\`packages/backend\`: example catalog, SQLite in memory, permission framework
with the allow-all policy) on 127.0.0.1:${port}, after its first collection;
${connections} connections for ${duration} s, half on the summaries page and half on
claude-flow's full report, with a guest user's token. Latencies are exact
percentiles over every response. Errors count connection errors, timeouts
(10 s) and non-2xx answers.

Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.versions.node},
${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB. Its 1-minute load average was
${loadBefore.toFixed(1)} before the run and ${loadAfter.toFixed(1)} at its end (backend and load
generator included; the load generator shares the 2 cores with the backend).

| endpoint | connections | requests | req/s | errors | p50 | p95 | p99 | max |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Errors in all: ${totalErrors}.
`;

const file = join(root, 'docs/benchmarks.md');
let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
const start = text.indexOf('\n## Load\n');
if (start >= 0) {
  const next = text.indexOf('\n## ', start + 1);
  text =
    text.slice(0, start + 1) + section + (next >= 0 ? text.slice(next) : '');
} else {
  text = `${text.trimEnd()}\n\n${section}`;
}
writeFileSync(file, text);
// Formatted as the repository's format check expects.
spawnSync(
  process.execPath,
  [join(root, 'scripts/yarn.js'), 'prettier', '--write', file],
  {
    cwd: root,
    stdio: 'ignore',
  },
);
console.log(`load: ${totalErrors} errors; written to docs/benchmarks.md`);
process.exit(totalErrors === 0 ? 0 : 1);
