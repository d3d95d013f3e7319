import type {
  Waiver,
  WaiverState,
  WaiverTransition,
} from '@readiness/plugin-readiness-common';
import type { Knex } from 'knex';
import type { ReadinessStore } from './ReadinessStore';
import { audit, parseJson, toIso } from './rows';

type Row = Record<string, any>;

/** A stored waiver row as the store speaks it. */
export function toWaiver(row: Row): Waiver {
  const advisories = parseJson<string[]>(row.advisories);
  const vex = parseJson<Waiver['vex']>(row.vex);
  return {
    id: row.id,
    checkId: row.check_id,
    reason: row.reason,
    owner: row.owner,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    expiresAt: toIso(row.expires_at),
    state: row.state,
    ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
    ...(row.decided_at ? { decidedAt: toIso(row.decided_at) } : {}),
    ...(advisories ? { advisories } : {}),
    ...(row.package ? { package: row.package } : {}),
    ...(vex ? { vex } : {}),
  };
}

function toTransition(row: Row): WaiverTransition {
  return {
    waiverId: row.waiver_id,
    ...(row.from_state ? { from: row.from_state } : {}),
    to: row.to_state,
    actor: row.actor,
    at: toIso(row.at),
    ...(row.reason ? { reason: row.reason } : {}),
  };
}

const auditActions: Record<WaiverState, string> = {
  pending: 'waiver.create',
  approved: 'waiver.approve',
  denied: 'waiver.deny',
  expired: 'waiver.expire',
  revoked: 'waiver.revoke',
};

async function record(
  tx: Knex.Transaction,
  entityRef: string,
  transition: WaiverTransition,
) {
  await tx('readiness_waiver_transitions').insert({
    waiver_id: transition.waiverId,
    entity_ref: entityRef,
    from_state: transition.from ?? null,
    to_state: transition.to,
    actor: transition.actor,
    reason: transition.reason ?? null,
    at: new Date(transition.at),
  });
  // The entity's audit log tells the same story, beside its other changes.
  await audit(tx, {
    entityRef,
    actor: transition.actor,
    action: transition.from ? auditActions[transition.to] : 'waiver.create',
    details: {
      id: transition.waiverId,
      ...(transition.from ? { from: transition.from } : {}),
      to: transition.to,
      ...(transition.reason ? { reason: transition.reason } : {}),
    },
    at: new Date(transition.at),
  });
}

/**
 * Waivers and their audit trail: every state a waiver passes through is a
 * row of `readiness_waiver_transitions`, written in the transaction that
 * changes the waiver.
 *
 * @internal
 */
export function createWaiverStore(
  db: Knex,
): Pick<
  ReadinessStore,
  | 'addWaiver'
  | 'listWaivers'
  | 'getWaiver'
  | 'transitionWaiver'
  | 'listWaiverTransitions'
> {
  return {
    async addWaiver(entityRef, waiver, options) {
      await db.transaction(async tx => {
        await tx('readiness_waivers').insert({
          id: waiver.id,
          entity_ref: entityRef,
          check_id: waiver.checkId,
          reason: waiver.reason,
          owner: waiver.owner,
          created_by: waiver.createdBy,
          created_at: new Date(waiver.createdAt),
          expires_at: new Date(waiver.expiresAt),
          state: waiver.state,
          decided_by: waiver.decidedBy ?? null,
          decided_at: waiver.decidedAt ? new Date(waiver.decidedAt) : null,
          advisories: waiver.advisories
            ? JSON.stringify(waiver.advisories)
            : null,
          package: waiver.package ?? null,
          vex: waiver.vex ? JSON.stringify(waiver.vex) : null,
        });
        for (const transition of options.trail) {
          await record(tx, entityRef, transition);
        }
      });
    },

    async listWaivers(entityRef, options) {
      const query = db('readiness_waivers')
        .where({ entity_ref: entityRef })
        .orderBy([
          { column: 'created_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]);
      if (options?.states) {
        query.whereIn('state', options.states);
      }
      return (await query).map(toWaiver);
    },

    async getWaiver(entityRef, id) {
      const row = await db('readiness_waivers')
        .where({ entity_ref: entityRef, id })
        .first();
      return row ? toWaiver(row) : undefined;
    },

    async transitionWaiver(options) {
      const { entityRef, id, from, to, actor, reason } = options;
      return db.transaction(async tx => {
        const row = await tx('readiness_waivers')
          .where({ entity_ref: entityRef, id })
          .whereIn('state', from)
          .first();
        if (!row) {
          return undefined;
        }
        // Guarded by the state read: a concurrent decision updates nothing.
        const updated = await tx('readiness_waivers')
          .where({ entity_ref: entityRef, id, state: row.state })
          .update({
            state: to,
            // Expiry is the clock's, not a decision.
            ...(to === 'expired'
              ? {}
              : { decided_by: actor, decided_at: options.at }),
            ...(to === 'revoked'
              ? { revoked_by: actor, revoked_at: options.at }
              : {}),
          });
        if (updated === 0) {
          return undefined;
        }
        await record(tx, entityRef, {
          waiverId: id,
          from: row.state as WaiverState,
          to,
          actor,
          at: options.at.toISOString(),
          ...(reason ? { reason } : {}),
        });
        return toWaiver(
          await tx('readiness_waivers')
            .where({ entity_ref: entityRef, id })
            .first(),
        );
      });
    },

    async listWaiverTransitions(entityRef, id) {
      const rows = await db('readiness_waiver_transitions')
        .where({ entity_ref: entityRef, waiver_id: id })
        .orderBy([
          { column: 'at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]);
      return rows.map(toTransition);
    },
  };
}
