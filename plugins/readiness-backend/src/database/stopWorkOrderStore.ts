import type {
  CheckId,
  RecordedStopWorkOrder,
} from '@readiness/plugin-readiness-common';
import type { Knex } from 'knex';
import type {
  ReadinessStore,
  StopWorkOrderRecord,
  StopWorkOrigin,
} from './ReadinessStore';
import { audit, lockEntity, toIso } from './rows';

/** A stored order as the store speaks it. */
export function toOrder(row: any): StopWorkOrderRecord {
  return {
    id: String(row.id),
    entityRef: row.entity_ref,
    origin: row.origin,
    ...(row.reason ? { reason: row.reason } : {}),
    ...(row.issued_by ? { issuedBy: row.issued_by } : {}),
    beganAt: toIso(row.began_at),
    blockers: JSON.parse(row.blockers),
    countsAtStart: JSON.parse(row.counts_at_start),
    ...(row.lifted_at ? { liftedAt: toIso(row.lifted_at) } : {}),
    ...(row.lifted_by ? { liftedBy: row.lifted_by } : {}),
    ...(row.lift_reason ? { liftReason: row.lift_reason } : {}),
    ...(row.began_notified_at
      ? { beganNotifiedAt: toIso(row.began_notified_at) }
      : {}),
    ...(row.lifted_notified_at
      ? { liftedNotifiedAt: toIso(row.lifted_notified_at) }
      : {}),
  };
}

/** The entity's open order of one origin, read in the caller's transaction. */
export async function getOpenOrder(
  tx: Knex.Transaction,
  entityRef: string,
  origin: StopWorkOrigin,
): Promise<StopWorkOrderRecord | undefined> {
  const row = await tx('readiness_stop_work_orders')
    .where({ entity_ref: entityRef, origin })
    .whereNull('lifted_at')
    .first();
  return row ? toOrder(row) : undefined;
}

/** Records a new automatic order, in the caller's transaction. */
export async function insertAutomaticOrder(
  tx: Knex.Transaction,
  entityRef: string,
  order: RecordedStopWorkOrder,
): Promise<StopWorkOrderRecord> {
  const [inserted] = await tx('readiness_stop_work_orders')
    .insert({
      entity_ref: entityRef,
      origin: 'automatic',
      began_at: new Date(order.beganAt),
      blockers: JSON.stringify(order.blockers),
      counts_at_start: JSON.stringify(order.countsAtStart),
    })
    .returning('*');
  return toOrder(inserted);
}

/** Records that an open order was lifted, by whom and why. */
export async function liftOrder(
  tx: Knex.Transaction,
  order: StopWorkOrderRecord,
  lift: { now: Date; liftedBy: string; reason?: string },
): Promise<StopWorkOrderRecord> {
  await tx('readiness_stop_work_orders')
    .where({ id: order.id })
    .update({
      lifted_at: lift.now,
      lifted_by: lift.liftedBy,
      ...(lift.reason ? { lift_reason: lift.reason } : {}),
    });
  return {
    ...order,
    liftedAt: lift.now.toISOString(),
    liftedBy: lift.liftedBy,
    ...(lift.reason ? { liftReason: lift.reason } : {}),
  };
}

/**
 * Stop-work orders: manual ones issued and lifted by people, and the
 * notification claims of every order. Automatic orders are written with the
 * evaluation that opens or lifts them (see the report store).
 *
 * @internal
 */
export function createStopWorkOrderStore(
  db: Knex,
): Pick<
  ReadinessStore,
  | 'getOpenStopWorkOrders'
  | 'listStopWorkOrders'
  | 'issueManualStopWork'
  | 'liftManualStopWork'
  | 'markStopWorkNotified'
> {
  return {
    async getOpenStopWorkOrders(
      entityRef: string,
    ): Promise<StopWorkOrderRecord[]> {
      const rows = await db('readiness_stop_work_orders')
        .where({ entity_ref: entityRef })
        .whereNull('lifted_at')
        .orderBy('began_at');
      return rows.map(row => toOrder(row));
    },

    async listStopWorkOrders(
      entityRef: string,
    ): Promise<StopWorkOrderRecord[]> {
      const rows = await db('readiness_stop_work_orders')
        .where({ entity_ref: entityRef })
        .orderBy([
          { column: 'began_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ]);
      return rows.map(row => toOrder(row));
    },

    async issueManualStopWork(options: {
      entityRef: string;
      issuedBy: string;
      reason: string;
      blockers: CheckId[];
      countsAtStart: Record<string, number>;
      now: Date;
    }): Promise<StopWorkOrderRecord> {
      return db.transaction(async tx => {
        await lockEntity(tx, options.entityRef);
        const open = await getOpenOrder(tx, options.entityRef, 'manual');
        if (open) {
          return open;
        }
        const [row] = await tx('readiness_stop_work_orders')
          .insert({
            entity_ref: options.entityRef,
            origin: 'manual',
            reason: options.reason,
            issued_by: options.issuedBy,
            began_at: options.now,
            blockers: JSON.stringify(options.blockers),
            counts_at_start: JSON.stringify(options.countsAtStart),
          })
          .returning('*');
        await audit(tx, {
          entityRef: options.entityRef,
          actor: options.issuedBy,
          action: 'stop-work.issue',
          details: { reason: options.reason },
          at: options.now,
        });
        return toOrder(row);
      });
    },

    async liftManualStopWork(options: {
      entityRef: string;
      liftedBy: string;
      reason: string;
      now: Date;
    }): Promise<StopWorkOrderRecord | undefined> {
      return db.transaction(async tx => {
        await lockEntity(tx, options.entityRef);
        const open = await getOpenOrder(tx, options.entityRef, 'manual');
        if (!open) {
          return undefined;
        }
        const lifted = await liftOrder(tx, open, options);
        await audit(tx, {
          entityRef: options.entityRef,
          actor: options.liftedBy,
          action: 'stop-work.lift',
          details: { reason: options.reason },
          at: options.now,
        });
        return lifted;
      });
    },

    async markStopWorkNotified(
      orderId: string,
      transition: 'began' | 'lifted',
      options: { now: Date },
    ): Promise<boolean> {
      const column =
        transition === 'began' ? 'began_notified_at' : 'lifted_notified_at';
      // A conditional update is atomic, so two instances never both claim it.
      const updated = await db('readiness_stop_work_orders')
        .where({ id: orderId })
        .whereNull(column)
        .update({ [column]: options.now });
      return updated > 0;
    },
  };
}
