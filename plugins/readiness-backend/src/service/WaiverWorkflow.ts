import type { LoggerService } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  type InventoryPackage,
  latestEvidenceByKey,
  type OpenVexDocument,
  type ReadinessReport,
  type VexImportResponse,
  type Waiver,
  type WaiverCreateRequest,
  type WaiverState,
  type WaiverTransition,
} from '@readiness/plugin-readiness-common';
import {
  buildOpenVex,
  readOpenVexWaivers,
  type VexPackage,
} from '@readiness/plugin-readiness-node';
import { randomUUID } from 'node:crypto';
import type { ReadinessStore } from '../database';
import { entityMetadata } from './entityMetadata';
import { deliverNotification } from './notifier';

/** The actor of transitions the clock makes. */
const clockActor = 'readiness';

/** Why a request is approved as it is made. */
const approvedByPolicy = 'the requester holds readiness.waiver.approve';

/**
 * A decision on a waiver, for events and whoever listens.
 *
 * @internal
 */
export interface WaiverDecision {
  entityRef: string;
  waiver: Waiver;
  from: WaiverState;
}

/**
 * The waiver workflow: requests, decisions, revocations and their trail,
 * and OpenVEX in and out. Only approved, unexpired waivers change a report,
 * so the entity is evaluated again whenever that set changes.
 *
 * @internal
 */
export interface WaiverWorkflow {
  /** Pending, or approved at once when the requester may approve. */
  request(
    entity: Entity,
    request: WaiverCreateRequest,
    actor: string,
    options: { canApprove: boolean },
  ): Promise<Waiver>;
  approve(
    entity: Entity,
    id: string,
    actor: string,
    reason?: string,
  ): Promise<Waiver>;
  deny(
    entity: Entity,
    id: string,
    actor: string,
    reason: string,
  ): Promise<Waiver>;
  /** Withdraws a pending request or ends an approved waiver early. */
  revoke(
    entity: Entity,
    id: string,
    actor: string,
    reason?: string,
  ): Promise<Waiver>;
  /** The entity's waivers, oldest first; those past `expiresAt` as expired. */
  list(entity: Entity, states?: WaiverState[]): Promise<Waiver[]>;
  trail(entity: Entity, id: string): Promise<WaiverTransition[]>;
  /** One waiver per `not_affected` statement and package of the entity. */
  importVex(
    entity: Entity,
    document: OpenVexDocument,
    actor: string,
    options: { canApprove: boolean },
  ): Promise<VexImportResponse>;
  exportVex(entity: Entity): Promise<OpenVexDocument>;
}

/** @internal */
export function createWaiverWorkflow(options: {
  store: ReadinessStore;
  evaluate(entity: Entity): Promise<ReadinessReport>;
  /** The longest a waiver may last from its request. */
  maxWaiverDurationMs: number;
  logger: LoggerService;
  notifications?: NotificationService;
  onDecided?: (decision: WaiverDecision) => Promise<void>;
  now: () => Date;
}): WaiverWorkflow {
  const { store, evaluate, logger, now } = options;

  function requireWithinMaxDuration(expiresAt: string, at: Date) {
    const limitMs = at.getTime() + options.maxWaiverDurationMs;
    if (Date.parse(expiresAt) > limitMs) {
      throw new InputError(
        `expiresAt: must not be later than ${new Date(limitMs).toISOString()}`,
      );
    }
  }

  /** Records the expiry of waivers past `expiresAt`, at that time. */
  async function settleExpiry(entityRef: string, waiver: Waiver) {
    if (
      (waiver.state !== 'pending' && waiver.state !== 'approved') ||
      Date.parse(waiver.expiresAt) > now().getTime()
    ) {
      return waiver;
    }
    const expired = await store.transitionWaiver({
      entityRef,
      id: waiver.id,
      from: [waiver.state],
      to: 'expired',
      actor: clockActor,
      reason: 'expiresAt passed',
      at: new Date(waiver.expiresAt),
    });
    return expired ?? { ...waiver, state: 'expired' as const };
  }

  async function find(entity: Entity, id: string) {
    const entityRef = stringifyEntityRef(entity);
    const waiver = await store.getWaiver(entityRef, id);
    if (!waiver) {
      throw new NotFoundError(`No waiver ${id} for ${entityRef}`);
    }
    return { entityRef, waiver: await settleExpiry(entityRef, waiver) };
  }

  async function notifyRequester(decision: WaiverDecision, actor: string) {
    const { waiver, entityRef } = decision;
    await deliverNotification({
      notifications: options.notifications,
      logger,
      // Services (CI) request too; only people are told.
      recipients: waiver.createdBy.startsWith('user:')
        ? [waiver.createdBy]
        : [],
      payload: {
        title: `Waiver on ${waiver.checkId} ${waiver.state}: ${entityRef}`,
        // approved, denied or revoked: the state reads as the verb.
        description: `${actor} ${waiver.state} the waiver you requested (${waiver.reason}).`,
        severity: 'normal',
        topic: 'readiness.waiver',
        scope: `readiness:waiver:${waiver.id}`,
      },
      context: { entityRef, waiverId: waiver.id },
    });
  }

  /** Moves a waiver, or says why it cannot be moved (409). */
  async function decide(
    entity: Entity,
    id: string,
    transition: { from: WaiverState[]; to: WaiverState },
    actor: string,
    reason?: string,
  ) {
    const { entityRef, waiver } = await find(entity, id);
    const conflict = () =>
      new ConflictError(
        `Waiver ${id} is ${waiver.state}; only a ${transition.from.join(' or ')} waiver can be ${transition.to}`,
      );
    if (!transition.from.includes(waiver.state)) {
      throw conflict();
    }
    const moved = await store.transitionWaiver({
      entityRef,
      id,
      ...transition,
      actor,
      reason,
      at: now(),
    });
    if (!moved) {
      throw conflict();
    }
    // Only an approved waiver applies: evaluating is needed when one starts
    // or stops being approved.
    if (transition.to === 'approved' || waiver.state === 'approved') {
      await evaluate(entity);
    }
    const decision = { entityRef, waiver: moved, from: waiver.state };
    await notifyRequester(decision, actor);
    await options.onDecided?.(decision);
    return moved;
  }

  /** Stores a new waiver: pending, or approved with the reason why. */
  async function add(
    entity: Entity,
    fields: Omit<Waiver, 'id' | 'state' | 'createdBy' | 'createdAt'>,
    actor: string,
    canApprove: boolean,
  ) {
    const at = now().toISOString();
    const waiver: Waiver = {
      id: randomUUID(),
      ...fields,
      createdBy: actor,
      createdAt: at,
      state: canApprove ? 'approved' : 'pending',
      ...(canApprove ? { decidedBy: actor, decidedAt: at } : {}),
    };
    const trail: WaiverTransition[] = [
      { waiverId: waiver.id, to: 'pending', actor, at, reason: waiver.reason },
      ...(canApprove
        ? [
            {
              waiverId: waiver.id,
              from: 'pending' as const,
              to: 'approved' as const,
              actor,
              at,
              reason: approvedByPolicy,
            },
          ]
        : []),
    ];
    await store.addWaiver(stringifyEntityRef(entity), waiver, { trail });
    return waiver;
  }

  /** The entity's packages: the inventory of its latest scan, and its findings. */
  async function packagesOf(entityRef: string): Promise<VexPackage[]> {
    const scan = latestEvidenceByKey(
      await store.listEvidence(entityRef),
      now().toISOString(),
    ).get('vulnerabilities');
    if (scan?.key !== 'vulnerabilities' || !scan.value) {
      return [];
    }
    const inventory: InventoryPackage[] = scan.value.inventory ?? [];
    return [
      ...inventory,
      ...scan.value.findings.map(f => ({
        ecosystem: f.ecosystem,
        name: f.packageName,
        version: f.version,
      })),
    ];
  }

  return {
    async request(entity, request, actor, { canApprove }) {
      requireWithinMaxDuration(request.expiresAt, now());
      const waiver = await add(entity, request, actor, canApprove);
      if (waiver.state === 'approved') {
        await evaluate(entity);
      }
      return waiver;
    },

    approve: (entity, id, actor, reason) =>
      decide(entity, id, { from: ['pending'], to: 'approved' }, actor, reason),

    deny: (entity, id, actor, reason) =>
      decide(entity, id, { from: ['pending'], to: 'denied' }, actor, reason),

    revoke: (entity, id, actor, reason) =>
      decide(
        entity,
        id,
        { from: ['pending', 'approved'], to: 'revoked' },
        actor,
        reason,
      ),

    async list(entity, states) {
      const entityRef = stringifyEntityRef(entity);
      const settled = await Promise.all(
        (await store.listWaivers(entityRef)).map(w =>
          settleExpiry(entityRef, w),
        ),
      );
      return states ? settled.filter(w => states.includes(w.state)) : settled;
    },

    async trail(entity, id) {
      const { entityRef } = await find(entity, id);
      return store.listWaiverTransitions(entityRef, id);
    },

    async importVex(entity, document, actor, { canApprove }) {
      const entityRef = stringifyEntityRef(entity);
      const { scopes, skipped } = readOpenVexWaivers(
        document,
        await packagesOf(entityRef),
      );
      const open = await store.listWaivers(entityRef, {
        states: ['pending', 'approved'],
      });
      const sameScope = (w: Waiver, scope: (typeof scopes)[number]) =>
        w.checkId === 'security.vulnerabilities' &&
        w.package === scope.package &&
        w.advisories?.length === scope.advisories.length &&
        scope.advisories.every(id => w.advisories?.includes(id)) &&
        Date.parse(w.expiresAt) > now().getTime();
      const owner = entityMetadata(entity).owner ?? actor;
      const expiresAt = new Date(
        now().getTime() + options.maxWaiverDurationMs,
      ).toISOString();
      const created: Waiver[] = [];
      const unchanged = new Set<number>();
      for (const scope of scopes) {
        if (open.some(w => sameScope(w, scope))) {
          unchanged.add(scope.statement);
          continue;
        }
        created.push(
          await add(
            entity,
            {
              checkId: 'security.vulnerabilities',
              reason:
                scope.impactStatement ??
                `OpenVEX not_affected: ${scope.justification}`,
              owner,
              expiresAt,
              advisories: scope.advisories,
              package: scope.package,
              vex: {
                product: scope.product,
                ...(scope.justification
                  ? { justification: scope.justification }
                  : {}),
              },
            },
            actor,
            canApprove,
          ),
        );
      }
      if (created.some(w => w.state === 'approved')) {
        await evaluate(entity);
      }
      return { created, unchanged: [...unchanged], skipped };
    },

    async exportVex(entity) {
      const entityRef = stringifyEntityRef(entity);
      const [waivers, report] = await Promise.all([
        store.listWaivers(entityRef, { states: ['approved'] }),
        store.getReport(entityRef),
      ]);
      return buildOpenVex({
        entityRef,
        waivers,
        findings: report?.findings ?? [],
        now: now().toISOString(),
      });
    },
  };
}
