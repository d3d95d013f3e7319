import {
  type ReadinessReport,
  summarizeReport,
  tierRank,
} from '@readiness/plugin-readiness-common';
import type { Knex } from 'knex';
import { insertRegressions } from './historyStore';
import type {
  EntityMetadata,
  EvaluationWrites,
  HistoryEntryRecord,
  ReadinessStore,
  SavedEvaluation,
  StoredEvaluationState,
} from './ReadinessStore';
import { lockEntity, parseJson, toBoolean, toIso } from './rows';
import {
  getOpenOrder,
  insertAutomaticOrder,
  liftOrder,
} from './stopWorkOrderStore';

/**
 * Reports and history: the latest report per entity with its summary row,
 * and the points where tier, score, stop-work or risk changed.
 *
 * @internal
 */
export function createReportStore(
  db: Knex,
): Pick<ReadinessStore, 'getReport' | 'saveEvaluation' | 'getHistory'> {
  return {
    async getReport(entityRef: string): Promise<ReadinessReport | undefined> {
      const row = await db('readiness_reports')
        .where({ entity_ref: entityRef })
        .first('report');
      return parseJson<ReadinessReport>(row?.report);
    },

    async saveEvaluation(options: {
      entity: EntityMetadata;
      report: ReadinessReport;
      now: Date;
      decide(stored: StoredEvaluationState): EvaluationWrites;
    }): Promise<SavedEvaluation> {
      const { entity, report, now } = options;
      const summary = summarizeReport(report);
      const change: SavedEvaluation = {};

      await db.transaction(async tx => {
        await lockEntity(tx, entity.entityRef);
        const previous = await tx('readiness_reports')
          .where({ entity_ref: entity.entityRef })
          .first('tier', 'score', 'stop_work', 'risk', 'evaluated_at');
        // An evaluation that finishes after a newer one (another instance, a
        // slow collector) must not put its older view back.
        if (
          previous &&
          Date.parse(toIso(previous.evaluated_at)) >
            Date.parse(report.evaluatedAt)
        ) {
          return;
        }
        const open = await getOpenOrder(tx, entity.entityRef, 'automatic');
        const writes = options.decide({
          previous: previous && {
            tier: previous.tier ?? null,
            score: Number(previous.score),
            stopWork: toBoolean(previous.stop_work),
            risk: previous.risk,
          },
          openAutomaticOrder: open,
        });

        await tx('readiness_reports')
          .insert({
            entity_ref: entity.entityRef,
            kind: entity.kind,
            namespace: entity.namespace,
            name: entity.name,
            title: entity.title ?? null,
            owner: entity.owner ?? null,
            system: entity.system ?? null,
            lifecycle: entity.lifecycle ?? null,
            tier: summary.tier,
            // 0 sorts 'no tier' below every tier.
            tier_rank: summary.tier ? tierRank(summary.tier) + 1 : 0,
            score: summary.score,
            stop_work: summary.stopWork,
            risk: summary.risk,
            stale: summary.stale,
            required_tier: summary.requiredTier ?? null,
            below_required_tier: summary.belowRequiredTier === true,
            counts: JSON.stringify(summary.counts),
            report: JSON.stringify(report),
            evaluated_at: new Date(report.evaluatedAt),
            last_seen_in_catalog_at: now,
          })
          .onConflict('entity_ref')
          .merge();

        if (writes.history) {
          await tx('readiness_history').insert({
            entity_ref: entity.entityRef,
            tier: summary.tier,
            score: summary.score,
            stop_work: summary.stopWork,
            risk: summary.risk,
            recorded_at: new Date(report.evaluatedAt),
          });
        }

        if (writes.regressions && writes.regressions.length > 0) {
          change.regressions = await insertRegressions(
            tx,
            entity.entityRef,
            writes.regressions,
            writes.regressionWindowMs ?? 0,
          );
        }

        // 'keep' and 'none' write nothing: a recorded order keeps its start
        // and counts, and its progress is the report's. The checks against
        // `open` only keep a careless decision from breaking the one-open-
        // order index.
        const { stopWork } = writes;
        if (stopWork.action === 'open' && !open) {
          change.began = await insertAutomaticOrder(
            tx,
            entity.entityRef,
            stopWork,
          );
        } else if (stopWork.action === 'lift' && open) {
          change.lifted = await liftOrder(tx, open, {
            now,
            liftedBy: 'readiness',
          });
        }
      });
      return change;
    },

    async getHistory(
      entityRef: string,
      options: { since?: Date; limit?: number } = {},
    ): Promise<HistoryEntryRecord[]> {
      const query = db('readiness_history')
        .where({ entity_ref: entityRef })
        .orderBy([
          { column: 'recorded_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]);
      if (options.since) {
        query.where('recorded_at', '>=', options.since);
      }
      if (options.limit) {
        query.limit(options.limit);
      }
      const rows = await query;
      return rows.map(row => ({
        entityRef: row.entity_ref,
        tier: row.tier ?? null,
        score: Number(row.score),
        stopWork: toBoolean(row.stop_work),
        risk: row.risk,
        recordedAt: toIso(row.recorded_at),
      }));
    },
  };
}
