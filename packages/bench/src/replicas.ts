import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  postgresPrefix,
  runCycle,
  startWithCatalog,
  type SizeContext,
} from './catalogRun';
import { log } from './log';

const TOKENS = ['bench-replica-a', 'bench-replica-b'];

/**
 * Two Readiness backends on one PostgreSQL, each with its own GitHub token so
 * the fake GitHub tells their requests apart: one collection cycle triggered
 * on the first, timed until it ends, and per component, which instances read
 * its repository in full. Each entity must be read by exactly one.
 */
export async function benchReplicas(ctx: SizeContext) {
  const { options, workload, osv, github } = ctx;
  const workDir = join(options.workDir, `replicas-${workload.size}`);
  await rm(workDir, { recursive: true, force: true });
  const started = await startWithCatalog(ctx, {
    database: 'postgres',
    kind: 'readiness',
    postgresPrefix: postgresPrefix(options, 'replicas'),
    instances: TOKENS.map((token, i) => ({
      port: options.port + 1 + i,
      token,
    })),
    workDir,
  });
  try {
    osv.reset();
    github.reset();
    const { runs, cycleMs } = await runCycle(started[0].backend, workload.size);
    const archives = github.archivesPerClient();
    const perRepository = github.requestsPerRepository();
    let readByBoth = 0;
    let readByNone = 0;
    let requestedMoreThanOnce = 0;
    for (const name of workload.components) {
      const readers = TOKENS.filter(t => archives.get(t)?.has(name)).length;
      if (readers > 1) readByBoth++;
      if (readers === 0) readByNone++;
      // One status look-up and one tarball is one read.
      if ((perRepository.get(name) ?? 0) > 2) requestedMoreThanOnce++;
    }
    const result = {
      instances: TOKENS.length,
      runs,
      cycleMs,
      readByInstance: TOKENS.map(t => archives.get(t)?.size ?? 0),
      readByBoth,
      readByNone,
      requestedMoreThanOnce,
      repositoryRequests: { ...github.counts },
      osvCalls: { ...osv.counts },
      peakRssMiB: await Promise.all(
        started.map(async s => Math.round(await s.backend.peakRssMiB())),
      ),
    };
    log(`replicas: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await Promise.all(started.map(({ backend }) => backend.stop()));
  }
}
