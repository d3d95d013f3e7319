import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPOSITORY_HOST } from './generate';

export type BenchDatabase = 'sqlite' | 'postgres';

/**
 * Which backend: packages/backend from its sources (as `yarn start` runs
 * it), the same portal without Readiness (the baseline of its memory), or
 * packages/backend from `yarn build:backend`'s bundle (see production.ts).
 */
export type BackendKind = 'readiness' | 'bare' | 'production';

export interface BackendOptions {
  repoRoot: string;
  workDir: string;
  port: number;
  database: BenchDatabase;
  catalogFile: string;
  allowedRoot: string;
  osvUrl: string;
  /** The fake GitHub's `apiBaseUrl` (repositories are read through it). */
  githubApiBaseUrl: string;
  /** The token this instance's GitHub integration sends: who asked, counted. */
  githubToken: string;
  concurrency: number;
  /** PostgreSQL databases are named `<prefix><plugin id>`. */
  postgresPrefix: string;
  kind?: BackendKind;
  /** The extracted production bundle, for kind `production`. */
  productionRoot?: string;
  /**
   * Whether the collectors run once soon after start (over an empty
   * catalog, so that a trigger later runs the measured cycle) or only when
   * triggered (a backend started on a database already collected).
   */
  startupRuns?: boolean;
  /** V8 heap limit in MiB; 0 for Node's default. */
  heapMb?: number;
  /** `readiness.advisories.osv.batchWindow`; the backend's default when absent. */
  osvBatchWindowMs?: number;
}

export interface RunningBackend {
  pid: number;
  baseUrl: string;
  token: string;
  logFile: string;
  /** Peak resident set size so far (VmHWM), in MiB. */
  peakRssMiB(): Promise<number>;
  /** Current resident set size (VmRSS), in MiB. */
  rssMiB(): Promise<number>;
  /** Starts the peak (VmHWM) over from the current RSS. */
  resetPeakRss(): Promise<void>;
  fetchJson<T = any>(path: string, init?: RequestInit): Promise<T>;
  stop(): Promise<void>;
}

async function procStatusMiB(pid: number, field: string): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) / 1024 : NaN;
}

/** The portal backend's whole config for a benchmark run: nothing else merged in. */
function benchConfig(options: BackendOptions) {
  const baseUrl = `http://localhost:${options.port}`;
  const database =
    options.database === 'sqlite'
      ? {
          client: 'better-sqlite3',
          connection: { directory: join(options.workDir, 'sqlite') },
        }
      : {
          client: 'pg',
          prefix: options.postgresPrefix,
          connection: {
            host: '127.0.0.1',
            port: 5432,
            user: 'postgres',
            password: 'postgres',
          },
        };
  const later = {
    frequency: { hours: 24 },
    timeout: { hours: 2 },
    initialDelay: { hours: 12 },
  };
  // The collectors run once at startup, over an empty catalog: a scheduler
  // worker still in its initial delay ignores triggers, so this lets the
  // benchmark trigger the measured runs once the catalog is in.
  const soon =
    options.startupRuns === false
      ? later
      : { ...later, initialDelay: { seconds: 1 } };
  return {
    app: { title: 'Readiness benchmark', baseUrl },
    organization: { name: 'Bench' },
    backend: {
      baseUrl,
      listen: { port: options.port },
      database,
    },
    integrations: {
      github: [
        {
          host: REPOSITORY_HOST,
          apiBaseUrl: options.githubApiBaseUrl,
          token: options.githubToken,
        },
      ],
    },
    auth: {
      providers: {
        guest:
          options.kind === 'production'
            ? { dangerouslyAllowOutsideDevelopment: true }
            : {},
      },
    },
    permission: { enabled: true },
    catalog: {
      rules: [{ allow: ['Component', 'Group', 'Location'] }],
      locations: [{ type: 'file', target: options.catalogFile }],
    },
    readiness: {
      requiredTiers: { production: 'production', experimental: 'mvs' },
      repository: { allowedLocalRoots: [options.allowedRoot] },
      advisories: {
        osv: {
          baseUrl: options.osvUrl,
          ...(options.osvBatchWindowMs !== undefined
            ? { batchWindow: { milliseconds: options.osvBatchWindowMs } }
            : {}),
        },
      },
      // Timed previews, one caller: not refused for rate.
      preview: { rateLimit: { requests: 1000 } },
      collection: {
        concurrency: options.concurrency,
        recheckSchedule: later,
      },
      collectors: {
        catalog: { schedule: soon },
        repository: { schedule: soon },
        'github-actions': { enabled: false },
      },
    },
  };
}

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${what}${
      lastError ? `: ${String(lastError)}` : ''
    }`,
  );
}

export { waitFor };

/**
 * Starts a Backstage backend entry point as its own node process (sources
 * through Backstage's transform, as `yarn start` runs them, without the file
 * watcher), waits until it is ready and signs in as guest.
 */
export async function spawnBackend(options: {
  cwd: string;
  script: string;
  configFile: string;
  logFile: string;
  port: number;
  env?: Record<string, string>;
  heapMb?: number;
  /** A built bundle runs as is, in production mode, without the transform. */
  production?: boolean;
}): Promise<RunningBackend> {
  const { logFile } = options;
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile there on exit.
      ...(process.env.BENCH_CPU_PROFILE
        ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROFILE]
        : []),
      // A production backend runs with a heap limit sized for its container.
      ...(options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : []),
      ...(options.production
        ? []
        : ['--require', '@backstage/cli/config/nodeTransform.cjs']),
      options.script,
      '--config',
      options.configFile,
    ],
    {
      cwd: options.cwd,
      env: {
        ...process.env,
        NODE_ENV: options.production ? 'production' : 'development',
        LOG_LEVEL: 'warn',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const baseUrl = `http://localhost:${options.port}`;
  await waitFor('the backend to be ready', 180_000, async () => {
    if (exited) throw new Error(`the backend exited; see ${logFile}`);
    const response = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
    return response.ok ? true : undefined;
  });
  const refresh = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    method: 'POST',
  });
  const token = ((await refresh.json()) as any).backstageIdentity
    .token as string;
  const pid = child.pid!;
  return {
    pid,
    baseUrl,
    token,
    logFile,
    peakRssMiB: () => procStatusMiB(pid, 'VmHWM'),
    rssMiB: () => procStatusMiB(pid, 'VmRSS'),
    // Linux: writing 5 to clear_refs resets the process's peak RSS.
    resetPeakRss: () => writeFile(`/proc/${pid}/clear_refs`, '5'),
    async fetchJson(path, init) {
      const response = await fetch(`${baseUrl}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...init?.headers },
      });
      const text = await response.text();
      if (!response.ok) {
        throw new Error(
          `${init?.method ?? 'GET'} ${path}: ${response.status} ${text}`,
        );
      }
      return text ? JSON.parse(text) : undefined;
    },
    async stop() {
      if (exited) return;
      const gone = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
      log.end();
    },
  };
}

/** Starts a backend of `options.kind` with the benchmark's config. */
export async function startBackend(
  options: BackendOptions,
): Promise<RunningBackend> {
  const kind = options.kind ?? 'readiness';
  const name = `${kind}-${options.database}-${options.port}`;
  const configFile = join(options.workDir, `app-config.bench-${name}.yaml`);
  // JSON is YAML.
  await writeFile(configFile, JSON.stringify(benchConfig(options), null, 2));
  const where = {
    readiness: {
      cwd: join(options.repoRoot, 'packages/backend'),
      script: 'src/index.ts',
    },
    bare: {
      cwd: join(options.repoRoot, 'packages/bench'),
      script: 'src/bareBackend.ts',
    },
    production: {
      cwd: options.productionRoot ?? '',
      script: 'packages/backend',
    },
  }[kind];
  return spawnBackend({
    ...where,
    configFile,
    logFile: join(options.workDir, `backend-${name}.log`),
    port: options.port,
    heapMb: options.heapMb,
    production: kind === 'production',
  });
}
