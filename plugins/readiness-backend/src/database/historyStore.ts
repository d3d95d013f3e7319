import type { CheckRegression, Tier } from '@readiness/plugin-readiness-common';
import type { Knex } from 'knex';
import type { ReadinessStore } from './ReadinessStore';
import { parseJson, toBoolean, toIso } from './rows';
import { applySummaryFilter } from './summaryStore';

const TABLE = 'readiness_regressions';

/**
 * Records regressions inside the transaction that saves their report, and
 * answers which of them the owner should hear about: not one whose check
 * already regressed, and was told, within `windowMs` (a flapping check).
 *
 * @internal
 */
export async function insertRegressions(
  tx: Knex.Transaction,
  entityRef: string,
  regressions: readonly CheckRegression[],
  windowMs: number,
): Promise<CheckRegression[]> {
  const toNotify: CheckRegression[] = [];
  for (const regression of regressions) {
    const detectedAt = new Date(regression.detectedAt);
    const toldRecently =
      windowMs > 0 &&
      (await tx(TABLE)
        .where({
          entity_ref: entityRef,
          check_id: regression.checkId,
          owner_notified: true,
        })
        .where('detected_at', '>', new Date(detectedAt.getTime() - windowMs))
        .first('id')) !== undefined;
    await tx(TABLE).insert({
      entity_ref: entityRef,
      check_id: regression.checkId,
      title: regression.title,
      from_status: regression.from,
      to_status: regression.to,
      summary_before: regression.summaryBefore,
      summary_after: regression.summaryAfter,
      evidence: JSON.stringify(regression.evidence),
      owner_notified: !toldRecently,
      detected_at: detectedAt,
    });
    if (!toldRecently) {
      toNotify.push(regression);
    }
  }
  return toNotify;
}

/**
 * Reads of history across time: an entity's regressions, and the history
 * points of many entities to replay a trend.
 *
 * @internal
 */
export function createHistoryStore(
  db: Knex,
): Pick<ReadinessStore, 'listRegressions' | 'listHistoryOf'> {
  return {
    async listHistoryOf(filter, since) {
      const matching = db('readiness_reports')
        .where(builder => applySummaryFilter(builder, filter))
        .select('entity_ref');
      // Each entity's state when the window opens.
      const baseline = db('readiness_history')
        .max({ id: 'id' })
        .whereIn('entity_ref', matching)
        .where('recorded_at', '<', since)
        .groupBy('entity_ref');
      const rows = await db('readiness_history as h')
        .join('readiness_reports as r', 'r.entity_ref', 'h.entity_ref')
        .whereIn('h.entity_ref', matching.clone())
        .where(builder =>
          builder
            .whereIn('h.id', baseline)
            .orWhere('h.recorded_at', '>=', since),
        )
        .orderBy([
          { column: 'h.recorded_at', order: 'asc' },
          { column: 'h.id', order: 'asc' },
        ])
        .select(
          'h.entity_ref',
          'h.tier',
          'h.score',
          'h.stop_work',
          'h.risk',
          'h.recorded_at',
          'r.required_tier',
        );
      return rows.map(row => ({
        entityRef: row.entity_ref,
        tier: (row.tier ?? null) as Tier | null,
        score: Number(row.score),
        stopWork: toBoolean(row.stop_work),
        risk: row.risk,
        recordedAt: toIso(row.recorded_at),
        requiredTier: (row.required_tier ?? null) as Tier | null,
      }));
    },

    async listRegressions(entityRef, options = {}) {
      const query = db(TABLE)
        .where({ entity_ref: entityRef })
        .orderBy([
          { column: 'detected_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(options.limit ?? 100);
      if (options.since) {
        query.where('detected_at', '>=', options.since);
      }
      const rows = await query;
      return rows.map((row): CheckRegression & { ownerNotified: boolean } => ({
        checkId: row.check_id,
        title: row.title,
        from: row.from_status,
        to: row.to_status,
        detectedAt: toIso(row.detected_at),
        summaryBefore: row.summary_before,
        summaryAfter: row.summary_after,
        evidence: parseJson(row.evidence) ?? [],
        ownerNotified: toBoolean(row.owner_notified),
      }));
    },
  };
}
