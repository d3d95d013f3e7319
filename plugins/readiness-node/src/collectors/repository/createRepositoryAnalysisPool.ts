import {
  type LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RepositorySnapshot } from '../../repository';
import type { AnalysisReply, AnalysisTask } from './analysisProtocol';
import {
  inThreadRepositoryAnalyzer,
  type RepositoryAnalyzer,
} from './repositoryAnalyzer';
import type { ParsedLockfiles, RepositoryFacts } from './repositoryFacts';
import type { RepositoryAnalysisPatterns } from './repositoryPatterns';

/**
 * Options of {@link createRepositoryAnalysisPool}.
 *
 * @public
 */
export interface RepositoryAnalysisPoolOptions {
  /** Worker threads at most; default the CPUs less one, between 1 and 4. */
  size?: number;
  /** Told once when no worker can start and parsing stays in-thread. */
  logger?: LoggerService;
}

/**
 * A {@link RepositoryAnalyzer} that parses in worker threads.
 *
 * @public
 */
export interface RepositoryAnalysisPool extends RepositoryAnalyzer {
  /** Stops every worker; queued and running analyses are rejected. */
  close(): Promise<void>;
}

interface Job {
  task: Omit<AnalysisTask, 'id'>;
  signal?: AbortSignal;
  resolve(facts: RepositoryFacts): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: { id: number } & Job;
}

const PACKAGE = '@readiness/plugin-readiness-node';

/**
 * The worker's module: `src/analysisWorker.ts` when run from sources (jest,
 * `yarn start`), else `dist/analysisWorker.cjs.js`, which the build emits
 * for the `./analysisWorker` entry point (a package holds no `src`).
 */
function defaultWorkerEntry() {
  const root = resolvePackagePath(PACKAGE);
  const sources = join(root, 'src', 'analysisWorker.ts');
  return existsSync(sources)
    ? sources
    : join(root, 'dist', 'analysisWorker.cjs.js');
}

function startWorker(entry: string): Worker {
  // TypeScript sources need the transform `backstage-cli` runs the backend
  // with; a worker inherits it from `yarn start`, not from jest.
  if (
    entry.endsWith('.ts') &&
    !process.execArgv.some(arg => arg.includes('nodeTransform'))
  ) {
    const paths = JSON.stringify([resolvePackagePath(PACKAGE)]);
    return new Worker(
      `require(require.resolve('@backstage/cli-node/config/nodeTransform.cjs', { paths: ${paths} }));
       require(${JSON.stringify(entry)});`,
      { eval: true },
    );
  }
  return new Worker(entry);
}

/**
 * Moves the CPU work of the repository analysis (lockfiles, READMEs,
 * coverage reports, workflows, TODO markers) off the event loop into a few
 * worker threads, so one hostile repository cannot stall the requests of
 * others, and a timed-out analysis is stopped by ending its worker. If no
 * worker can start, it warns once and parses in-thread, yielding to the
 * event loop between files.
 *
 * @public
 */
export function createRepositoryAnalysisPool(
  options: RepositoryAnalysisPoolOptions = {},
): RepositoryAnalysisPool {
  return createPool({ ...options, entry: defaultWorkerEntry() });
}

/** @internal */
export function createPool(
  options: RepositoryAnalysisPoolOptions & { entry: string },
): RepositoryAnalysisPool {
  const size =
    options.size ?? Math.min(4, Math.max(1, availableParallelism() - 1));
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  let nextId = 1;
  let unavailable: string | undefined;
  let closed = false;

  function inThread(job: Job) {
    inThreadRepositoryAnalyzer
      .analyze(job.task.snapshot, job.task.patterns, {
        signal: job.signal,
        parsedLockfiles: job.task.parsedLockfiles,
      })
      .then(job.resolve, job.reject);
  }

  function giveUp(reason: string) {
    if (unavailable === undefined) {
      unavailable = reason;
      options.logger?.warn(
        `Repository analysis runs on the main thread: no worker thread could start (${reason})`,
      );
    }
    for (const job of queue.splice(0)) inThread(job);
  }

  function remove(slot: Slot) {
    slots.delete(slot);
    slot.worker.removeAllListeners();
    slot.worker.terminate().catch(() => {});
  }

  function dispatch() {
    if (closed) return;
    if (unavailable !== undefined) {
      giveUp(unavailable);
      return;
    }
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (slot.ready && !slot.job) run(slot, queue.shift()!);
    }
    if (queue.length > 0 && slots.size < size) {
      spawn();
    }
  }

  function run(slot: Slot, job: Job) {
    if (job.signal?.aborted) {
      job.reject(job.signal.reason);
      dispatch();
      return;
    }
    const id = nextId++;
    slot.job = { ...job, id };
    slot.worker.ref();
    slot.worker.postMessage({ id, ...job.task } satisfies AnalysisTask);
  }

  function finish(slot: Slot) {
    slot.job = undefined;
    // An idle worker does not keep the process alive.
    slot.worker.unref();
    dispatch();
  }

  function spawn() {
    let worker: Worker;
    try {
      worker = startWorker(options.entry);
    } catch (error) {
      giveUp(String(error));
      return;
    }
    const slot: Slot = { worker, ready: false };
    slots.add(slot);
    worker.on('message', (reply: AnalysisReply) => {
      if ('type' in reply) {
        slot.ready = true;
        finish(slot);
        return;
      }
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      if ('facts' in reply) job.resolve(reply.facts);
      else job.reject(new Error(reply.error));
      finish(slot);
    });
    const fail = (error: unknown) => {
      const job = slot.job;
      remove(slot);
      if (!slot.ready) {
        giveUp(error instanceof Error ? error.message : String(error));
        return;
      }
      // A worker that died on one repository (out of memory, say) fails
      // that analysis only: it is not retried on the main thread.
      job?.reject(
        new Error(
          `the repository analysis worker stopped: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
      dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', code => fail(new Error(`exited with code ${code}`)));
  }

  return {
    analyze(
      snapshot: RepositorySnapshot,
      patterns: RepositoryAnalysisPatterns,
      analyzeOptions?: {
        signal?: AbortSignal;
        parsedLockfiles?: ParsedLockfiles;
      },
    ) {
      const signal = analyzeOptions?.signal;
      if (closed) {
        return Promise.reject(
          new Error('the repository analysis pool is closed'),
        );
      }
      return new Promise<RepositoryFacts>((resolvePromise, reject) => {
        const job: Job = {
          task: {
            // Only what the analysis reads; the Map is cloned as a Map.
            snapshot: {
              location: snapshot.location,
              files: snapshot.files,
              skipped: snapshot.skipped,
            },
            patterns,
            ...(analyzeOptions?.parsedLockfiles
              ? { parsedLockfiles: analyzeOptions.parsedLockfiles }
              : {}),
          },
          signal,
          resolve: resolvePromise,
          reject,
        };
        signal?.addEventListener(
          'abort',
          () => {
            const queued = queue.indexOf(job);
            if (queued >= 0) {
              queue.splice(queued, 1);
              reject(signal.reason);
              return;
            }
            // Runaway work is stopped, not waited for.
            for (const slot of slots) {
              if (slot.job?.resolve === resolvePromise) {
                remove(slot);
                reject(signal.reason);
                dispatch();
              }
            }
          },
          { once: true },
        );
        if (unavailable !== undefined) {
          inThread(job);
          return;
        }
        queue.push(job);
        dispatch();
      });
    },
    async close() {
      closed = true;
      const error = new Error('the repository analysis pool is closed');
      for (const job of queue.splice(0)) job.reject(error);
      for (const slot of [...slots]) {
        slot.job?.reject(error);
        remove(slot);
      }
    },
  };
}
