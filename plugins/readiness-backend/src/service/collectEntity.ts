import type {
  CacheService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import type { Evidence } from '@readiness/plugin-readiness-common';
import {
  type CollectedEvidence,
  collectionFailureEvidence,
  type CollectorContext,
  type ReadinessCollector,
} from '@readiness/plugin-readiness-node';
import type { ReadinessStore } from '../database';
import type { ReadinessBackendConfig } from './config';
import { checkCollectedEvidence, type EvidenceKinds } from './evidenceKinds';

/** What collecting one entity needs. */
export interface CollectEntityOptions {
  store: ReadinessStore;
  config: ReadinessBackendConfig;
  logger: LoggerService;
  urlReader: UrlReaderService;
  cache: CacheService;
  now: () => Date;
  /** The registered evidence kinds; collected values of theirs are checked. */
  evidenceKinds?: EvidenceKinds;
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

/**
 * What a collection of one entity calls: the collector's `collect`, or one
 * phase of a phased cycle (`read` stores and records no evidence).
 */
export type CollectionPhase = 'collect' | 'read' | 'stored';

function collectorCall(collector: ReadinessCollector, phase: CollectionPhase) {
  const { phases } = collector;
  if (phase !== 'collect' && !phases) {
    throw new Error(`collector ${collector.id} has no phases`);
  }
  return (entity: Entity, ctx: CollectorContext) => {
    if (phase === 'read') {
      return phases!.read(entity, ctx).then(() => []);
    }
    return phase === 'stored'
      ? phases!.collectStored(entity, ctx)
      : collector.collect(entity, ctx);
  };
}

/** How collecting one entity went. */
export interface CollectedEntity {
  /** False when the collection failed (old evidence kept, marked stale). */
  ok: boolean;
  /**
   * Whether anything the engine reads changed: a value, an error, a link,
   * evidence turning fresh or stale, or the reason it is stale.
   */
  changed: boolean;
}

/** Collects one entity with one collector; a failure keeps old evidence, marked stale. */
export async function collectEntity(
  options: CollectEntityOptions,
  collector: ReadinessCollector,
  entity: Entity,
  signal?: AbortSignal,
  phase: CollectionPhase = 'collect',
): Promise<CollectedEntity> {
  const { store, config, logger, urlReader, cache, now } = options;
  const entityRef = stringifyEntityRef(entity);
  // Aborted by the timeout or by the run's signal. A listener removed when
  // the entity is done, not AbortSignal.any: on Node 20 a signal composed
  // from the run's long-lived one stays reachable until the run ends, and
  // with it every reader the entity attached (its repository read's
  // buffers), about 150 kB per entity across a cycle.
  const controller = new AbortController();
  const onRunAborted = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onRunAborted, { once: true });
  const entitySignal = controller.signal;
  const at = now();
  try {
    const returned: CollectedEvidence[] = await withTimeout(
      collectorCall(collector, phase)(entity, {
        logger: logger.child({ collectorId: collector.id, entityRef }),
        config: config.collector(collector.id).config,
        urlReader,
        cache,
        signal: entitySignal,
        now: at,
      }),
      config.entityTimeoutMs,
      controller,
      `collector ${collector.id} for ${entityRef}`,
    );
    if (phase === 'read') {
      // Records no evidence: the match phase says what changed.
      return { ok: true, changed: false };
    }
    const collected = returned.map(item =>
      checkCollectedEvidence(
        item,
        options.evidenceKinds ?? new Map(),
        collector.id,
      ),
    );
    // A key the collector could not read this time (an advisory lookup
    // that failed) keeps its last value, marked stale with the error,
    // like a collector that failed as a whole.
    const failed = collected.filter(item => item.error !== undefined);
    const kept = new Set(
      failed.length === 0
        ? []
        : (await store.listEvidence(entityRef, { detailKeys: [] }))
            .filter(
              item =>
                item.source === collector.id &&
                item.value !== undefined &&
                failed.some(f => f.key === item.key),
            )
            .map(item => item.key),
    );
    let markedStale = 0;
    for (const item of failed.filter(f => kept.has(f.key))) {
      markedStale += await store.markEvidenceStale(
        entityRef,
        collector.id,
        [item.key],
        `${collector.id} could not collect: ${item.error}`,
        { now: at },
      );
    }
    const written = await store.upsertEvidence(
      entityRef,
      collected
        .filter(item => !kept.has(item.key))
        .map(item => ({ ...item, source: collector.id }) as Evidence),
      { now: at },
    );
    return { ok: true, changed: markedStale > 0 || written > 0 };
  } catch (error) {
    const reason = `${collector.id} could not collect: ${stringifyError(error)}`;
    logger.warn(reason, { collectorId: collector.id, entityRef });
    const marked = await store.markEvidenceStale(
      entityRef,
      collector.id,
      collector.evidenceKeys,
      reason,
      { now: at },
    );
    // Keys never collected before get the reason as error evidence, so the
    // report says why they are unknown instead of "no evidence yet".
    const existing = new Set(
      (await store.listEvidence(entityRef, { detailKeys: [] }))
        .filter(item => item.source === collector.id)
        .map(item => item.key),
    );
    const written = await store.upsertEvidence(
      entityRef,
      collectionFailureEvidence(collector, reason, at).filter(
        item => !existing.has(item.key),
      ),
      { now: at },
    );
    // The same failure again changes nothing the engine reads.
    return { ok: false, changed: marked > 0 || written > 0 };
  } finally {
    signal?.removeEventListener('abort', onRunAborted);
  }
}
