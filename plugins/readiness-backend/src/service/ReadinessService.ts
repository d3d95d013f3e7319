import type {
  AuthService,
  BackstageCredentials,
  CacheService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  type CompoundEntityRef,
  type Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError, stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  type Attestation,
  type AttestationCreateRequest,
  type CollectionProgress,
  evaluateReadiness,
  type Evidence,
  type PushedEvidence,
  type ReadinessReport,
  toPushedEvidence,
  type Waiver,
  type WaiverCreateRequest,
} from '@readiness/plugin-readiness-common';
import {
  type CollectedEvidence,
  type ReadinessCollector,
  readCatalogEvidence,
} from '@readiness/plugin-readiness-node';
import { randomUUID } from 'node:crypto';
import type {
  EntityMetadata,
  ReadinessStore,
  StopWorkTransition,
} from '../database';
import type { ReadinessBackendConfig } from './config';

/** Called after each saved evaluation that opened or lifted an order. */
export type StopWorkListener = (
  entity: Entity,
  report: ReadinessReport,
  transition: StopWorkTransition,
) => Promise<void>;

/**
 * Collection and evaluation for one entity or many: the logic behind the
 * REST routes and the scheduled tasks.
 *
 * @internal
 */
export interface ReadinessService {
  /** The entity as the caller may see it in the catalog, or NotFoundError. */
  getEntity(
    entityRef: string | CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity>;
  /** The stored report; evaluates the stored evidence if there is none yet. */
  getReport(entity: Entity): Promise<ReadinessReport>;
  /** Runs every applicable collector for the entity, then evaluates it. */
  refresh(entity: Entity): Promise<ReadinessReport>;
  /** Evaluates the stored evidence and saves the report. */
  evaluate(entity: Entity): Promise<ReadinessReport>;
  pushEvidence(
    entity: Entity,
    items: PushedEvidence[],
    actor: string,
  ): Promise<ReadinessReport>;
  addAttestation(
    entity: Entity,
    request: AttestationCreateRequest,
    actor: string,
  ): Promise<Attestation>;
  addWaiver(
    entity: Entity,
    request: WaiverCreateRequest,
    actor: string,
  ): Promise<Waiver>;
  /** Issues a manual stop-work order (or keeps the open one) and re-evaluates. */
  issueStopWork(
    entity: Entity,
    reason: string,
    actor: string,
  ): Promise<ReadinessReport>;
  /** Lifts the open manual order; undefined when there is none. */
  liftStopWork(
    entity: Entity,
    reason: string,
    actor: string,
  ): Promise<ReadinessReport | undefined>;
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
}

const PAGE_SIZE = 100;

/**
 * The catalog facts summaries filter on, with refs in their full form. Owner,
 * system and lifecycle are read as the `catalog` collector reads them, so
 * relative refs resolve against the entity's own namespace.
 */
export function entityMetadata(entity: Entity): EntityMetadata {
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  const { owner, system, lifecycle } = readCatalogEvidence(entity);
  const { title } = entity.metadata;
  return {
    entityRef: stringifyEntityRef(entity),
    kind,
    namespace,
    name,
    title: typeof title === 'string' && title ? title : undefined,
    owner,
    system,
    lifecycle,
  };
}

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

/** Rejects after `ms`, aborting `controller`, unless `promise` settles first. */
function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  controller: AbortController,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`${what} timed out after ${ms} ms`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** @internal */
export function createReadinessService(options: {
  store: ReadinessStore;
  catalog: CatalogService;
  auth: AuthService;
  collectors: () => ReadinessCollector[];
  config: ReadinessBackendConfig;
  logger: LoggerService;
  cache: CacheService;
  urlReader: UrlReaderService;
  onStopWorkTransition?: StopWorkListener;
  now?: () => Date;
}): ReadinessService {
  const { store, catalog, auth, config, logger, cache, urlReader } = options;
  const now = options.now ?? (() => new Date());
  // A run whose counters have not moved for this long was interrupted: no
  // entity takes longer than its timeout, and counters are written every
  // few seconds while entities complete.
  const interruptedAfterMs = config.entityTimeoutMs + 5 * 60_000;

  const applies = (collector: ReadinessCollector, entity: Entity) =>
    config.collector(collector.id).enabled &&
    (collector.appliesTo?.(entity) ?? true);

  async function serviceCredentials() {
    return { credentials: await auth.getOwnServiceCredentials() };
  }

  async function announce(
    entity: Entity,
    report: ReadinessReport,
    transition: StopWorkTransition,
  ) {
    if (
      !(transition.began || transition.lifted) ||
      !options.onStopWorkTransition
    ) {
      return;
    }
    try {
      await options.onStopWorkTransition(entity, report, transition);
    } catch (error) {
      logger.warn(
        `Could not notify about the stop-work order of ${report.entityRef}: ${stringifyError(error)}`,
      );
    }
  }

  async function evaluate(entity: Entity): Promise<ReadinessReport> {
    const entityRef = stringifyEntityRef(entity);
    const at = now();
    const [evidence, attestations, waivers, previous, openOrders] =
      await Promise.all([
        store.listEvidence(entityRef),
        store.listAttestations(entityRef),
        store.listWaivers(entityRef),
        store.getReport(entityRef),
        store.getOpenStopWorkOrders(entityRef),
      ]);
    const manual = openOrders.find(order => order.origin === 'manual');
    const metadata = entityMetadata(entity);
    const report = evaluateReadiness({
      entityRef,
      // The reason a collection failed explains why kept evidence is stale.
      evidence: evidence.map(({ staleReason, ...item }) =>
        staleReason && item.error === undefined
          ? { ...item, error: staleReason }
          : item,
      ),
      attestations,
      waivers,
      config: config.engine,
      previousStopWork: previous?.stopWork,
      manualStopWork: manual && {
        issuedBy: manual.issuedBy ?? 'unknown',
        issuedAt: manual.beganAt,
        reason: manual.reason ?? '',
      },
      lifecycle: metadata.lifecycle,
      now: at.toISOString(),
    });
    const transition = await store.saveEvaluation({
      entity: metadata,
      report,
      now: at,
    });
    if (
      (transition.began || transition.lifted) &&
      options.onStopWorkTransition
    ) {
      try {
        await options.onStopWorkTransition(entity, report, transition);
      } catch (error) {
        logger.warn(
          `Could not notify about the stop-work order of ${entityRef}: ${stringifyError(error)}`,
        );
      }
    }
    return report;
  }

  /** Collects one entity with one collector; a failure keeps old evidence, marked stale. */
  async function collect(
    collector: ReadinessCollector,
    entity: Entity,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const entityRef = stringifyEntityRef(entity);
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort);
    const at = now();
    try {
      const collected: CollectedEvidence[] = await withTimeout(
        collector.collect(entity, {
          logger: logger.child({ collectorId: collector.id, entityRef }),
          config: config.collector(collector.id).config,
          urlReader,
          cache,
          signal: controller.signal,
          now: at,
        }),
        config.entityTimeoutMs,
        controller,
        `collector ${collector.id} for ${entityRef}`,
      );
      // A key the collector could not read this time (an advisory lookup
      // that failed) keeps its last value, marked stale with the error,
      // like a collector that failed as a whole.
      const failed = collected.filter(item => item.error !== undefined);
      const kept = new Set(
        failed.length === 0
          ? []
          : (await store.listEvidence(entityRef))
              .filter(
                item =>
                  item.source === collector.id &&
                  item.value !== undefined &&
                  failed.some(f => f.key === item.key),
              )
              .map(item => item.key),
      );
      for (const item of failed.filter(f => kept.has(f.key))) {
        await store.markEvidenceStale(
          entityRef,
          collector.id,
          [item.key],
          `${collector.id} could not collect: ${item.error}`,
          { now: at },
        );
      }
      await store.upsertEvidence(
        entityRef,
        collected
          .filter(item => !kept.has(item.key))
          .map(item => ({ ...item, source: collector.id }) as Evidence),
        { now: at },
      );
      return true;
    } catch (error) {
      const reason = `${collector.id} could not collect: ${stringifyError(error)}`;
      logger.warn(reason, { collectorId: collector.id, entityRef });
      await store.markEvidenceStale(
        entityRef,
        collector.id,
        collector.evidenceKeys,
        reason,
        { now: at },
      );
      // Keys never collected before get the reason as error evidence, so the
      // report says why they are unknown instead of "no evidence yet".
      const existing = new Set(
        (await store.listEvidence(entityRef))
          .filter(item => item.source === collector.id)
          .map(item => item.key),
      );
      const observedAt = at.toISOString();
      await store.upsertEvidence(
        entityRef,
        collector.evidenceKeys
          .filter(key => !existing.has(key))
          .map(
            key =>
              ({
                source: collector.id,
                key,
                error: reason,
                observedAt,
                staleAfter: observedAt,
              }) as Evidence,
          ),
        { now: at },
      );
      return false;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
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
    caller?: { credentials: BackstageCredentials; fields: string[] },
  ) {
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
              limit: PAGE_SIZE,
              orderFields: { field: 'metadata.name', order: 'asc' },
              fields: caller?.fields,
            }
          : { cursor, limit: PAGE_SIZE, fields: caller?.fields },
        caller ?? (await serviceCredentials()),
      );
      first = false;
      await fn(page.items, page.totalItems);
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
  }

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
    await trackRun(task, async (onEntity, setTotal) => {
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

  return {
    async getEntity(entityRef, credentials) {
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (!entity) {
        const ref =
          typeof entityRef === 'string'
            ? entityRef
            : `${entityRef.kind}:${entityRef.namespace}/${entityRef.name}`;
        throw new NotFoundError(`No entity ${ref} in the catalog`);
      }
      return entity;
    },

    async getReport(entity) {
      return (
        (await store.getReport(stringifyEntityRef(entity))) ??
        (await evaluate(entity))
      );
    },

    refresh: entity => refresh(entity),
    evaluate,

    async pushEvidence(entity, items, actor) {
      const at = now();
      const entityRef = stringifyEntityRef(entity);
      // The engine's lifetimes, so `readiness evaluate` agrees.
      const evidence = items.map(item =>
        toPushedEvidence(item, {
          config: config.engine,
          defaultLifetimeMs: config.pushedEvidenceTtlMs,
          now: at.toISOString(),
        }),
      );
      // A run sent again, or an older observation, changes nothing.
      const applied = await store.upsertEvidence(entityRef, evidence, {
        now: at,
        actor,
      });
      if (applied === 0) {
        return (await store.getReport(entityRef)) ?? evaluate(entity);
      }
      return evaluate(entity);
    },

    async addAttestation(entity, request, actor) {
      const at = now();
      const attestation: Attestation = {
        id: randomUUID(),
        ...request,
        attestedBy: actor,
        attestedAt: at.toISOString(),
      };
      await store.addAttestation(stringifyEntityRef(entity), attestation, {
        now: at,
      });
      await evaluate(entity);
      return attestation;
    },

    async addWaiver(entity, request, actor) {
      const at = now();
      const waiver: Waiver = {
        id: randomUUID(),
        ...request,
        createdBy: actor,
        createdAt: at.toISOString(),
      };
      await store.addWaiver(stringifyEntityRef(entity), waiver, { now: at });
      await evaluate(entity);
      return waiver;
    },

    async issueStopWork(entity, reason, actor) {
      const entityRef = stringifyEntityRef(entity);
      const current =
        (await store.getReport(entityRef)) ?? (await evaluate(entity));
      const alreadyOpen = (await store.getOpenStopWorkOrders(entityRef)).some(
        order => order.origin === 'manual',
      );
      const order = await store.issueManualStopWork({
        entityRef,
        issuedBy: actor,
        reason,
        blockers: current.stopWork.blockers,
        countsAtStart: current.stopWork.countsAtStart,
        now: now(),
      });
      const report = await evaluate(entity);
      if (!alreadyOpen) {
        await announce(entity, report, { began: order });
      }
      return report;
    },

    async liftStopWork(entity, reason, actor) {
      const order = await store.liftManualStopWork({
        entityRef: stringifyEntityRef(entity),
        liftedBy: actor,
        reason,
        now: now(),
      });
      if (!order) {
        return undefined;
      }
      const report = await evaluate(entity);
      await announce(entity, report, { lifted: order });
      return report;
    },

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

    getProgress,

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
  };
}
