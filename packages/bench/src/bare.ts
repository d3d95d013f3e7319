import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchDatabase } from './backend';
import {
  postgresPrefix,
  startWithCatalog,
  type SizeContext,
} from './catalogRun';
import { log } from './log';

/** After ingestion, as long again as the catalog's processing loop may run. */
const SETTLE_MS = 15_000;

/**
 * The portal without Readiness on the same catalog and database: its peak
 * RSS (VmHWM from start, catalog ingestion included) is the baseline that
 * Readiness's peak is measured above.
 */
export async function benchBare(ctx: SizeContext, database: BenchDatabase) {
  const { options, workload } = ctx;
  const workDir = join(options.workDir, `bare-${workload.size}-${database}`);
  await rm(workDir, { recursive: true, force: true });
  const [started] = await startWithCatalog(ctx, {
    database,
    kind: 'bare',
    postgresPrefix: postgresPrefix(options, 'bare'),
    instances: [{ port: options.port + 3, token: 'bench-bare' }],
    workDir,
  });
  try {
    await new Promise(resolve => setTimeout(resolve, SETTLE_MS));
    const { backend, ...startup } = started;
    const result = {
      database,
      ...startup,
      rssAfterSettleMiB: Math.round(await backend.rssMiB()),
      peakRssMiB: Math.round(await backend.peakRssMiB()),
    };
    log(`bare backend: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await started.backend.stop();
  }
}
