import type {
  CollectionProgress,
  CollectionRunProgress,
} from '@readiness/plugin-readiness-common';
import type {
  CollectionQueueCounts,
  CollectionRunRecord,
  ReadinessStore,
  SourceRequestCount,
} from '../database';
import type { RequestBudgets } from './requestBudgets';

/**
 * Collection runs' progress, read from the database so every instance
 * answers for the whole cycle, whichever instances work on it.
 *
 * @internal
 */
export interface CollectionProgressTracker {
  /** The latest run of every task, counted across instances. */
  getProgress(): Promise<CollectionProgress>;
}

/** One run as `GET /v1/collection` shows it. */
function runProgress(
  run: CollectionRunRecord,
  counts: CollectionQueueCounts | undefined,
  requests: Record<string, SourceRequestCount> | undefined,
  budgets: Pick<RequestBudgets, 'maxRequestsPerCycle'>,
  stopped: boolean,
): CollectionRunProgress {
  const queue = counts
    ? {
        entitiesDone: counts.byState.done + counts.byState.failed,
        entitiesTotal: counts.total,
        entitiesFailed: counts.byState.failed,
        entitiesQueued: counts.byState.queued,
        entitiesClaimed: counts.byState.claimed,
        entitiesDeferred: counts.byState.deferred,
        instances: Object.entries(counts.byInstance)
          .map(([instance, mine]) => ({
            instance,
            entitiesClaimed: mine.claimed,
            entitiesDone: mine.done + mine.failed,
            entitiesFailed: mine.failed,
            entitiesDeferred: mine.deferred,
          }))
          .sort((a, b) => a.instance.localeCompare(b.instance)),
      }
    : {
        entitiesDone: run.entitiesDone,
        entitiesTotal: run.entitiesTotal,
        entitiesFailed: run.entitiesFailed,
      };
  return {
    task: run.task,
    running: !run.finishedAt && !stopped,
    startedAt: run.startedAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    ...queue,
    ...(requests && Object.keys(requests).length > 0
      ? {
          requests: Object.fromEntries(
            Object.entries(requests).map(([source, count]) => {
              const max = budgets.maxRequestsPerCycle(source);
              return [
                source,
                {
                  ...count,
                  ...(max !== undefined ? { maxRequestsPerCycle: max } : {}),
                },
              ];
            }),
          ),
        }
      : {}),
    ...(stopped ? { interrupted: true } : {}),
  };
}

/** @internal */
export function createCollectionProgressTracker(options: {
  store: ReadinessStore;
  budgets: Pick<RequestBudgets, 'maxRequestsPerCycle'>;
  /**
   * A run that no instance has claimed entities of for this long, and that
   * waits for no rate limit, was interrupted: every instance stopped.
   */
  interruptedAfterMs: number;
  now: () => Date;
}): CollectionProgressTracker {
  const { store, budgets, interruptedAfterMs, now } = options;

  async function getProgress(): Promise<CollectionProgress> {
    const at = now().getTime();
    const latest = await store.listLatestCollectionRuns();
    const ids = latest.map(run => run.id);
    const [counts, requests] = await Promise.all([
      store.countQueuedEntities(ids),
      store.listSourceRequests(ids),
    ]);
    const runs = latest.map(run => {
      const waitsForRateLimit = Object.values(requests.get(run.id) ?? {}).some(
        count => count.blockedUntil && Date.parse(count.blockedUntil) > at,
      );
      const stopped =
        !run.finishedAt &&
        !waitsForRateLimit &&
        at - Date.parse(run.updatedAt) > interruptedAfterMs;
      return runProgress(
        run,
        counts.get(run.id),
        requests.get(run.id),
        budgets,
        stopped,
      );
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

  return { getProgress };
}
