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
import {
  type ReadinessCollector,
  type RequestReporter,
  runWithRequestReporter,
} from '@readiness/plugin-readiness-node';
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ReadinessStore } from '../database';
import { createCollectionCycles, type CycleTask } from './collectionCycles';
import { createCollectionProgressTracker } from './collectionProgress';
import { type CollectionPhase, collectEntity } from './collectEntity';
import type { EvidenceKinds } from './evidenceKinds';
import type { ReadinessBackendConfig } from './config';
import { countingUrlReader } from './countingUrlReader';
import { createRequestBudgets } from './requestBudgets';

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
   * Runs one collector over every entity of the configured kinds: queues
   * them as a cycle every instance takes part in, and works on the queue
   * until nothing is left to claim; one failing entity never stops the run.
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
  /**
   * Works on the entities any open cycle queued, whichever instance started
   * it, until nothing is left to claim.
   */
  drainCollectionQueue(signal?: AbortSignal): Promise<void>;
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

/** A short digest of the entity as the catalog shows it. */
function entityFingerprint(entity: Entity) {
  return createHash('sha256')
    .update(JSON.stringify(entity))
    .digest('base64url')
    .slice(0, 22);
}

/** The task of the hourly re-evaluation, as progress names it. */
const RECHECK_TASK = 'recheck';

/**
 * The task of a phased collector's read phase, as the queue and progress
 * name it: `repository:read` (collector ids never hold a colon).
 */
const READ_PHASE_SUFFIX = ':read';
const readPhaseOf = (collectorId: string) =>
  `${collectorId}${READ_PHASE_SUFFIX}`;

/** Host, process and a random part: two backends in one process differ. */
function defaultInstanceName() {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
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
  /** The evidence kinds collector modules registered. */
  evidenceKinds?: EvidenceKinds;
  /** This instance, as queue claims and progress name it; default random. */
  instance?: string;
}

/** @internal */
export function createCollectionRunner(
  options: CollectionRunnerOptions,
): CollectionRunner {
  const { store, catalog, auth, config, logger, now } = options;
  // What each entity looked like when this instance last evaluated it.
  const evaluatedAs = new Map<string, string>();
  const evaluate = async (entity: Entity) => {
    const report = await options.evaluate(entity);
    evaluatedAs.set(stringifyEntityRef(entity), entityFingerprint(entity));
    return report;
  };
  const instance = options.instance ?? defaultInstanceName();
  const budgets = createRequestBudgets({
    store,
    budgets: config.budgets,
    logger,
    now,
  });
  const progress = createCollectionProgressTracker({
    store,
    budgets,
    interruptedAfterMs: config.entityTimeoutMs + 5 * 60_000,
    now,
  });
  // Every repository read counts against the run's `repository` budget.
  const urlReader = countingUrlReader(options.urlReader);

  const applies = (collector: ReadinessCollector, entity: Entity) =>
    config.collector(collector.id).enabled &&
    (collector.appliesTo?.(entity) ?? true);

  const collect = (
    collector: ReadinessCollector,
    entity: Entity,
    signal?: AbortSignal,
    reporter?: (collectorId: string) => RequestReporter,
    phase: CollectionPhase = 'collect',
  ) => {
    const run = () =>
      collectEntity(
        { ...options, urlReader },
        collector,
        entity,
        signal,
        phase,
      );
    // A read phase spends its own budget: only the repository host.
    const spender = phase === 'read' ? readPhaseOf(collector.id) : collector.id;
    return reporter ? runWithRequestReporter(reporter(spender), run) : run();
  };

  async function serviceCredentials() {
    return { credentials: await auth.getOwnServiceCredentials() };
  }

  async function refresh(
    entity: Entity,
    signal?: AbortSignal,
    reporter?: (collectorId: string) => RequestReporter,
  ) {
    for (const collector of options.collectors()) {
      if (applies(collector, entity)) {
        await collect(collector, entity, signal, reporter);
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
   * Whether the stored report still says what evaluating the entity now
   * would, when the collection changed none of its evidence: this instance
   * evaluated it (with the checks of its own configuration) as the catalog
   * shows it now, and any evaluation since, by whatever instance, is newer.
   * Anything else that moves a report is evaluated elsewhere: pushed
   * evidence, waivers, attestations and stop-work orders on their own
   * routes, and time (evidence going stale, waivers and attestations
   * expiring, checks becoming effective) by the hourly recheck of every
   * entity. Skipping keeps the report as it was, never a more favourable
   * one: only the evidence's times moved on.
   */
  function reportStillValid(entity: Entity) {
    return (
      evaluatedAs.get(stringifyEntityRef(entity)) === entityFingerprint(entity)
    );
  }

  // Collectors this instance started cycles of, registered or not.
  const started = new Map<string, ReadinessCollector>();

  /** The tasks a cycle can queue: every collector, and the recheck. */
  function cycleTask(task: string): CycleTask | undefined {
    if (task === RECHECK_TASK) {
      let underStopWork = new Set<string>();
      return {
        async prepare(refs) {
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
        collectorIds: entity =>
          underStopWork.has(stringifyEntityRef(entity))
            ? options
                .collectors()
                .filter(collector => applies(collector, entity))
                .map(collector => collector.id)
            : [],
        async handle(entity, signal, reporter) {
          if (underStopWork.has(stringifyEntityRef(entity))) {
            await refresh(entity, signal, reporter);
          } else {
            await evaluate(entity);
          }
          return true;
        },
      };
    }
    const readPhase = task.endsWith(READ_PHASE_SUFFIX);
    const collectorId = readPhase
      ? task.slice(0, -READ_PHASE_SUFFIX.length)
      : task;
    const collector =
      options.collectors().find(candidate => candidate.id === collectorId) ??
      started.get(collectorId);
    if (!collector || !config.collector(collector.id).enabled) {
      return undefined;
    }
    if (readPhase) {
      return collector.phases ? readPhaseTask(collector) : undefined;
    }
    // A phased collector's entities come from its read phase: matched
    // against what that stored, with no read.
    const phase = collector.phases ? 'stored' : 'collect';
    return {
      collectorIds: entity =>
        applies(collector, entity) ? [collector.id] : [],
      async handle(entity, signal, reporter) {
        const { ok, changed } = applies(collector, entity)
          ? await collect(collector, entity, signal, reporter, phase)
          : { ok: true, changed: false };
        if (changed || !reportStillValid(entity)) {
          await evaluate(entity);
        }
        return ok;
      },
    };
  }

  /**
   * Reads and stores, with no evidence or evaluation; an entity whose read
   * failed has its evidence marked stale and is evaluated here, since the
   * match phase takes only those read.
   */
  function readPhaseTask(collector: ReadinessCollector): CycleTask {
    return {
      collectorIds: entity =>
        applies(collector, entity) ? [readPhaseOf(collector.id)] : [],
      async handle(entity, signal, reporter) {
        if (!applies(collector, entity)) {
          return true;
        }
        const { ok, changed } = await collect(
          collector,
          entity,
          signal,
          reporter,
          'read',
        );
        if (!ok && !signal?.aborted && (changed || !reportStillValid(entity))) {
          await evaluate(entity);
        }
        return ok;
      },
    };
  }

  const cycles = createCollectionCycles({
    store,
    catalog,
    auth,
    config,
    logger,
    budgets,
    instance,
    tasks: cycleTask,
    now,
  });

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

  /**
   * Lets the collector prepare for the entities it applies to in this
   * cycle (read with kind, namespace, name and annotations only); a failure
   * is logged and the cycle goes on.
   */
  async function prepareCycle(
    collector: ReadinessCollector,
    signal: AbortSignal | undefined,
  ) {
    if (!collector.prepareCycle) {
      return;
    }
    const collectorLogger = logger.child({ collectorId: collector.id });
    try {
      const entities: Entity[] = [];
      await forEachCatalogPage(
        async page => {
          entities.push(...page.filter(entity => applies(collector, entity)));
        },
        signal,
        {
          credentials: (await serviceCredentials()).credentials,
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'metadata.annotations',
          ],
        },
      );
      await collector.prepareCycle(entities, {
        logger: collectorLogger,
        signal: signal ?? new AbortController().signal,
        now: now(),
      });
    } catch (error) {
      collectorLogger.warn(
        `Could not prepare the collection cycle: ${stringifyError(error)}`,
      );
    }
  }

  return {
    refresh: refreshOnce,

    async runCollector(collector, signal) {
      started.set(collector.id, collector);
      // A phased collector first reads every entity, on every instance,
      // until the read run has ended; the pre-pass then sees all it stored.
      const readRun = collector.phases
        ? await cycles.runCycle({
            task: readPhaseOf(collector.id),
            forEachPage: forEachCatalogPage,
            signal,
            untilFinished: true,
          })
        : undefined;
      await cycles.runCycle({
        task: collector.id,
        forEachPage: forEachCatalogPage,
        signal,
        // The OSV pre-pass over the stored inventories, counted in the budget.
        prepare: {
          collectorId: collector.id,
          run: () => prepareCycle(collector, signal),
        },
        doneIn: readRun,
      });
    },

    async recheck(signal) {
      await cycles.runCycle({
        task: RECHECK_TASK,
        forEachPage: forEachCatalogPage,
        signal,
      });
    },

    drainCollectionQueue: signal => cycles.drain(signal),

    async cleanup() {
      const at = now().getTime();
      const notSeenSince = new Date(at - config.removalGracePeriodMs);
      const removed = await store.deleteExpired({
        notSeenSince,
        historyBefore: new Date(at - config.historyRetentionMs),
      });
      if (removed.length > 0) {
        logger.info(
          `Removed readiness data of ${removed.length} entities no longer in the catalog`,
        );
      }
      // Then the inventories only those entities read.
      const inventory = await store.deleteUnreferencedInventory({
        fetchedBefore: notSeenSince,
      });
      if (inventory.revisions > 0 || inventory.lockfiles > 0) {
        logger.info(
          `Removed ${inventory.revisions} stored repository revisions and ${inventory.lockfiles} lockfiles no entity reads`,
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
