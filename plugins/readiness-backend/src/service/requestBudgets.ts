import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type { RequestReporter } from '@readiness/plugin-readiness-node';
import type { CollectionBudgetStore, SourceRequestCount } from '../database';

/** What a budget says about starting an entity now. */
export type BudgetVerdict =
  | { go: true }
  /** A source the entity needs asked to wait: queue it again until then. */
  | { go: false; until: Date; source: string }
  /** A source's cap for the run is spent: leave it for the task's next run. */
  | { go: false; nextRun: true; source: string };

/**
 * Requests per source per run, counted across instances in the database,
 * and the caps of `readiness.collection.budgets`.
 *
 * @internal
 */
export interface RequestBudgets {
  /** Hears of the requests `collectorId` makes for an entity of the run. */
  reporter(runId: string, collectorId: string): RequestReporter;
  /**
   * Whether an entity whose collection runs these collectors may start:
   * only sources a collector was seen to use count for it.
   */
  verdict(runId: string, collectorIds: string[]): BudgetVerdict;
  /**
   * Writes this instance's counts of the run and reads every instance's;
   * `ifDueOnly` skips it unless a cap needs exact counts or the last sync
   * is a few seconds old.
   */
  sync(runId: string, options?: { ifDueOnly?: boolean }): Promise<void>;
  /** The caps, for progress. */
  maxRequestsPerCycle(source: string): number | undefined;
}

/** How stale counts may get between syncs when no cap needs them exact. */
const SYNC_EVERY_MS = 2_000;

interface RunBudget {
  /** When this instance last synced the run, in its clock. */
  syncedAt: number;
  /** Every instance's counts, as of the last sync. */
  totals: Record<string, SourceRequestCount>;
  /** This instance's requests since the last sync. */
  pending: Record<string, number>;
  pendingBlocked: Record<string, Date>;
}

/** Runs whose counts are kept in memory; older ones are forgotten. */
const KEPT_RUNS = 16;

/** @internal */
export function createRequestBudgets(options: {
  store: CollectionBudgetStore;
  budgets: Record<string, { maxRequestsPerCycle?: number }>;
  logger: LoggerService;
  now: () => Date;
}): RequestBudgets {
  const { store, budgets, logger, now } = options;
  const runs = new Map<string, RunBudget>();
  // Rate limits any run heard of, as of the last sync: they hold for all.
  let waits: Record<string, Date> = {};
  const capped = Object.values(budgets).some(
    cap => cap.maxRequestsPerCycle !== undefined,
  );
  // Which sources each collector spends, as seen when it ran.
  const sourcesOf = new Map<string, Set<string>>();

  function run(runId: string): RunBudget {
    let budget = runs.get(runId);
    if (!budget) {
      budget = { syncedAt: 0, totals: {}, pending: {}, pendingBlocked: {} };
      runs.set(runId, budget);
      if (runs.size > KEPT_RUNS) {
        runs.delete(runs.keys().next().value as string);
      }
    }
    return budget;
  }

  return {
    reporter(runId, collectorId) {
      const budget = run(runId);
      const learn = (source: string) => {
        const known = sourcesOf.get(collectorId) ?? new Set<string>();
        known.add(source);
        sourcesOf.set(collectorId, known);
      };
      return {
        request(source) {
          learn(source);
          budget.pending[source] = (budget.pending[source] ?? 0) + 1;
        },
        rateLimited(source, until) {
          learn(source);
          const known = budget.pendingBlocked[source];
          if (!known || known < until) {
            budget.pendingBlocked[source] = until;
          }
        },
      };
    },

    verdict(runId, collectorIds) {
      const budget = run(runId);
      const at = now().getTime();
      const sources = new Set(
        collectorIds.flatMap(id => [...(sourcesOf.get(id) ?? [])]),
      );
      let wait: { until: Date; source: string } | undefined;
      for (const source of sources) {
        const total = budget.totals[source];
        const cap = budgets[source]?.maxRequestsPerCycle;
        const used = (total?.requests ?? 0) + (budget.pending[source] ?? 0);
        if (cap !== undefined && used >= cap) {
          return { go: false, nextRun: true, source };
        }
        const blocked = Math.max(
          total?.blockedUntil ? Date.parse(total.blockedUntil) : 0,
          budget.pendingBlocked[source]?.getTime() ?? 0,
          waits[source]?.getTime() ?? 0,
        );
        if (blocked > at && (!wait || blocked > wait.until.getTime())) {
          wait = { until: new Date(blocked), source };
        }
      }
      return wait ? { go: false, ...wait } : { go: true };
    },

    async sync(runId, syncOptions) {
      const budget = run(runId);
      if (
        syncOptions?.ifDueOnly &&
        !capped &&
        Date.now() - budget.syncedAt < SYNC_EVERY_MS
      ) {
        return;
      }
      budget.syncedAt = Date.now();
      const pending = budget.pending;
      const pendingBlocked = budget.pendingBlocked;
      budget.pending = {};
      budget.pendingBlocked = {};
      try {
        budget.totals = await store.addSourceRequests(
          runId,
          pending,
          pendingBlocked,
        );
        waits = await store.listSourceWaits(now());
      } catch (error) {
        // Counted again at the next sync rather than lost.
        for (const [source, n] of Object.entries(pending)) {
          budget.pending[source] = (budget.pending[source] ?? 0) + n;
        }
        Object.assign(budget.pendingBlocked, pendingBlocked);
        logger.warn(
          `Could not record the requests of collection run ${runId}: ${stringifyError(error)}`,
        );
      }
    },

    maxRequestsPerCycle: source => budgets[source]?.maxRequestsPerCycle,
  };
}
