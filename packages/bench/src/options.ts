/* The command line of `yarn bench`: its options, their defaults and parsing. */
import os from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchDatabase } from './backend';
import { REPO_ROOT } from './repoRoot';

/** The measurements `yarn bench` can take; `--scenarios` picks some. */
export const SCENARIOS = [
  'second',
  'bare',
  'replicas',
  'scorecard',
  'naive',
  'tech-insights',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface BenchOptions {
  sizes: number[];
  /**
   * Besides the first cycle and the read paths, always measured: the second
   * cycle with `changedShare` of the repositories changed, the bare backend,
   * two replicas on PostgreSQL, the scorecard in the production build, the
   * naive baseline and Tech Insights.
   */
  scenarios: Set<Scenario>;
  /** Share of the repositories a commit changes before the second cycle. */
  changedShare: number;
  /** Distinct lockfiles the generator draws the components' from. */
  lockfilePool: number;
  /** Port of the fake GitHub serving the repositories. */
  repoPort: number;
  databases: BenchDatabase[];
  seed: number;
  port: number;
  osvPort: number;
  osvLatencyMs: number;
  concurrency: number;
  requests: number;
  naiveSample: number;
  techInsightsPort: number;
  workDir: string;
  output: string;
  /** The backend's V8 heap limit in MiB (`--max-old-space-size`); 0 for Node's default. */
  heapMb: number;
  /** The backend's OSV batch window; its default when absent. */
  osvBatchWindowMs?: number;
}

export function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    sizes: [1000, 10000],
    scenarios: new Set(SCENARIOS),
    changedShare: 0.01,
    lockfilePool: 20_000,
    repoPort: 7213,
    databases: ['postgres'],
    seed: 42,
    port: 7207,
    osvPort: 7211,
    osvLatencyMs: 20,
    concurrency: 16,
    requests: 200,
    naiveSample: 20,
    techInsightsPort: 7212,
    workDir: join(os.tmpdir(), 'readiness-bench'),
    output: join(REPO_ROOT, 'docs'),
    heapMb: 0,
  };
  const number = (flag: string, value: string | undefined) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) {
      throw new Error(`${flag}: expected a whole number, got ${value}`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--sizes':
        options.sizes = (value ?? '').split(',').map(s => number(flag, s));
        i++;
        break;
      case '--scenarios':
        // `--scenarios ''`: the first cycle and the read paths only.
        options.scenarios = new Set(
          (value ?? '')
            .split(',')
            .filter(Boolean)
            .map(name => {
              if (!(SCENARIOS as readonly string[]).includes(name)) {
                throw new Error(
                  `--scenarios: expected some of ${SCENARIOS.join(',')}, got ${name}`,
                );
              }
              return name as Scenario;
            }),
        );
        i++;
        break;
      case '--changed-percent':
        options.changedShare = number(flag, value) / 100;
        i++;
        break;
      case '--db':
        options.databases = (value ?? '').split(',').map(db => {
          if (db !== 'sqlite' && db !== 'postgres') {
            throw new Error(`--db: expected sqlite and/or postgres, got ${db}`);
          }
          return db;
        });
        i++;
        break;
      case '--seed':
      case '--port':
      case '--osv-port':
      case '--osv-latency':
      case '--concurrency':
      case '--requests':
      case '--naive-sample':
      case '--heap-mb':
      case '--lockfile-pool':
      case '--repo-port':
      case '--osv-batch-window':
      case '--tech-insights-port': {
        const key = {
          '--seed': 'seed',
          '--port': 'port',
          '--osv-port': 'osvPort',
          '--osv-latency': 'osvLatencyMs',
          '--concurrency': 'concurrency',
          '--requests': 'requests',
          '--naive-sample': 'naiveSample',
          '--heap-mb': 'heapMb',
          '--lockfile-pool': 'lockfilePool',
          '--repo-port': 'repoPort',
          '--osv-batch-window': 'osvBatchWindowMs',
          '--tech-insights-port': 'techInsightsPort',
        }[flag] as keyof BenchOptions;
        (options as any)[key] = number(flag, value);
        i++;
        break;
      }
      case '--no-scorecard':
        options.scenarios.delete('scorecard');
        break;
      case '--no-tech-insights':
        options.scenarios.delete('tech-insights');
        break;
      case '--work-dir':
        options.workDir = resolve(value ?? '');
        i++;
        break;
      case '--output':
        options.output = resolve(value ?? '');
        i++;
        break;
      default:
        throw new Error(
          `Unknown option ${flag}. Options: --sizes 1000,10000 --scenarios ${SCENARIOS.join(',')} --changed-percent 1 --lockfile-pool 20000 --repo-port 7213 --db postgres,sqlite --seed 42 --port 7207 --osv-port 7211 --osv-latency 20 --concurrency 16 --requests 200 --naive-sample 20 --heap-mb 0 --osv-batch-window <ms> --tech-insights-port 7212 --no-scorecard --no-tech-insights --work-dir <dir> --output <dir>`,
        );
    }
  }
  return options;
}
