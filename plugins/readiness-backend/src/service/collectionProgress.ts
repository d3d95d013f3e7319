import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type { CollectionProgress } from '@readiness/plugin-readiness-common';
import type { ReadinessStore } from '../database';

/**
 * Collection runs' progress, kept in the database so every instance answers
 * for any run.
 *
 * @internal
 */
export interface CollectionProgressTracker {
  /**
   * Records a run of `task` while it goes: `onEntity` counts an entity done
   * (and failed when not ok), `setTotal` the entities to do.
   */
  trackRun(
    task: string,
    run: (
      onEntity: (ok: boolean) => void,
      setTotal: (total: number) => void,
    ) => Promise<void>,
  ): Promise<void>;
  /** The latest run of every task, whichever instance runs it. */
  getProgress(): Promise<CollectionProgress>;
}

/** @internal */
export function createCollectionProgressTracker(options: {
  store: ReadinessStore;
  logger: LoggerService;
  /**
   * A run whose counters have not moved for this long was interrupted: no
   * entity takes longer than its timeout, and counters are written every few
   * seconds while entities complete.
   */
  interruptedAfterMs: number;
  now: () => Date;
}): CollectionProgressTracker {
  const { store, logger, interruptedAfterMs, now } = options;

  async function trackRun(
    task: string,
    run: (
      onEntity: (ok: boolean) => void,
      setTotal: (total: number) => void,
    ) => Promise<void>,
  ) {
    const counters = { entitiesDone: 0, entitiesTotal: 0, entitiesFailed: 0 };
    const runId = await store.startCollectionRun(task, { now: now() });
    // Progress is written at most every 2 s, never waited for by the run, and
    // a failed write only costs a stale counter.
    let lastWrite = 0;
    let writing = Promise.resolve();
    const write = (finished = false) => {
      lastWrite = Date.now();
      const snapshot = { ...counters, finished };
      writing = writing
        .then(() => store.updateCollectionRun(runId, snapshot, { now: now() }))
        .catch(error =>
          logger.warn(
            `Could not record the progress of the ${task} run: ${stringifyError(error)}`,
          ),
        );
    };
    try {
      await run(
        ok => {
          counters.entitiesDone += 1;
          if (!ok) {
            counters.entitiesFailed += 1;
          }
          if (Date.now() - lastWrite >= 2_000) {
            write();
          }
        },
        total => {
          counters.entitiesTotal = total;
        },
      );
      // The last snapshot of a UTC day is that day's point of the trend.
      await store.recordDistributionSnapshot({ now: now() });
    } finally {
      write(true);
      await writing;
    }
  }

  async function getProgress(): Promise<CollectionProgress> {
    const at = now().getTime();
    const runs = (await store.listLatestCollectionRuns()).map(run => {
      const stopped =
        !run.finishedAt && at - Date.parse(run.updatedAt) > interruptedAfterMs;
      return {
        task: run.task,
        running: !run.finishedAt && !stopped,
        startedAt: run.startedAt,
        ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
        entitiesDone: run.entitiesDone,
        entitiesTotal: run.entitiesTotal,
        entitiesFailed: run.entitiesFailed,
        ...(stopped ? { interrupted: true } : {}),
      };
    });
    const current = runs.find(run => run.running) ?? runs[0];
    if (!current) {
      return {
        running: false,
        entitiesDone: 0,
        entitiesTotal: 0,
        entitiesFailed: 0,
        runs,
      };
    }
    const { interrupted: _, ...top } = current;
    return { ...top, runs };
  }

  return { trackRun, getProgress };
}
