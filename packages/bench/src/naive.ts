import { join } from 'node:path';
import { readLockedPackages } from './generate';

export interface NaiveResult {
  /** Components actually looked up (a sample of the catalog). */
  sampledComponents: number;
  wallMs: number;
  calls: number;
  /** Calls for the whole catalog: one per locked package per component. */
  projectedCalls: number;
  /** Wall time for the whole catalog, scaled from the sample. */
  projectedWallMs: number;
}

/**
 * The naive baseline: each component asks OSV once per locked package
 * (`POST /v1/query`), with no batching, no cache and no sharing across
 * components; `concurrency` components at a time, packages one by one as a
 * simple per-entity scanner would. Run over the first `sample` components and
 * projected to the whole catalog, as it would take hours at 10,000.
 */
export async function runNaiveBaseline(options: {
  osvUrl: string;
  root: string;
  components: string[];
  lockedPackages: number;
  sample: number;
  concurrency: number;
}): Promise<NaiveResult> {
  const sample = options.components.slice(0, options.sample);
  let calls = 0;
  let sampledPackages = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < sample.length) {
      const name = sample[next++];
      for (const pkg of await readLockedPackages(
        join(options.root, 'repos', name),
      )) {
        sampledPackages++;
        const response = await fetch(`${options.osvUrl}/v1/query`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            package: { ecosystem: pkg.ecosystem, name: pkg.name },
            version: pkg.version,
          }),
        });
        await response.json();
        calls++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const wallMs = performance.now() - started;
  return {
    sampledComponents: sample.length,
    wallMs: Math.round(wallMs),
    calls,
    projectedCalls: options.lockedPackages,
    projectedWallMs: Math.round(
      (wallMs * options.lockedPackages) / Math.max(1, sampledPackages),
    ),
  };
}
