import {
  type AffectedEntity,
  type Tier,
  tierRank,
} from '@readiness/plugin-readiness-common';
import type { Knex } from 'knex';
import type { StopWorkOrderRecord } from './ReadinessStore';
import { toBoolean, toIso } from './rows';
import { toOrder } from './stopWorkOrderStore';

/** @internal */
export interface AffectedEntities {
  entities: AffectedEntity[];
  /** True when the cap stopped the walk before every dependent was found. */
  truncated: boolean;
  computedAt: string;
}

/**
 * An entity whose tier or score is lower than at a point in time.
 *
 * @internal
 */
export interface Regression {
  entityRef: string;
  owner?: string;
  tier: Tier | null;
  score: number;
  previousTier: Tier | null;
  previousScore: number;
}

/** @internal */
export interface FollowUpStore {
  /**
   * Claims a message before it is sent; false when it was claimed already.
   * The insert is atomic, so a restarted or second instance never claims
   * the same key again.
   */
  claim(key: string, options: { now: Date }): Promise<boolean>;
  /** Every open order, or the entity's, oldest first. */
  listOpenOrders(entityRef?: string): Promise<StopWorkOrderRecord[]>;
  /** Records an order's dependents; the first record of an order is kept. */
  saveAffected(orderId: string, affected: AffectedEntities): Promise<void>;
  getAffected(orderId: string): Promise<AffectedEntities | undefined>;
  /** Entities whose tier or score is lower now than in their last evaluation at or before `since`. */
  listRegressions(since: Date): Promise<Regression[]>;
}

const rank = (tier: Tier | null) => (tier === null ? -1 : tierRank(tier));

/** @internal */
export function createFollowUpStore(db: Knex): FollowUpStore {
  return {
    async claim(key, { now }) {
      const inserted = await db('readiness_notification_claims')
        .insert({ claim_key: key, claimed_at: now })
        .onConflict('claim_key')
        .ignore()
        .returning('claim_key');
      return inserted.length > 0;
    },

    async listOpenOrders(entityRef) {
      const query = db('readiness_stop_work_orders')
        .whereNull('lifted_at')
        .orderBy([{ column: 'began_at' }, { column: 'id' }]);
      if (entityRef) {
        query.where({ entity_ref: entityRef });
      }
      const rows = await query;
      return rows.map(row => toOrder(row));
    },

    async saveAffected(orderId, affected) {
      await db('readiness_affected_entities')
        .insert({
          order_id: Number(orderId),
          entities: JSON.stringify(affected.entities),
          truncated: affected.truncated,
          computed_at: new Date(affected.computedAt),
        })
        .onConflict('order_id')
        .ignore();
    },

    async getAffected(orderId) {
      const row = await db('readiness_affected_entities')
        .where({ order_id: Number(orderId) })
        .first();
      return row
        ? {
            entities: JSON.parse(row.entities),
            truncated: toBoolean(row.truncated),
            computedAt: toIso(row.computed_at),
          }
        : undefined;
    },

    async listRegressions(since) {
      const baseline = db('readiness_history')
        .select('entity_ref')
        .max({ id: 'id' })
        .where('recorded_at', '<=', since)
        .groupBy('entity_ref')
        .as('baseline');
      const rows = await db('readiness_history as h')
        .join(baseline, 'h.id', 'baseline.id')
        .join('readiness_reports as r', 'r.entity_ref', 'h.entity_ref')
        .select(
          'r.entity_ref',
          'r.owner',
          'r.tier',
          'r.score',
          'h.tier as previous_tier',
          'h.score as previous_score',
        )
        .orderBy('r.entity_ref');
      return rows
        .map(row => ({
          entityRef: row.entity_ref,
          ...(row.owner ? { owner: row.owner } : {}),
          tier: row.tier ?? null,
          score: Number(row.score),
          previousTier: row.previous_tier ?? null,
          previousScore: Number(row.previous_score),
        }))
        .filter(
          r => rank(r.tier) < rank(r.previousTier) || r.score < r.previousScore,
        );
    },
  };
}
