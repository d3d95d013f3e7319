/*
 * `yarn bench`: Readiness at scale. See README.md of this package for what is
 * measured and how; results go to docs/benchmarks.json and docs/benchmarks.md.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { benchBare } from './bare';
import { benchBackend } from './benchBackend';
import { postgresPrefix } from './catalogRun';
import { startFakeGithub } from './fakeGithub';
import { startFakeOsv } from './fakeOsv';
import { generateWorkload } from './generate';
import { log } from './log';
import { loadAverage, machine } from './machine';
import { runNaiveBaseline } from './naive';
import { parseArgs } from './options';
import { benchProductionScorecard } from './productionScorecard';
import { benchReplicas } from './replicas';
import { REPO_ROOT } from './repoRoot';
import { renderMarkdown } from './report';
import { timeScan } from './scan';
import { runTechInsights } from './techInsights/run';

export type { BenchOptions } from './options';

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const loadAtStart = loadAverage();
  log(
    `options ${JSON.stringify({ ...options, scenarios: [...options.scenarios] })}; load average ${loadAtStart}`,
  );
  await mkdir(options.workDir, { recursive: true });

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
      lockfilePool: options.lockfilePool,
    });
    const generateMs = Date.now() - generateStarted;
    log(
      `workload ${size}: ${workload.distinctLockfiles} distinct lockfiles, ${workload.uniquePackages} unique packages, ${workload.uniqueAdvisories} advisories (${generateMs} ms)`,
    );
    const osv = await startFakeOsv({
      advisoryIds: workload.advisoryIds,
      advisories: workload.advisories,
      latencyMs: options.osvLatencyMs,
      port: options.osvPort,
    });
    const github = await startFakeGithub({
      root: workload.root,
      port: options.repoPort,
    });
    const ctx = { options, workload, osv, github };
    try {
      const backends = [];
      let scorecard;
      for (const database of options.databases) {
        const result = await benchBackend(ctx, database);
        backends.push(result);
        if (
          options.scenarios.has('scorecard') &&
          size === largest &&
          database === options.databases[0] &&
          result.firstRow
        ) {
          scorecard = await benchProductionScorecard(ctx, {
            database,
            workDir: result.workDir,
            postgresPrefix: postgresPrefix(options, 'single'),
            rowText: result.firstRow,
          }).catch(error => ({ database, error: String(error) }));
          log(`scorecard: ${JSON.stringify(scorecard)}`);
        }
      }
      const bare = [];
      if (options.scenarios.has('bare')) {
        for (const database of options.databases) {
          bare.push(await benchBare(ctx, database));
        }
      }
      const replicas = options.scenarios.has('replicas')
        ? await benchReplicas(ctx)
        : undefined;
      let techInsights;
      if (options.scenarios.has('tech-insights')) {
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
      let naive;
      if (options.scenarios.has('naive')) {
        osv.reset();
        log('naive baseline');
        naive = await runNaiveBaseline({
          osvUrl: osv.url,
          root: workload.root,
          components: workload.components,
          lockedPackages: workload.lockedPackages,
          sample: options.naiveSample,
          concurrency: options.concurrency,
        });
      }
      sizes.push({
        size,
        workload: {
          seed: workload.seed,
          lockfilePool: workload.lockfilePool,
          distinctLockfiles: workload.distinctLockfiles,
          lockedPackages: workload.lockedPackages,
          uniquePackages: workload.uniquePackages,
          uniqueAdvisories: workload.uniqueAdvisories,
          vulnerableComponents: workload.vulnerableComponents,
          generateMs,
        },
        osvBound:
          Math.ceil(workload.uniquePackages / 1000) + workload.uniqueAdvisories,
        backends,
        bare,
        replicas,
        scorecard,
        naive,
        techInsights,
      });
    } finally {
      await osv.close();
      await github.close();
    }
  }

  const results = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command:
      `node scripts/yarn.js bench ${process.argv.slice(2).join(' ')}`.trim(),
    options: { ...options, scenarios: [...options.scenarios] },
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
