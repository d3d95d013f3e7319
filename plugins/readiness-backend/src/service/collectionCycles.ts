import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { getMaxListeners, setMaxListeners } from 'node:events';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  type RequestReporter,
  runWithRequestReporter,
} from '@readiness/plugin-readiness-node';
import { setTimeout as delay } from 'node:timers/promises';
import type { CollectionQueueItem, ReadinessStore } from '../database';
import type { ReadinessBackendConfig } from './config';
import type { RequestBudgets } from './requestBudgets';

/**
 * What a queued task does with its entities.
 *
 * @internal
 */
export interface CycleTask {
  /** Called with each batch of claimed entities before they are handled. */
  prepare?(entityRefs: string[]): Promise<void>;
  /** The collectors handling the entity runs, whose budgets it spends. */
  collectorIds(entity: Entity): string[];
  /** Collects or evaluates the entity; false when its collection failed. */
  handle(
    entity: Entity,
    signal: AbortSignal | undefined,
    reporter: (collectorId: string) => RequestReporter,
  ): Promise<boolean>;
}

/**
 * Collection cycles shared by every instance on one database: a cycle
 * queues every entity, and each instance claims entities under a lease
 * until none is left.
 *
 * @internal
 */
export interface CollectionCycles {
  /**
   * Starts a cycle of `task` over the catalog entities `forEachPage` pages
   * through, then works on the queue until nothing is left to claim.
   * `prepare` runs before anything is queued, its requests counted against
   * the cycle's budgets as `collectorId`'s. Resolves with the run's id.
   */
  runCycle(options: {
    task: string;
    forEachPage: (
      fn: (entities: Entity[]) => Promise<void>,
      signal?: AbortSignal,
    ) => Promise<void>;
    signal?: AbortSignal;
    prepare?: { collectorId: string; run: () => Promise<void> };
    /** Queues the entities this earlier run settled `done`, not the catalog's. */
    doneIn?: string;
    /**
     * Returns only once the run has ended: other instances may still hold
     * claims on its entities when nothing is left to claim here.
     */
    untilFinished?: boolean;
  }): Promise<string>;
  /**
   * Works on the entities any open cycle queued until nothing is left to
   * claim; a call while this instance works joins that work.
   */
  drain(signal?: AbortSignal): Promise<void>;
}

/** How often a cycle waiting for its run to end looks again. */
const FINISH_POLL_MS = 1_000;
/** How long a settled entity waits at most to be written with others. */
const SETTLE_FLUSH_MS = 250;

/** @internal */
export function createCollectionCycles(options: {
  store: ReadinessStore;
  catalog: CatalogService;
  auth: AuthService;
  config: ReadinessBackendConfig;
  logger: LoggerService;
  budgets: RequestBudgets;
  /** This instance, as claims and progress name it. */
  instance: string;
  tasks: (task: string) => CycleTask | undefined;
  now: () => Date;
}): CollectionCycles {
  const { store, catalog, auth, config, logger, budgets, instance, now } =
    options;
  const { leaseMs, maxAttempts } = config.queue;

  async function entitiesOf(items: CollectionQueueItem[]) {
    const { items: entities } = await catalog.getEntitiesByRefs(
      { entityRefs: items.map(item => item.entityRef) },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    return entities;
  }

  /** Ends the run if this instance settled its last entity. */
  async function finishIfDrained(runId: string, task: string) {
    await budgets.sync(runId);
    if (await store.finishRunIfDrained(runId, { now: now() })) {
      logger.info(`Readiness ${task} collection run ${runId} finished`);
      // The last snapshot of a UTC day is that day's point of the trend.
      await store.recordDistributionSnapshot({ now: now() });
    }
  }

  /** A claimed entity, ready for a worker. */
  interface Job {
    item: CollectionQueueItem;
    entity: Entity | undefined;
    /** Its batch's task: a recheck batch knows which are under stop-work. */
    task: CycleTask;
  }

  /** Handles one claimed entity and settles its row. */
  async function handleJob(
    { item, entity, task }: Job,
    settle: (
      item: CollectionQueueItem,
      state: 'done' | 'failed' | 'deferred' | 'queued',
      notBefore?: Date,
    ) => Promise<void>,
    signal: AbortSignal | undefined,
  ) {
    if (signal?.aborted) {
      await settle(item, 'queued');
      return;
    }
    if (!entity) {
      // Gone from the catalog since it was queued: nothing to collect.
      await settle(item, 'done');
      return;
    }
    const verdict = budgets.verdict(item.runId, task.collectorIds(entity));
    if (!verdict.go) {
      // Spread, not failed: its evidence stays as it is.
      await settle(
        item,
        'nextRun' in verdict ? 'deferred' : 'queued',
        'until' in verdict ? verdict.until : undefined,
      );
      return;
    }
    let ok = false;
    try {
      ok = await task.handle(entity, signal, collectorId =>
        budgets.reporter(item.runId, collectorId),
      );
    } catch (error) {
      logger.error(
        `Could not evaluate ${item.entityRef}: ${stringifyError(error)}`,
      );
    }
    if (signal?.aborted) {
      // Stopped (shutdown, task timeout): any instance takes it again.
      await settle(item, 'queued');
    } else {
      await settle(item, ok ? 'done' : 'failed');
    }
  }

  async function drainLoop(signal?: AbortSignal) {
    // Runs this drain worked on: when nothing is left to claim, one of
    // them may have had its last entity settled here.
    const touched = new Map<string, string>();
    try {
      await work(touched, signal);
    } finally {
      for (const [runId, task] of touched) {
        await finishIfDrained(runId, task);
      }
    }
  }

  /**
   * `concurrency` workers, each taking the next claimed entity as soon as
   * it is free, so one slow entity never holds up the others. The next
   * batch is claimed while the last one is worked on, and settled entities
   * are written a batch at a time: the workers never wait on the queue.
   */
  async function work(touched: Map<string, string>, signal?: AbortSignal) {
    if (signal) {
      // Each worker's entity listens to the run's signal while collected.
      setMaxListeners(
        Math.max(getMaxListeners(signal), config.concurrency + 10),
        signal,
      );
    }
    // Claimed by this instance and not settled yet.
    const pending = new Set<string>();
    const ready: Job[] = [];
    let exhausted = false;
    let claiming: Promise<void> | undefined;
    let failure: unknown;
    const fail = (error: unknown) => {
      failure ??= error;
    };

    // Settled here, not written yet: still claimed by this instance in
    // the queue, so no other instance takes them meanwhile; should this
    // instance die first, they are taken over and collected again.
    let unwritten: Array<{
      id: string;
      state: 'done' | 'failed' | 'deferred' | 'queued';
      notBefore?: Date;
    }> = [];
    let writing: Promise<void> = Promise.resolve();
    /** Writes every settled entity, one update per state. */
    function flushSettled() {
      const batch = unwritten;
      unwritten = [];
      // Each write is tried whatever became of the one before.
      writing = writing
        .catch(() => undefined)
        .then(async () => {
          const groups = new Map<string, typeof batch>();
          for (const entry of batch) {
            const key = `${entry.state}:${entry.notBefore?.getTime() ?? ''}`;
            groups.set(key, [...(groups.get(key) ?? []), entry]);
          }
          for (const entries of groups.values()) {
            const { state, notBefore } = entries[0];
            await store.settleEntities(
              entries.map(entry => entry.id),
              state,
              { instance, now: now(), notBefore },
            );
          }
        });
      return writing;
    }
    // Progress sees settled entities within this delay.
    const flushTimer = setInterval(() => {
      if (unwritten.length > 0) flushSettled().catch(fail);
    }, SETTLE_FLUSH_MS);

    const settle = async (
      item: CollectionQueueItem,
      state: 'done' | 'failed' | 'deferred' | 'queued',
      notBefore?: Date,
    ) => {
      pending.delete(item.id);
      unwritten.push({ id: item.id, state, notBefore });
      if (unwritten.length >= config.concurrency) {
        await flushSettled();
      }
    };

    async function claim() {
      const items = await store.claimEntities({
        instance,
        limit: config.concurrency,
        leaseMs,
        maxAttempts,
        now: now(),
      });
      if (items.length === 0) {
        exhausted = true;
        return;
      }
      items.forEach(item => pending.add(item.id));
      const byRun = new Map<string, CollectionQueueItem[]>();
      for (const item of items) {
        byRun.set(item.runId, [...(byRun.get(item.runId) ?? []), item]);
      }
      for (const [runId, runItems] of byRun) {
        const taskId = runItems[0].task;
        touched.set(runId, taskId);
        const task = options.tasks(taskId);
        if (!task) {
          // A task this instance does not run (a collector disabled here).
          logger.warn(
            `No readiness task ${taskId} on this instance; its queued entities wait for the next run`,
          );
          for (const item of runItems) await settle(item, 'deferred');
          continue;
        }
        const entities = await entitiesOf(runItems);
        await task.prepare?.(runItems.map(item => item.entityRef));
        await budgets.sync(runId, { ifDueOnly: true });
        runItems.forEach((item, i) =>
          ready.push({ item, entity: entities[i] ?? undefined, task }),
        );
      }
    }

    // One claim at a time: workers that find nothing ready wait for it.
    function claimOnce() {
      claiming ??= claim().finally(() => {
        claiming = undefined;
      });
      return claiming;
    }

    async function next(): Promise<Job | undefined> {
      while (ready.length === 0 && !exhausted && !signal?.aborted) {
        await claimOnce();
      }
      const job = ready.shift();
      if (
        job &&
        ready.length < config.concurrency &&
        !exhausted &&
        !signal?.aborted &&
        failure === undefined
      ) {
        // Claimed ahead: the next batch is ready when this one is done.
        claimOnce().catch(fail);
      }
      return job;
    }

    // Long entities keep their claim: renewed well before it runs out.
    const heartbeat = setInterval(() => {
      if (pending.size === 0) return;
      store
        .renewLeases([...pending], { instance, leaseMs, now: now() })
        .catch(error =>
          logger.warn(
            `Could not renew collection leases: ${stringifyError(error)}`,
          ),
        );
    }, leaseMs / 3);
    try {
      await Promise.all(
        Array.from({ length: config.concurrency }, async () => {
          // A failed claim or write stops every worker after its entity.
          while (failure === undefined) {
            try {
              const job = await next();
              if (!job) return;
              await handleJob(job, settle, signal);
            } catch (error) {
              fail(error);
              return;
            }
          }
        }),
      );
    } finally {
      clearInterval(heartbeat);
      clearInterval(flushTimer);
      // A claim made ahead adds to what is pending: wait for it first.
      await claiming?.catch(fail);
      await flushSettled().catch(fail);
      if (pending.size > 0) {
        // Claimed, never started: free for any instance at once.
        await store
          .settleEntities([...pending], 'queued', { instance, now: now() })
          .catch(() => undefined);
      }
    }
    if (failure !== undefined) {
      throw failure;
    }
  }

  let draining: Promise<void> | undefined;
  function drain(signal?: AbortSignal) {
    if (!draining) {
      draining = drainLoop(signal).finally(() => {
        draining = undefined;
      });
    }
    return draining;
  }

  return {
    async runCycle(cycle) {
      const { task, forEachPage, signal, prepare } = cycle;
      const runId = await store.startQueuedRun(task, { now: now() });
      if (prepare) {
        await runWithRequestReporter(
          budgets.reporter(runId, prepare.collectorId),
          prepare.run,
        );
      }
      if (cycle.doneIn) {
        await store.enqueueDoneEntitiesOf(runId, cycle.doneIn, { now: now() });
      } else {
        await forEachPage(async entities => {
          const refs = entities.map(stringifyEntityRef);
          await store.markSeenInCatalog(refs, { now: now() });
          await store.enqueueEntities(runId, refs, { now: now() });
        }, signal);
      }
      await store.markRunQueued(runId, { now: now() });
      // The first drain may be one this instance began before the run was
      // queued; the second begins after it, and sees all of it.
      await drain(signal);
      await drain(signal);
      await finishIfDrained(runId, task);
      while (cycle.untilFinished && !(await store.isRunFinished(runId))) {
        // Claims of other instances: settled by them, or taken over here
        // once their lease expires.
        await delay(FINISH_POLL_MS, undefined, { signal });
        await drain(signal);
        await finishIfDrained(runId, task);
      }
      return runId;
    },
    drain,
  };
}
