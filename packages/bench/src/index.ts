/*
 * `yarn bench`: Readiness at scale. See README.md of this package for what is
 * measured and how; results go to docs/benchmarks.json and docs/benchmarks.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import knexFactory from 'knex';
import type { CollectionProgress } from '@readiness/plugin-readiness-common';
import {
  startBackend,
  waitFor,
  type BenchDatabase,
  type RunningBackend,
} from './backend';
import { startFakeOsv, type FakeOsv } from './fakeOsv';
import { generateWorkload, type WorkloadManifest } from './generate';
import { runNaiveBaseline } from './naive';
import { renderMarkdown } from './report';
import { measureScorecard } from './scorecard';
import { runTechInsights } from './techInsights/run';
import { percentile, timeRequests } from './stats';

export interface BenchOptions {
  sizes: number[];
  databases: BenchDatabase[];
  seed: number;
  port: number;
  osvPort: number;
  osvLatencyMs: number;
  concurrency: number;
  requests: number;
  naiveSample: number;
  scorecard: boolean;
  techInsights: boolean;
  techInsightsPort: number;
  workDir: string;
  output: string;
  /** The backend's V8 heap limit in MiB (`--max-old-space-size`); 0 for Node's default. */
  heapMb: number;
  /** The backend's OSV batch window; its default when absent. */
  osvBatchWindowMs?: number;
}

/** The repository root: the nearest folder up from here with packages/backend. */
function findRepoRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'packages/backend/package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`No repository root above ${from}`);
    }
    dir = parent;
  }
  return dir;
}

// `yarn bench` runs in packages/bench.
const REPO_ROOT = findRepoRoot(process.cwd());

function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    sizes: [1000, 10000],
    databases: ['sqlite', 'postgres'],
    seed: 42,
    port: 7207,
    osvPort: 7211,
    osvLatencyMs: 20,
    concurrency: 16,
    requests: 200,
    naiveSample: 20,
    scorecard: true,
    techInsights: true,
    techInsightsPort: 7212,
    workDir: join(os.tmpdir(), 'readiness-bench'),
    output: join(REPO_ROOT, 'docs'),
    heapMb: 0,
  };
  const number = (flag: string, value: string | undefined) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) {
      throw new Error(`${flag}: expected a whole number, got ${value}`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--sizes':
        options.sizes = (value ?? '').split(',').map(s => number(flag, s));
        i++;
        break;
      case '--db':
        options.databases = (value ?? '').split(',').map(db => {
          if (db !== 'sqlite' && db !== 'postgres') {
            throw new Error(`--db: expected sqlite and/or postgres, got ${db}`);
          }
          return db;
        });
        i++;
        break;
      case '--seed':
      case '--port':
      case '--osv-port':
      case '--osv-latency':
      case '--concurrency':
      case '--requests':
      case '--naive-sample':
      case '--heap-mb':
      case '--osv-batch-window':
      case '--tech-insights-port': {
        const key = {
          '--seed': 'seed',
          '--port': 'port',
          '--osv-port': 'osvPort',
          '--osv-latency': 'osvLatencyMs',
          '--concurrency': 'concurrency',
          '--requests': 'requests',
          '--naive-sample': 'naiveSample',
          '--heap-mb': 'heapMb',
          '--osv-batch-window': 'osvBatchWindowMs',
          '--tech-insights-port': 'techInsightsPort',
        }[flag] as keyof BenchOptions;
        (options as any)[key] = number(flag, value);
        i++;
        break;
      }
      case '--no-scorecard':
        options.scorecard = false;
        break;
      case '--no-tech-insights':
        options.techInsights = false;
        break;
      case '--work-dir':
        options.workDir = resolve(value ?? '');
        i++;
        break;
      case '--output':
        options.output = resolve(value ?? '');
        i++;
        break;
      default:
        throw new Error(
          `Unknown option ${flag}. Options: --sizes 1000,10000 --db sqlite,postgres --seed 42 --port 7207 --osv-port 7211 --osv-latency 20 --concurrency 16 --requests 200 --naive-sample 20 --heap-mb 0 --osv-batch-window <ms> --tech-insights-port 7212 --no-scorecard --no-tech-insights --work-dir <dir> --output <dir>`,
        );
    }
  }
  return options;
}

function log(message: string) {
  process.stdout.write(`[bench ${new Date().toISOString()}] ${message}\n`);
}

function loadAverage(): string {
  return os
    .loadavg()
    .map(n => n.toFixed(2))
    .join(', ');
}

async function dropPostgresDatabases(prefix: string) {
  const knex = knexFactory({
    client: 'pg',
    connection: {
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      password: 'postgres',
      database: 'postgres',
    },
  });
  try {
    const { rows } = await knex.raw(
      'SELECT datname FROM pg_database WHERE datname LIKE ?',
      [`${prefix}%`],
    );
    for (const { datname } of rows as Array<{ datname: string }>) {
      await knex.raw('DROP DATABASE ?? WITH (FORCE)', [datname]);
    }
  } finally {
    await knex.destroy();
  }
}

interface CollectorRun {
  collector: string;
  wallMs: number;
  entitiesDone: number;
  entitiesFailed: number;
}

async function runCollector(
  backend: RunningBackend,
  collector: string,
  expected: number,
): Promise<CollectorRun> {
  const runOf = (p: CollectionProgress) =>
    p.runs.find(run => run.task === collector);
  const before = runOf(await backend.fetchJson('/api/readiness/v1/collection'));
  const started = Date.now();
  await backend.fetchJson(
    `/api/readiness/.backstage/scheduler/v1/tasks/readiness-collect-${collector}/trigger`,
    { method: 'POST' },
  );
  const progress = await waitFor(
    `the ${collector} collection run`,
    60 * 60_000,
    async () => {
      const run = runOf(
        await backend.fetchJson('/api/readiness/v1/collection'),
      );
      // A run of its own: not the one that was there before the trigger.
      const isNew = run && run.startedAt !== before?.startedAt;
      return isNew && run.finishedAt ? run : undefined;
    },
    250,
  );
  const wallMs = Date.parse(progress.finishedAt!) - started;
  if (progress.entitiesTotal !== expected) {
    log(
      `warning: the ${collector} run saw ${progress.entitiesTotal} entities, expected ${expected}`,
    );
  }
  return {
    collector,
    wallMs,
    entitiesDone: progress.entitiesDone,
    entitiesFailed: progress.entitiesFailed,
  };
}

async function benchBackend(
  options: BenchOptions,
  workload: WorkloadManifest,
  osv: FakeOsv,
  database: BenchDatabase,
  withScorecard: boolean,
) {
  const workDir = join(options.workDir, `run-${workload.size}-${database}`);
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const postgresPrefix = 'readiness_bench_';
  if (database === 'postgres') await dropPostgresDatabases(postgresPrefix);

  // The backend starts with an empty catalog file at the workload's root
  // (so relative `dir:` locations resolve), filled once it is up.
  const liveCatalog = join(workload.root, 'catalog-live.yaml');
  await writeFile(liveCatalog, '');
  log(`${workload.size} components, ${database}: starting the backend`);
  const backendStarted = Date.now();
  const backend = await startBackend({
    repoRoot: REPO_ROOT,
    workDir,
    port: options.port,
    database,
    catalogFile: liveCatalog,
    allowedRoot: workload.root,
    osvUrl: osv.url,
    concurrency: options.concurrency,
    postgresPrefix,
    heapMb: options.heapMb,
    osvBatchWindowMs: options.osvBatchWindowMs,
  });
  try {
    const startupMs = Date.now() - backendStarted;
    const rssAtReadyMiB = await backend.rssMiB();
    log(`backend pid ${backend.pid} ready in ${startupMs} ms`);
    await waitFor('the start-up collection runs', 120_000, async () => {
      const { tasks } = await backend.fetchJson(
        '/api/readiness/.backstage/scheduler/v1/tasks',
      );
      const done = ['catalog', 'repository'].every(collector => {
        const task = tasks.find(
          (t: any) => t.taskId === `readiness-collect-${collector}`,
        );
        return (
          task?.workerState?.status === 'idle' &&
          task?.taskState?.status === 'idle' &&
          Date.parse(task.taskState.startsAt) > Date.now() + 60 * 60_000
        );
      });
      return done ? true : undefined;
    });
    // Now the catalog gets its components.
    await copyFile(workload.catalogFile, liveCatalog);
    const { items: locations } = await backend.fetchJson(
      '/api/catalog/entities/by-query?filter=kind=location&limit=100',
    );
    for (const location of locations) {
      await backend.fetchJson('/api/catalog/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          entityRef: `location:default/${location.metadata.name}`,
        }),
      });
    }
    log('waiting for the catalog');
    const ingestStarted = Date.now();
    await waitFor(
      'the catalog to hold every component',
      60 * 60_000,
      async () => {
        const page = await backend.fetchJson(
          '/api/catalog/entities/by-query?filter=kind=component&limit=1',
        );
        return page.totalItems >= workload.size ? true : undefined;
      },
      2000,
    );
    const catalogIngestMs = Date.now() - ingestStarted;
    const rssBeforeMiB = await backend.rssMiB();
    const peakBeforeMiB = await backend.peakRssMiB();
    log(`catalog ingested in ${catalogIngestMs} ms; collecting`);

    // The catalog's own ingestion peak is not Readiness's: measure the
    // collection's peak from here.
    await backend.resetPeakRss();
    osv.reset();
    const runs: CollectorRun[] = [];
    for (const collector of ['catalog', 'repository']) {
      runs.push(await runCollector(backend, collector, workload.size));
      log(`${collector} run: ${JSON.stringify(runs.at(-1))}`);
    }
    const osvCalls = { ...osv.counts };
    const collectionPeakRssMiB = await backend.peakRssMiB();
    const cycleMs = runs.reduce((sum, run) => sum + run.wallMs, 0);

    // Read paths, once every report is stored.
    const first = await backend.fetchJson(
      '/api/readiness/v1/summaries?limit=50',
    );
    const cursor = first.nextCursor as string | undefined;
    const summaryQueries = [
      'limit=50',
      'limit=50&sort=-score',
      'limit=50&tier=mvs',
      'limit=50&stopWork=true',
      'limit=50&owner=group:default/team-3',
      'limit=50&lifecycle=production&sort=-score',
      'limit=50&q=svc-01',
      ...(cursor ? [`limit=50&cursor=${encodeURIComponent(cursor)}`] : []),
      'limit=1&tier=enterprise',
      'limit=1&stopWork=true',
    ];
    const summaries = await timeRequests({
      count: options.requests,
      parallel: 1,
      warmup: 10,
      request: i =>
        backend.fetchJson(
          `/api/readiness/v1/summaries?${summaryQueries[i % summaryQueries.length]}`,
        ),
    });
    const summariesParallel = await timeRequests({
      count: options.requests,
      parallel: 8,
      warmup: 0,
      request: i =>
        backend.fetchJson(
          `/api/readiness/v1/summaries?${summaryQueries[i % summaryQueries.length]}`,
        ),
    });
    const step = Math.max(1, Math.floor(workload.size / options.requests));
    const entityReport = await timeRequests({
      count: options.requests,
      parallel: 1,
      warmup: 10,
      request: i =>
        backend.fetchJson(
          `/api/readiness/v1/entities/component/default/${
            workload.components[(i * step) % workload.size]
          }`,
        ),
    });
    // The report route first asks the catalog whether the caller may see the
    // entity: the catalog's own latency, for comparison.
    const catalogEntity = await timeRequests({
      count: options.requests,
      parallel: 1,
      warmup: 10,
      request: i =>
        backend.fetchJson(
          `/api/catalog/entities/by-name/component/default/${
            workload.components[(i * step) % workload.size]
          }`,
        ),
    });
    const sample = await backend.fetchJson(
      `/api/readiness/v1/summaries?limit=1&stopWork=true`,
    );
    let scorecard;
    if (withScorecard) {
      log('scorecard first view in headless Chromium');
      try {
        scorecard = await measureScorecard({
          baseUrl: backend.baseUrl,
          rowText: first.items[0].entityRef.replace(/^component:default\//, ''),
        });
      } catch (error) {
        scorecard = { error: String(error) };
      }
    }
    return {
      database,
      backendStartupMs: startupMs,
      rssAtReadyMiB: Math.round(rssAtReadyMiB),
      catalogIngestMs,
      rssBeforeCollectionMiB: Math.round(rssBeforeMiB),
      peakRssBeforeCollectionMiB: Math.round(peakBeforeMiB),
      runs,
      cycleMs,
      collectionPeakRssMiB: Math.round(collectionPeakRssMiB),
      osvCalls,
      summaries,
      summariesParallel8: summariesParallel,
      entityReport,
      catalogEntity,
      stopWorkComponents: sample.totalCount,
      reportedComponents: first.totalCount,
      scorecard,
      log: backend.logFile,
    };
  } finally {
    await backend.stop();
  }
}

function timeScan(runs: number) {
  const cli = join(REPO_ROOT, 'plugins/readiness-cli/bin/readiness');
  const args = [
    cli,
    'scan',
    'examples/claude-flow',
    '--advisories',
    'examples/advisories',
    '--format',
    'json',
  ];
  const times: number[] = [];
  let status: number | null = null;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    times.push(performance.now() - started);
    status = result.status;
  }
  return {
    command: `node plugins/readiness-cli/bin/readiness ${args.slice(1).join(' ')}`,
    runs,
    exitStatus: status,
    medianMs: Math.round(percentile(times, 50)),
    maxMs: Math.round(Math.max(...times)),
    allMs: times.map(Math.round),
  };
}

function machine() {
  const cpus = os.cpus();
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }).trim();
  } catch {
    commit = 'unknown';
  }
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    commit,
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const loadAtStart = loadAverage();
  log(`options ${JSON.stringify(options)}; load average ${loadAtStart}`);
  await mkdir(options.workDir, { recursive: true });
  const appBuilt = existsSync(join(REPO_ROOT, 'packages/app/dist/index.html'));
  if (options.scorecard && !appBuilt) {
    log(
      'packages/app/dist is missing: run `yarn workspace app build` for the scorecard view',
    );
  }

  const scan = timeScan(5);
  log(`scan: ${JSON.stringify(scan)}`);

  const sizes = [];
  const largest = Math.max(...options.sizes);
  for (const size of options.sizes) {
    const generateStarted = Date.now();
    const workload = await generateWorkload({
      size,
      seed: options.seed,
      directory: options.workDir,
    });
    const generateMs = Date.now() - generateStarted;
    log(
      `workload ${size}: ${workload.uniquePackages} unique packages, ${workload.uniqueAdvisories} advisories (${generateMs} ms)`,
    );
    const osv = await startFakeOsv({
      advisoryIds: workload.advisoryIds,
      advisories: workload.advisories,
      latencyMs: options.osvLatencyMs,
      port: options.osvPort,
    });
    try {
      const backends = [];
      for (const database of options.databases) {
        backends.push(
          await benchBackend(
            options,
            workload,
            osv,
            database,
            options.scorecard &&
              appBuilt &&
              size === largest &&
              database === options.databases[0],
          ),
        );
      }
      let techInsights;
      if (options.techInsights) {
        log('Tech Insights on the same catalog');
        try {
          techInsights = await runTechInsights({
            repoRoot: REPO_ROOT,
            workDir: options.workDir,
            port: options.techInsightsPort,
            workload,
            requests: options.requests,
          });
        } catch (error) {
          techInsights = { error: String(error) };
        }
        log(`Tech Insights: ${JSON.stringify(techInsights)}`);
      }
      osv.reset();
      log('naive baseline');
      const naive = await runNaiveBaseline({
        osvUrl: osv.url,
        root: workload.root,
        components: workload.components,
        lockedPackages: workload.lockedPackages,
        sample: options.naiveSample,
        concurrency: options.concurrency,
      });
      sizes.push({
        size,
        workload: {
          seed: workload.seed,
          lockedPackages: workload.lockedPackages,
          uniquePackages: workload.uniquePackages,
          uniqueAdvisories: workload.uniqueAdvisories,
          vulnerableComponents: workload.vulnerableComponents,
          generateMs,
        },
        osvBound:
          Math.ceil(workload.uniquePackages / 1000) + workload.uniqueAdvisories,
        backends,
        naive,
        techInsights,
      });
    } finally {
      await osv.close();
    }
  }

  const results = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command:
      `node scripts/yarn.js bench ${process.argv.slice(2).join(' ')}`.trim(),
    options,
    machine: machine(),
    loadAverage: { start: loadAtStart, end: loadAverage() },
    scan,
    sizes,
  };
  await mkdir(options.output, { recursive: true });
  await writeFile(
    join(options.output, 'benchmarks.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  const mdFile = join(options.output, 'benchmarks.md');
  const previous = existsSync(mdFile) ? await readFile(mdFile, 'utf8') : '';
  await writeFile(mdFile, renderMarkdown(results, previous));
  log(`wrote ${join(options.output, 'benchmarks.json')} and benchmarks.md`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
