import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './repoRoot';
import { percentile } from './stats';

/** The CLI's scan of the example repository, run `runs` times. */
export function timeScan(runs: number) {
  const cli = join(REPO_ROOT, 'plugins/readiness-cli/bin/readiness');
  const args = [
    cli,
    'scan',
    'examples/claude-flow',
    '--advisories',
    'examples/advisories',
    // No registry lookups: the bench measures the scan, not the network.
    '--offline',
    '--format',
    'json',
  ];
  const times: number[] = [];
  let status: number | null = null;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    times.push(performance.now() - started);
    status = result.status;
  }
  return {
    command: `node plugins/readiness-cli/bin/readiness ${args.slice(1).join(' ')}`,
    runs,
    exitStatus: status,
    medianMs: Math.round(percentile(times, 50)),
    maxMs: Math.round(Math.max(...times)),
    allMs: times.map(Math.round),
  };
}
