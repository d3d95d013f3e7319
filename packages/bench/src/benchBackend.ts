import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import knexFactory from 'knex';
import type { CollectionProgress } from '@readiness/plugin-readiness-common';
import {
  startBackend,
  waitFor,
  type BenchDatabase,
  type RunningBackend,
} from './backend';
import type { FakeOsv } from './fakeOsv';
import type { WorkloadManifest } from './generate';
import { log } from './log';
import type { BenchOptions } from './options';
import { REPO_ROOT } from './repoRoot';
import { measurePreview } from './preview';
import { measureScorecard } from './scorecard';
import { timeRequests } from './stats';

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

/**
 * One backend on one database against one workload: start-up, catalog
 * ingestion, a collection cycle, the read paths and, when asked, the
 * scorecard's first view.
 */
export async function benchBackend(
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
    log('rule preview over the whole catalog');
    const preview = await measurePreview(backend, 3);
    log(`preview: ${JSON.stringify(preview)}`);
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
      preview,
      stopWorkComponents: sample.totalCount,
      reportedComponents: first.totalCount,
      scorecard,
      log: backend.logFile,
    };
  } finally {
    await backend.stop();
  }
}
