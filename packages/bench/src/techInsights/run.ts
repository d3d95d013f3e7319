import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnBackend, waitFor } from '../backend';
import type { WorkloadManifest } from '../generate';
import { timeRequests } from '../stats';
import { BENCH_FACT_RETRIEVER_ID, techInsightsConfig } from './benchFacts';

/** What Tech Insights did on the benchmark's catalog. */
export interface TechInsightsResult {
  checks: number;
  backendStartupMs: number;
  /** From ready to the fact retriever's first run stored for every component. */
  factRetrievalMs: number;
  peakRssMiB: number;
  /** `POST /api/tech-insights/checks/run` for 50 entities (a scorecard page). */
  bulkCheck50: Awaited<ReturnType<typeof timeRequests>>;
  /** The same endpoint for every entity at once (`entities: []`). */
  bulkCheckAllMs: number;
  bulkCheckAllEntities: number;
}

/**
 * Runs Tech Insights in its own backend process (SQLite, port `port`) on
 * the workload, waits for its facts, then times its bulk check endpoint.
 */
export async function runTechInsights(options: {
  repoRoot: string;
  workDir: string;
  port: number;
  workload: WorkloadManifest;
  requests: number;
}): Promise<TechInsightsResult> {
  const { workload } = options;
  const workDir = join(options.workDir, `tech-insights-${workload.size}`);
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const baseUrl = `http://localhost:${options.port}`;
  const configFile = join(workDir, 'app-config.tech-insights.yaml');
  await writeFile(
    configFile,
    JSON.stringify({
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: { port: options.port },
        database: {
          client: 'better-sqlite3',
          connection: { directory: join(workDir, 'sqlite') },
        },
      },
      auth: { providers: { guest: {} } },
      techInsights: techInsightsConfig(),
    }),
  );
  const started = Date.now();
  const backend = await spawnBackend({
    cwd: join(options.repoRoot, 'packages/bench'),
    script: 'src/techInsights/server.ts',
    configFile,
    logFile: join(workDir, 'tech-insights.log'),
    port: options.port,
    env: { BENCH_WORKLOAD: join(workload.root, 'workload.json') },
  });
  try {
    const backendStartupMs = Date.now() - started;
    const ready = Date.now();
    const last = workload.components.at(-1)!;
    await waitFor(
      'Tech Insights facts for every component',
      60 * 60_000,
      async () => {
        const facts = await backend.fetchJson(
          `/api/tech-insights/facts/latest?entity=${encodeURIComponent(
            `component:default/${last}`,
          )}&ids[]=${BENCH_FACT_RETRIEVER_ID}`,
        );
        return facts?.[BENCH_FACT_RETRIEVER_ID] ? true : undefined;
      },
      1000,
    );
    const factRetrievalMs = Date.now() - ready;
    const pageOf = (i: number) =>
      Array.from({ length: 50 }, (_, j) => ({
        namespace: 'default',
        kind: 'component',
        name: workload.components[(i * 50 + j) % workload.size],
      }));
    const bulk = (entities: unknown[]) =>
      backend.fetchJson('/api/tech-insights/checks/run', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ entities }),
      });
    const bulkCheck50 = await timeRequests({
      count: options.requests,
      parallel: 1,
      warmup: 10,
      request: i => bulk(pageOf(i)),
    });
    const allStarted = performance.now();
    const all = await bulk([]);
    const bulkCheckAllMs = Math.round(performance.now() - allStarted);
    return {
      checks: Object.keys(techInsightsConfig().factChecker.checks).length,
      backendStartupMs,
      factRetrievalMs,
      peakRssMiB: Math.round(await backend.peakRssMiB()),
      bulkCheck50,
      bulkCheckAllMs,
      bulkCheckAllEntities: all.length,
    };
  } finally {
    await backend.stop();
  }
}
