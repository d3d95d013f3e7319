import { loadavg } from 'node:os';
import { startBackend, waitFor, type BenchDatabase } from './backend';
import { liveCatalogOf, type SizeContext } from './catalogRun';
import { log } from './log';
import { prepareProductionBuild } from './production';
import { REPO_ROOT } from './repoRoot';
import { measureScorecard } from './scorecard';

/** First views measured, each in a fresh browser context; the median counts. */
const SCORECARD_VIEWS = 5;

/**
 * The scorecard's first view in the production build, on the database the
 * single-instance run left collected (its catalog and reports), with no
 * collection of its own: the built backend serves the built app.
 */
export async function benchProductionScorecard(
  ctx: SizeContext,
  setup: {
    database: BenchDatabase;
    /** The single-instance run's directory and database prefix. */
    workDir: string;
    postgresPrefix: string;
    rowText: string;
  },
) {
  const { options, workload } = ctx;
  const build = await prepareProductionBuild({
    repoRoot: REPO_ROOT,
    workDir: options.workDir,
  });
  const started = Date.now();
  const backend = await startBackend({
    repoRoot: REPO_ROOT,
    workDir: setup.workDir,
    port: options.port,
    database: setup.database,
    catalogFile: liveCatalogOf(workload),
    allowedRoot: workload.root,
    osvUrl: ctx.osv.url,
    githubApiBaseUrl: ctx.github.apiBaseUrl,
    githubToken: 'bench-production',
    concurrency: options.concurrency,
    postgresPrefix: setup.postgresPrefix,
    kind: 'production',
    productionRoot: build.root,
    startupRuns: false,
  });
  try {
    const backendStartupMs = Date.now() - started;
    await waitFor('the stored catalog', 120_000, async () => {
      const page = await backend.fetchJson(
        '/api/catalog/entities/by-query?filter=kind=component&limit=1',
      );
      return page.totalItems >= workload.size ? true : undefined;
    });
    log('scorecard first view in headless Chromium (production build)');
    const view = await measureScorecard({
      baseUrl: backend.baseUrl,
      rowText: setup.rowText.replace(/^component:default\//, ''),
      views: SCORECARD_VIEWS,
    });
    // Chromium and the backend share the machine: the load says how loaded.
    const loadAverage = Number(loadavg()[0].toFixed(2));
    return {
      database: setup.database,
      buildMs: build.buildMs,
      backendStartupMs,
      rssAtReadyMiB: Math.round(await backend.rssMiB()),
      ...view,
      loadAverage,
      log: backend.logFile,
    };
  } catch (error) {
    return { database: setup.database, error: String(error) };
  } finally {
    await backend.stop();
  }
}
