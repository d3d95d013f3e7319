import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchDatabase } from './backend';
import {
  postgresPrefix,
  runCycle,
  startWithCatalog,
  type SizeContext,
} from './catalogRun';
import { log } from './log';
import { changeRepositories } from './secondCycle';
import { measureEvidenceVolume, measurePreview } from './preview';
import { timeRequests } from './stats';

/**
 * One backend on one database against one workload: start-up, catalog
 * ingestion, a first collection cycle, a second with a share of the
 * repositories changed (when asked), and the read paths.
 */
export async function benchBackend(ctx: SizeContext, database: BenchDatabase) {
  const { options, workload, osv, github } = ctx;
  const workDir = join(options.workDir, `run-${workload.size}-${database}`);
  await rm(workDir, { recursive: true, force: true });
  const [started] = await startWithCatalog(ctx, {
    database,
    kind: 'readiness',
    postgresPrefix: postgresPrefix(options, 'single'),
    instances: [{ port: options.port, token: 'bench-single' }],
    workDir,
  });
  const { backend } = started;
  try {
    // The catalog's own ingestion peak is not Readiness's: measure the
    // collection's peak from here too.
    const peakSinceStartBeforeReset = await backend.peakRssMiB();
    await backend.resetPeakRss();
    osv.reset();
    github.reset();
    const { runs, cycleMs } = await runCycle(backend, workload.size);
    const osvCalls = { ...osv.counts };
    const repositoryRequests = { ...github.counts };
    // Logged as well, for a run stopped before its results are written.
    log(
      `first cycle: ${JSON.stringify({ cycleMs, osvCalls, repositoryRequests })}`,
    );
    const collectionPeakRssMiB = await backend.peakRssMiB();
    // VmHWM since the reset; the larger of both is the process's peak.
    const peakRssMiB = Math.max(
      peakSinceStartBeforeReset,
      collectionPeakRssMiB,
    );

    let secondCycle;
    if (options.scenarios.has('second')) {
      secondCycle = await changeRepositories(ctx, async changed => {
        osv.reset();
        github.reset();
        log(`second cycle: ${changed.length} repositories changed`);
        const second = await runCycle(backend, workload.size);
        return {
          ...second,
          changed: changed.length,
          repositoryRequests: { ...github.counts },
          osvCalls: { ...osv.counts },
        };
      });
      log(`second cycle: ${JSON.stringify(secondCycle)}`);
    }

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
    preview.evidence = await measureEvidenceVolume({
      database,
      postgresPrefix: postgresPrefix(options, 'single'),
      workDir,
    }).catch(error => {
      log(`could not count the evidence volume: ${error}`);
      return undefined;
    });
    log(`preview: ${JSON.stringify(preview)}`);
    const sample = await backend.fetchJson(
      `/api/readiness/v1/summaries?limit=1&stopWork=true`,
    );
    const { backend: _running, ...startup } = started;
    return {
      database,
      ...startup,
      runs,
      cycleMs,
      collectionPeakRssMiB: Math.round(collectionPeakRssMiB),
      peakRssMiB: Math.round(peakRssMiB),
      osvCalls,
      repositoryRequests,
      secondCycle,
      summaries,
      summariesParallel8: summariesParallel,
      entityReport,
      catalogEntity,
      preview,
      stopWorkComponents: sample.totalCount,
      reportedComponents: first.totalCount,
      firstRow: first.items[0]?.entityRef as string | undefined,
      workDir,
      log: backend.logFile,
    };
  } finally {
    await backend.stop();
  }
}
