/*
 * `yarn bench`: Readiness at scale. See README.md of this package for what is
 * measured and how; results go to docs/benchmarks.json and docs/benchmarks.md.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { benchBackend } from './benchBackend';
import { startFakeOsv } from './fakeOsv';
import { generateWorkload } from './generate';
import { log } from './log';
import { loadAverage, machine } from './machine';
import { runNaiveBaseline } from './naive';
import { parseArgs } from './options';
import { REPO_ROOT } from './repoRoot';
import { renderMarkdown } from './report';
import { timeScan } from './scan';
import { runTechInsights } from './techInsights/run';

export type { BenchOptions } from './options';

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
