/*
 * Steps every measured backend shares: a clean database, start-up, the
 * catalog filled and ingested, and a collector run triggered and timed.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import knexFactory from 'knex';
import type { CollectionProgress } from '@readiness/plugin-readiness-common';
import {
  startBackend,
  waitFor,
  type BackendKind,
  type BenchDatabase,
  type RunningBackend,
} from './backend';
import type { FakeGithub } from './fakeGithub';
import type { FakeOsv } from './fakeOsv';
import type { WorkloadManifest } from './generate';
import { log } from './log';
import type { BenchOptions } from './options';
import { REPO_ROOT } from './repoRoot';

export async function dropPostgresDatabases(prefix: string) {
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
      [`${prefix.replace(/_/g, '\\_')}%`],
    );
    for (const { datname } of rows as Array<{ datname: string }>) {
      await knex.raw('DROP DATABASE ?? WITH (FORCE)', [datname]);
    }
  } finally {
    await knex.destroy();
  }
}

/**
 * The PostgreSQL databases of one role (single, bare, replicas) of a run,
 * named after its port, so that benchmarks run at the same time on other
 * ports never drop each other's.
 */
export function postgresPrefix(options: BenchOptions, role: string) {
  return `readiness_bench_${options.port}_${role}_`;
}

export interface CollectorRun {
  collector: string;
  /**
   * From the start of the task's first run (a phased collector's read run)
   * to the end of its last: the collection itself.
   */
  wallMs: number;
  /**
   * From the trigger to that start: the scheduler's poll for due tasks
   * (up to 5 s in Backstage), not Readiness's work, so not in `wallMs`.
   */
  triggerDelayMs: number;
  entitiesDone: number;
  entitiesFailed: number;
}

/** Triggers a collector through the scheduler and waits for its run to end. */
export async function runCollector(
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
    3 * 60 * 60_000,
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
  // A phased collector's cycle begins with its read run.
  const readRun = (
    await backend.fetchJson<CollectionProgress>('/api/readiness/v1/collection')
  ).runs.find(run => run.task === `${collector}:read`);
  // Runs of this trigger, not of an earlier cycle (stored times may be
  // rounded to the second).
  const firstStart = [progress.startedAt, readRun?.startedAt]
    .map(at => (at ? Date.parse(at) : NaN))
    .filter(at => at >= started - 1_000)
    .reduce((earliest, at) => Math.min(earliest, at), Infinity);
  const runStart = Number.isFinite(firstStart)
    ? Math.max(firstStart, started)
    : started;
  const wallMs = Date.parse(progress.finishedAt!) - runStart;
  if (progress.entitiesTotal !== expected) {
    log(
      `warning: the ${collector} run saw ${progress.entitiesTotal} entities, expected ${expected}`,
    );
  }
  return {
    collector,
    wallMs,
    triggerDelayMs: runStart - started,
    entitiesDone: progress.entitiesDone,
    entitiesFailed: progress.entitiesFailed,
  };
}

/** The `catalog` then the `repository` collector: one collection cycle. */
export async function runCycle(backend: RunningBackend, size: number) {
  const runs: CollectorRun[] = [];
  for (const collector of ['catalog', 'repository']) {
    runs.push(await runCollector(backend, collector, size));
    log(`${collector} run: ${JSON.stringify(runs.at(-1))}`);
  }
  return { runs, cycleMs: runs.reduce((sum, run) => sum + run.wallMs, 0) };
}

/** Waits until neither collector is running nor due before an hour. */
async function waitForStartupRuns(backend: RunningBackend) {
  await waitFor('the start-up collection runs', 180_000, async () => {
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
}

export interface StartedWithCatalog {
  backend: RunningBackend;
  backendStartupMs: number;
  rssAtReadyMiB: number;
  catalogIngestMs: number;
  rssBeforeCollectionMiB: number;
  peakRssBeforeCollectionMiB: number;
}

/** What the backends of one catalog size share. */
export interface SizeContext {
  options: BenchOptions;
  workload: WorkloadManifest;
  osv: FakeOsv;
  github: FakeGithub;
}

/** The live catalog file every backend of a workload registers. */
export function liveCatalogOf(workload: WorkloadManifest) {
  // At the workload's root, so relative locations resolve.
  return join(workload.root, 'catalog-live.yaml');
}

/**
 * Starts backends on an empty catalog (so their start-up collection runs
 * find nothing and leave the OSV cache cold), then fills the catalog and
 * waits until every component is in. Several backends (replicas) start
 * together on one database.
 */
export async function startWithCatalog(
  ctx: SizeContext,
  setup: {
    database: BenchDatabase;
    kind: BackendKind;
    postgresPrefix: string;
    instances: Array<{ port: number; token: string }>;
    workDir: string;
  },
): Promise<StartedWithCatalog[]> {
  const { options, workload } = ctx;
  await mkdir(setup.workDir, { recursive: true });
  if (setup.database === 'postgres') {
    await dropPostgresDatabases(setup.postgresPrefix);
  }
  const liveCatalog = liveCatalogOf(workload);
  await writeFile(liveCatalog, '');
  const started: Array<
    Omit<
      StartedWithCatalog,
      | 'catalogIngestMs'
      | 'rssBeforeCollectionMiB'
      | 'peakRssBeforeCollectionMiB'
    >
  > = [];
  try {
    for (const instance of setup.instances) {
      log(
        `${workload.size} components, ${setup.database}, ${setup.kind} on port ${instance.port}: starting`,
      );
      const backendStarted = Date.now();
      const backend = await startBackend({
        repoRoot: REPO_ROOT,
        workDir: setup.workDir,
        port: instance.port,
        database: setup.database,
        catalogFile: liveCatalog,
        allowedRoot: workload.root,
        osvUrl: ctx.osv.url,
        githubApiBaseUrl: ctx.github.apiBaseUrl,
        githubToken: instance.token,
        concurrency: options.concurrency,
        postgresPrefix: setup.postgresPrefix,
        heapMb: options.heapMb,
        osvBatchWindowMs: options.osvBatchWindowMs,
        kind: setup.kind,
      });
      started.push({
        backend,
        backendStartupMs: Date.now() - backendStarted,
        rssAtReadyMiB: Math.round(await backend.rssMiB()),
      });
      log(`backend pid ${backend.pid} ready`);
    }
    if (setup.kind === 'readiness') {
      for (const { backend } of started) await waitForStartupRuns(backend);
    }
    const first = started[0].backend;
    await copyFile(workload.catalogFile, liveCatalog);
    // The config's location entity appears once the catalog has processed it;
    // refreshed before then, the catalog would take its own time.
    const locations = await waitFor(
      'the catalog location',
      180_000,
      async () => {
        const { items } = await first.fetchJson(
          '/api/catalog/entities/by-query?filter=kind=location&limit=100',
        );
        return items.length > 0 ? (items as any[]) : undefined;
      },
    );
    for (const location of locations) {
      await first.fetchJson('/api/catalog/refresh', {
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
      3 * 60 * 60_000,
      async () => {
        const page = await first.fetchJson(
          '/api/catalog/entities/by-query?filter=kind=component&limit=1',
        );
        return page.totalItems >= workload.size ? true : undefined;
      },
      2000,
    );
    const catalogIngestMs = Date.now() - ingestStarted;
    log(`catalog ingested in ${catalogIngestMs} ms`);
    const result: StartedWithCatalog[] = [];
    for (const instance of started) {
      result.push({
        ...instance,
        catalogIngestMs,
        rssBeforeCollectionMiB: Math.round(await instance.backend.rssMiB()),
        peakRssBeforeCollectionMiB: Math.round(
          await instance.backend.peakRssMiB(),
        ),
      });
    }
    return result;
  } catch (error) {
    await Promise.all(started.map(({ backend }) => backend.stop()));
    throw error;
  }
}
