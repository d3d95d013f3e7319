/* What the results say about where they were measured. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { REPO_ROOT } from './repoRoot';

export function loadAverage(): string {
  return os
    .loadavg()
    .map(n => n.toFixed(2))
    .join(', ');
}

export function machine() {
  const cpus = os.cpus();
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }).trim();
  } catch {
    commit = 'unknown';
  }
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    commit,
  };
}
