import type {
  AuthService,
  BackstageCredentials,
  CacheService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  CollectionProgress,
  ReadinessReport,
} from '@readiness/plugin-readiness-common';
import type { ReadinessCollector } from '@readiness/plugin-readiness-node';
import type { ReadinessStore } from '../database';
import { createCollectionProgressTracker } from './collectionProgress';
import { collectEntity } from './collectEntity';
import type { ReadinessBackendConfig } from './config';

/**
 * Runs collectors for entities, stores their evidence and has them
 * evaluated: for one entity on request, for the whole catalog on schedule.
 *
 * @internal
 */
export interface CollectionRunner {
  /**
   * Runs every applicable collector for the entity, then evaluates it; a
   * call while one runs for the entity in this instance joins that run.
   */
  refresh(entity: Entity): Promise<ReadinessReport>;
  /**
   * Runs one collector over every entity of the configured kinds, paging
   * through the catalog; one failing entity never stops the run.
   */
  runCollector(
    collector: ReadinessCollector,
    signal?: AbortSignal,
  ): Promise<void>;
  /**
   * Re-evaluates every stored entity (waivers and attestations expire,
   * evidence goes stale) and collects entities under stop-work again.
   */
  recheck(signal?: AbortSignal): Promise<void>;
  /** Deletes data of entities gone from the catalog, and old history. */
  cleanup(): Promise<void>;
  /** The latest collection run of every task, whichever instance runs it. */
  getProgress(): Promise<CollectionProgress>;
  /**
   * Refs of every entity of the configured kinds that the catalog shows to
   * the caller: the catalog applies its own read rules to the credentials.
   */
  listReadableEntityRefs(credentials: BackstageCredentials): Promise<string[]>;
  /**
   * The entities of the configured kinds that the catalog shows to the
   * caller, page by page (`fields` limits what is read of each).
   */
  forEachReadableEntityPage(
    credentials: BackstageCredentials,
    fn: (entities: Entity[]) => Promise<void>,
    options?: { fields?: string[]; pageSize?: number },
  ): Promise<void>;
}

const PAGE_SIZE = 100;

/**
 * Runs tasks with at most `limit` in flight; resolves when all settled.
 */
async function forEachWithConcurrency<T>(
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
export interface CollectionRunnerOptions {
  store: ReadinessStore;
  catalog: CatalogService;
  auth: AuthService;
  collectors: () => ReadinessCollector[];
  config: ReadinessBackendConfig;
  logger: LoggerService;
  cache: CacheService;
  urlReader: UrlReaderService;
  /** Evaluates the entity's stored evidence and saves the report. */
  evaluate: (entity: Entity) => Promise<ReadinessReport>;
  now: () => Date;
}

/** @internal */
export function createCollectionRunner(
  options: CollectionRunnerOptions,
): CollectionRunner {
  const { store, catalog, auth, config, logger, evaluate, now } = options;
  const progress = createCollectionProgressTracker({
    store,
    logger,
    interruptedAfterMs: config.entityTimeoutMs + 5 * 60_000,
    now,
  });

  const applies = (collector: ReadinessCollector, entity: Entity) =>
    config.collector(collector.id).enabled &&
    (collector.appliesTo?.(entity) ?? true);

  const collect = (
    collector: ReadinessCollector,
    entity: Entity,
    signal?: AbortSignal,
  ) => collectEntity(options, collector, entity, signal);

  async function serviceCredentials() {
    return { credentials: await auth.getOwnServiceCredentials() };
  }

  async function refresh(entity: Entity, signal?: AbortSignal) {
    for (const collector of options.collectors()) {
      if (applies(collector, entity)) {
        await collect(collector, entity, signal);
      }
    }
    return evaluate(entity);
  }

  /** Pages through the catalog by cursor, never loading it all at once. */
  async function forEachCatalogPage(
    fn: (entities: Entity[], totalItems: number) => Promise<void>,
    signal?: AbortSignal,
    caller?: {
      credentials: BackstageCredentials;
      fields?: string[];
      pageSize?: number;
    },
  ) {
    const limit = caller?.pageSize ?? PAGE_SIZE;
    let cursor: string | undefined;
    let first = true;
    do {
      if (signal?.aborted) {
        throw signal.reason ?? new Error('collection aborted');
      }
      const page = await catalog.queryEntities(
        first
          ? {
              filter: { kind: config.kinds },
              limit,
              orderFields: { field: 'metadata.name', order: 'asc' },
              fields: caller?.fields,
            }
          : { cursor, limit, fields: caller?.fields },
        caller ?? (await serviceCredentials()),
      );
      first = false;
      await fn(page.items, page.totalItems);
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
  }

  /**
   * One run over every catalog entity of the configured kinds, page by page
   * with bounded concurrency; a failing entity is logged and counted, and
   * the run goes on.
   */
  async function sweep(
    task: string,
    signal: AbortSignal | undefined,
    handle: (entity: Entity) => Promise<boolean>,
    beforePage?: (refs: string[]) => Promise<void>,
  ) {
    await progress.trackRun(task, async (onEntity, setTotal) => {
      await forEachCatalogPage(async (entities, totalItems) => {
        setTotal(totalItems);
        const refs = entities.map(stringifyEntityRef);
        await store.markSeenInCatalog(refs, { now: now() });
        await beforePage?.(refs);
        await forEachWithConcurrency(
          entities,
          config.concurrency,
          async entity => {
            let ok = false;
            try {
              ok = await handle(entity);
            } catch (error) {
              logger.error(
                `Could not evaluate ${stringifyEntityRef(entity)}: ${stringifyError(error)}`,
              );
            }
            onEntity(ok);
          },
        );
      }, signal);
    });
  }

  /**
   * Refreshes of one entity asked for while one runs join it: thirty
   * concurrent requests make one collection, and all get its report.
   */
  const refreshing = new Map<string, Promise<ReadinessReport>>();
  function refreshOnce(entity: Entity) {
    const entityRef = stringifyEntityRef(entity);
    const running = refreshing.get(entityRef);
    if (running) {
      return running;
    }
    const run = refresh(entity).finally(() => refreshing.delete(entityRef));
    refreshing.set(entityRef, run);
    return run;
  }

  return {
    refresh: refreshOnce,

    async runCollector(collector, signal) {
      await sweep(collector.id, signal, async entity => {
        const ok = applies(collector, entity)
          ? await collect(collector, entity, signal)
          : true;
        await evaluate(entity);
        return ok;
      });
    },

    async recheck(signal) {
      let underStopWork = new Set<string>();
      await sweep(
        'recheck',
        signal,
        async entity => {
          if (underStopWork.has(stringifyEntityRef(entity))) {
            await refresh(entity, signal);
          } else {
            await evaluate(entity);
          }
          return true;
        },
        async refs => {
          underStopWork = new Set(
            (
              await store.listSummaries({
                entityRefs: refs,
                stopWork: true,
                limit: refs.length,
              })
            ).items.map(item => item.entityRef),
          );
        },
      );
    },

    async cleanup() {
      const at = now().getTime();
      const removed = await store.deleteExpired({
        notSeenSince: new Date(at - config.removalGracePeriodMs),
        historyBefore: new Date(at - config.historyRetentionMs),
      });
      if (removed.length > 0) {
        logger.info(
          `Removed readiness data of ${removed.length} entities no longer in the catalog`,
        );
      }
    },

    getProgress: () => progress.getProgress(),

    async listReadableEntityRefs(credentials) {
      const refs: string[] = [];
      await forEachCatalogPage(
        async entities => {
          refs.push(...entities.map(stringifyEntityRef));
        },
        undefined,
        {
          credentials,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
      );
      return refs;
    },

    async forEachReadableEntityPage(credentials, fn, pageOptions) {
      await forEachCatalogPage(fn, undefined, {
        credentials,
        ...pageOptions,
      });
    },
  };
}
