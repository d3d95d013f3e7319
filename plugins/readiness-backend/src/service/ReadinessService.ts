import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type CompoundEntityRef,
  type Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  type Attestation,
  type AttestationCreateRequest,
  type EntityHistory,
  type PushedEvidence,
  type ReadinessReport,
  type ReadinessConfig,
  type SbomPushRequest,
  toPushedEvidence,
} from '@readiness/plugin-readiness-common';
import {
  type AnalyzePushedSbomOptions,
  analyzePushedSbom,
  buildCycloneDxSbom,
  type CycloneDxBom,
} from '@readiness/plugin-readiness-node';
import { randomUUID } from 'node:crypto';
import type { StopWorkOrderRecord } from '../database';
import {
  type CollectionRunner,
  type CollectionRunnerOptions,
  createCollectionRunner,
} from './CollectionRunner';
import { withRecordedDeliveryEvents } from './deliveryEvents';
import { evaluateEntity } from './evaluateEntity';
import { notifyRegressions, readEntityHistory } from './entityHistory';
import { pushedLifetimeMs } from './evidenceKinds';
import { createStopWorkOrders, type StopWorkListener } from './StopWorkOrders';
import {
  createWaiverWorkflow,
  type WaiverDecision,
  type WaiverWorkflow,
} from './WaiverWorkflow';

/**
 * Reading and writing one entity's readiness: reports, pushed evidence,
 * attestations, waivers, stop-work orders and history. Collection is the
 * runner's; the service carries it so routes and tasks share one object.
 *
 * @internal
 */
export interface ReadinessService extends CollectionRunner {
  /** The entity as the caller may see it in the catalog, or NotFoundError. */
  getEntity(
    entityRef: string | CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity>;
  /** The stored report; evaluates the stored evidence if there is none yet. */
  getReport(entity: Entity): Promise<ReadinessReport>;
  /** The stored report only, never evaluating. */
  getStoredReport(entity: Entity): Promise<ReadinessReport | undefined>;
  /** The CycloneDX SBOM of the stored inventory, with the report's verdict. */
  getSbom(entity: Entity): Promise<CycloneDxBom>;
  /** Evaluates the stored evidence and saves the report. */
  evaluate(entity: Entity): Promise<ReadinessReport>;
  pushEvidence(
    entity: Entity,
    items: PushedEvidence[],
    actor: string,
  ): Promise<ReadinessReport>;
  /**
   * Reads a pushed SBOM into `vulnerabilities` and `dependency-health`
   * evidence, as the repository collector reads lockfiles, and stores both
   * as pushed: they count where no collector has usable evidence.
   */
  pushSbom(
    entity: Entity,
    request: SbomPushRequest,
    actor: string,
  ): Promise<ReadinessReport>;
  addAttestation(
    entity: Entity,
    request: AttestationCreateRequest,
    actor: string,
  ): Promise<Attestation>;
  listAttestations(entity: Entity): Promise<Attestation[]>;
  /** Revokes an active attestation and re-evaluates; false when none is active. */
  revokeAttestation(
    entity: Entity,
    id: string,
    actor: string,
  ): Promise<boolean>;
  /** Waiver requests, decisions and their trail; OpenVEX in and out. */
  waivers: WaiverWorkflow;
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
  /** Every stop-work order of the entity, open or lifted, newest first. */
  listStopWorkOrders(entity: Entity): Promise<StopWorkOrderRecord[]>;
  /** Score, tier, stop-work and risk over time, oldest first. */
  /** History points, since when the current tier holds, and regressions. */
  getHistory(entity: Entity): Promise<EntityHistory>;
}

/**
 * Refuses a time later than `limitMs`, naming the field: a date far in the
 * future would win over every honest observation, or never expire.
 */
function requireNotAfter(
  iso: string | undefined,
  limitMs: number,
  field: string,
) {
  if (iso !== undefined && Date.parse(iso) > limitMs) {
    throw new InputError(
      `${field}: must not be later than ${new Date(limitMs).toISOString()}`,
    );
  }
}

/**
 * The times of the deployments and incidents a push carries, each with the
 * path of its field, so a deployment dated into the future is refused like
 * an `observedAt` there.
 */
function deliveryEventTimes(
  item: PushedEvidence,
): Array<{ path: string; iso: string | undefined }> {
  if (item.key === 'deployments') {
    return item.value.deployments.flatMap((d, i) => [
      { path: `value.deployments[${i}].deployedAt`, iso: d.deployedAt },
      { path: `value.deployments[${i}].committedAt`, iso: d.committedAt },
    ]);
  }
  if (item.key === 'incidents') {
    return item.value.incidents.flatMap((incident, i) => [
      { path: `value.incidents[${i}].startedAt`, iso: incident.startedAt },
      { path: `value.incidents[${i}].resolvedAt`, iso: incident.resolvedAt },
    ]);
  }
  return [];
}

/** A field of one pushed item, named by its place when there are many. */
function itemField(items: unknown[], index: number, field: string): string {
  return items.length === 1 ? field : `[${index}].${field}`;
}

/** @internal */
export function createReadinessService(
  options: Omit<CollectionRunnerOptions, 'evaluate' | 'now'> & {
    /** Owners hear of stop-work orders through it; without it, only logs. */
    notifications?: NotificationService;
    onStopWorkTransition?: StopWorkListener;
    /** Adds who depends on the entity to the opening notification. */
    describeStopWorkImpact?: Parameters<
      typeof createStopWorkOrders
    >[0]['describeImpact'];
    /** After a waiver was approved, denied or revoked. */
    onWaiverDecided?: (decision: WaiverDecision) => Promise<void>;
    /** After each saved evaluation, with the report it replaced. */
    onEvaluated?: Parameters<typeof evaluateEntity>[0]['onEvaluated'];
    /**
     * The advisory source, registries and parser a pushed SBOM is read
     * with: the repository collector's. Without it, SBOM pushes are a 503.
     */
    sbomAnalysis?: Omit<AnalyzePushedSbomOptions, 'timeoutMs'>;
    /** The engine's config as it stands now: campaigns' promotions applied. */
    currentEngine?: (engine: ReadinessConfig) => Promise<ReadinessConfig>;
    now?: () => Date;
  },
): ReadinessService {
  const { store, catalog, config, logger } = options;
  const now = options.now ?? (() => new Date());

  const stopWork = createStopWorkOrders({
    store,
    evaluate: entity => evaluate(entity),
    notifications: options.notifications,
    recipients: config.notificationRecipients,
    notificationWindowMs: config.notificationWindowMs,
    logger,
    onChange: options.onStopWorkTransition,
    describeImpact: options.describeStopWorkImpact,
    now,
  });
  const runner = createCollectionRunner({
    ...options,
    evaluate: entity => evaluate(entity),
    now,
  });

  async function evaluate(entity: Entity) {
    const engine = options.currentEngine
      ? await options.currentEngine(config.engine)
      : config.engine;
    return evaluateEntity(
      {
        store,
        config: { ...config, engine },
        stopWork,
        now: now(),
        onEvaluated: options.onEvaluated,
        onRegressions: (evaluated, regressions) =>
          notifyRegressions({
            notifications: options.notifications,
            logger,
            entity: evaluated,
            entityRef: stringifyEntityRef(evaluated),
            regressions,
          }),
      },
      entity,
    );
  }

  /** A revocation re-evaluates, so the report stops counting what was revoked. */
  async function revokeAttestation(entity: Entity, id: string, actor: string) {
    const revoked = await store.revokeAttestation({
      entityRef: stringifyEntityRef(entity),
      id,
      revokedBy: actor,
      now: now(),
    });
    if (revoked) {
      await evaluate(entity);
    }
    return revoked;
  }

  /**
   * A push may not name a collector's source: it would overwrite what the
   * plugin collected itself, which outranks what a push claims.
   */
  function requireNoCollectorSource(
    items: Array<Pick<PushedEvidence, 'source'>>,
  ) {
    const collectorIds = new Set(
      options.collectors().map(collector => collector.id),
    );
    items.forEach((item, index) => {
      if (item.source !== undefined && collectorIds.has(item.source)) {
        throw new InputError(
          `${itemField(items, index, 'source')}: '${item.source}' is a collector's id; name the pushing pipeline differently, e.g. 'ci'`,
        );
      }
    });
  }

  /** The clock's bounds on what a push claims, and no collector's name. */
  function requirePushBounds(
    items: Array<Pick<PushedEvidence, 'observedAt' | 'staleAfter' | 'source'>>,
    at: Date,
  ) {
    items.forEach((item, index) => {
      requireNotAfter(
        item.observedAt,
        at.getTime() + config.maxClockSkewMs,
        itemField(items, index, 'observedAt'),
      );
      requireNotAfter(
        item.staleAfter,
        at.getTime() + config.maxEvidenceLifetimeMs,
        itemField(items, index, 'staleAfter'),
      );
    });
    requireNoCollectorSource(items);
  }

  async function storePushed(
    entity: Entity,
    evidence: ReturnType<typeof toPushedEvidence>[],
    at: Date,
    actor: string,
  ) {
    const entityRef = stringifyEntityRef(entity);
    // A run sent again, or an older observation, changes nothing.
    const applied = await store.upsertEvidence(entityRef, evidence, {
      now: at,
      actor,
    });
    if (applied === 0) {
      return (await store.getReport(entityRef)) ?? evaluate(entity);
    }
    return evaluate(entity);
  }

  return {
    ...runner,
    evaluate,

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

    getStoredReport: entity => store.getReport(stringifyEntityRef(entity)),

    async getSbom(entity) {
      const entityRef = stringifyEntityRef(entity);
      const report =
        (await store.getReport(entityRef)) ?? (await evaluate(entity));
      const evidence = await store.listEvidence(entityRef);
      return buildCycloneDxSbom({ report, evidence });
    },

    async pushEvidence(entity, items, actor) {
      const at = now();
      const entityRef = stringifyEntityRef(entity);
      requirePushBounds(items, at);
      items.forEach((item, index) => {
        for (const { path, iso } of deliveryEventTimes(item)) {
          requireNotAfter(
            iso,
            at.getTime() + config.maxClockSkewMs,
            itemField(items, index, path),
          );
        }
      });
      const withEvents = await withRecordedDeliveryEvents(
        store,
        entityRef,
        items,
        at.toISOString(),
      );
      // The engine's lifetimes, so `readiness evaluate` agrees; a
      // registered kind's own lifetime for its evidence.
      const evidence = withEvents.map(item =>
        toPushedEvidence(item, {
          config: config.engine,
          defaultLifetimeMs: pushedLifetimeMs(
            item,
            options.evidenceKinds ?? new Map(),
            config.pushedEvidenceTtlMs,
          ),
          now: at.toISOString(),
        }),
      );
      return storePushed(entity, evidence, at, actor);
    },

    async pushSbom(entity, request, actor) {
      const at = now();
      const { document, ...stamp } = request;
      requirePushBounds([stamp], at);
      if (!options.sbomAnalysis) {
        throw new ServiceUnavailableError(
          'SBOM pushes need the advisory source, which is not set up',
        );
      }
      const analysis = await analyzePushedSbom(document, {
        ...options.sbomAnalysis,
        timeoutMs: config.entityTimeoutMs,
      });
      if ('unreadable' in analysis) {
        // The parser's reason may quote the document: only its size is told.
        const size = /^file (is .+ over the .+ limit)$/.exec(
          analysis.unreadable,
        );
        throw new InputError(
          size
            ? `document: ${size[1]}`
            : 'document: not a readable CycloneDX (JSON or XML, 1.2 to 1.7) or SPDX 2.x JSON SBOM',
        );
      }
      const evidence = analysis.evidence.map(item =>
        toPushedEvidence(
          // Neither key is pushable as a value; its lifetime is the default.
          { ...stamp, ...item } as unknown as PushedEvidence,
          {
            config: config.engine,
            defaultLifetimeMs: config.pushedEvidenceTtlMs,
            now: at.toISOString(),
          },
        ),
      );
      return storePushed(entity, evidence, at, actor);
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

    listAttestations: entity =>
      store.listAttestations(stringifyEntityRef(entity)),

    revokeAttestation,

    waivers: createWaiverWorkflow({
      store,
      evaluate,
      maxWaiverDurationMs: config.maxWaiverDurationMs,
      logger,
      notifications: options.notifications,
      onDecided: options.onWaiverDecided,
      now,
    }),

    issueStopWork: (entity, reason, actor) =>
      stopWork.issue(entity, reason, actor),
    liftStopWork: (entity, reason, actor) =>
      stopWork.lift(entity, reason, actor),
    listStopWorkOrders: entity => stopWork.list(stringifyEntityRef(entity)),

    getHistory: entity => readEntityHistory(store, stringifyEntityRef(entity)),
  };
}
