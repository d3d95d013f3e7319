import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  type RequestReporter,
  runWithRequestReporter,
} from '@readiness/plugin-readiness-node';
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
   * the cycle's budgets as `collectorId`'s.
   */
  runCycle(options: {
    task: string;
    forEachPage: (
      fn: (entities: Entity[]) => Promise<void>,
      signal?: AbortSignal,
    ) => Promise<void>;
    signal?: AbortSignal;
    prepare?: { collectorId: string; run: () => Promise<void> };
  }): Promise<void>;
  /**
   * Works on the entities any open cycle queued until nothing is left to
   * claim; a call while this instance works joins that work.
   */
  drain(signal?: AbortSignal): Promise<void>;
}

/** Runs `fn` on `items` with at most `limit` in flight. */
export async function forEachWithConcurrency<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
}

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

  /** Handles one run's claimed entities, settling each as it ends. */
  async function work(
    runId: string,
    task: string,
    items: CollectionQueueItem[],
    pending: Set<string>,
    signal: AbortSignal | undefined,
  ) {
    const settle = async (
      item: CollectionQueueItem,
      state: 'done' | 'failed' | 'deferred' | 'queued',
      notBefore?: Date,
    ) => {
      pending.delete(item.id);
      await store.settleEntities([item.id], state, {
        instance,
        now: now(),
        notBefore,
      });
    };
    const handler = options.tasks(task);
    if (!handler) {
      // A task this instance does not run (a collector disabled here).
      logger.warn(
        `No readiness task ${task} on this instance; its queued entities wait for the next run`,
      );
      for (const item of items) await settle(item, 'deferred');
      return;
    }
    await budgets.sync(runId);
    const entities = await entitiesOf(items);
    await handler.prepare?.(items.map(item => item.entityRef));
    await forEachWithConcurrency(
      items.map((item, i) => ({ item, entity: entities[i] })),
      config.concurrency,
      async ({ item, entity }) => {
        if (signal?.aborted) {
          await settle(item, 'queued');
          return;
        }
        if (!entity) {
          // Gone from the catalog since it was queued: nothing to collect.
          await settle(item, 'done');
          return;
        }
        const verdict = budgets.verdict(runId, handler.collectorIds(entity));
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
          ok = await handler.handle(entity, signal, collectorId =>
            budgets.reporter(runId, collectorId),
          );
        } catch (error) {
          logger.error(
            `Could not evaluate ${item.entityRef}: ${stringifyError(error)}`,
          );
        }
        await settle(item, signal?.aborted ? 'queued' : ok ? 'done' : 'failed');
      },
    );
    await finishIfDrained(runId, task);
  }

  async function drainLoop(signal?: AbortSignal) {
    for (;;) {
      if (signal?.aborted) {
        return;
      }
      const items = await store.claimEntities({
        instance,
        limit: config.concurrency,
        leaseMs,
        maxAttempts,
        now: now(),
      });
      if (items.length === 0) {
        return;
      }
      const pending = new Set(items.map(item => item.id));
      // Long entities keep their claim: renewed well before it runs out.
      const heartbeat = setInterval(() => {
        store
          .renewLeases([...pending], { instance, leaseMs, now: now() })
          .catch(error =>
            logger.warn(
              `Could not renew collection leases: ${stringifyError(error)}`,
            ),
          );
      }, leaseMs / 3);
      try {
        const byRun = new Map<string, CollectionQueueItem[]>();
        for (const item of items) {
          byRun.set(item.runId, [...(byRun.get(item.runId) ?? []), item]);
        }
        for (const [runId, runItems] of byRun) {
          await work(runId, runItems[0].task, runItems, pending, signal);
        }
      } finally {
        clearInterval(heartbeat);
        if (pending.size > 0) {
          // Not handled (an error above): free for any instance at once.
          await store
            .settleEntities([...pending], 'queued', { instance, now: now() })
            .catch(() => undefined);
        }
      }
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
    async runCycle({ task, forEachPage, signal, prepare }) {
      const runId = await store.startQueuedRun(task, { now: now() });
      if (prepare) {
        await runWithRequestReporter(
          budgets.reporter(runId, prepare.collectorId),
          prepare.run,
        );
      }
      await forEachPage(async entities => {
        const refs = entities.map(stringifyEntityRef);
        await store.markSeenInCatalog(refs, { now: now() });
        await store.enqueueEntities(runId, refs, { now: now() });
      }, signal);
      await store.markRunQueued(runId, { now: now() });
      // The first drain may be one this instance began before the run was
      // queued; the second begins after it, and sees all of it.
      await drain(signal);
      await drain(signal);
      await finishIfDrained(runId, task);
    },
    drain,
  };
}
