import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import type { EventsService } from '@backstage/plugin-events-node';
import type { ReadinessReport } from '@readiness/plugin-readiness-common';
import type { StopWorkOrderChange } from '../database';

/**
 * Topics Readiness publishes on the Backstage events service, so adopters
 * can automate without polling.
 *
 * @internal
 */
export const readinessEventTopics = {
  stopWorkOpened: 'readiness.stopwork.opened',
  stopWorkLifted: 'readiness.stopwork.lifted',
  tierChanged: 'readiness.tier.changed',
  checkRegressed: 'readiness.check.regressed',
  /** The set of failing blockers changed; carries the whole current set. */
  blockersChanged: 'readiness.blockers.changed',
} as const;

const passing = new Set(['pass', 'waived']);

/** @internal */
export function createReadinessEvents(options: {
  events: EventsService;
  logger: LoggerService;
}) {
  const { events, logger } = options;
  const publish = async (topic: string, eventPayload: object) => {
    try {
      await events.publish({ topic, eventPayload });
    } catch (error) {
      logger.warn(`Could not publish ${topic}: ${stringifyError(error)}`);
    }
  };

  return {
    /** After an order was opened or lifted, and its owners told. */
    async stopWorkChanged(
      _entity: Entity,
      report: ReadinessReport,
      change: StopWorkOrderChange,
    ) {
      for (const [topic, order] of [
        [readinessEventTopics.stopWorkOpened, change.began],
        [readinessEventTopics.stopWorkLifted, change.lifted],
      ] as const) {
        if (order) {
          await publish(topic, {
            entityRef: report.entityRef,
            orderId: order.id,
            origin: order.origin,
            beganAt: order.beganAt,
            ...(order.liftedAt ? { liftedAt: order.liftedAt } : {}),
            blockers: report.stopWork.blockers,
          });
        }
      }
    },

    /** After an evaluation was saved: a new tier, and checks that stopped passing. */
    async evaluated(
      previous: ReadinessReport | undefined,
      report: ReadinessReport,
    ) {
      const blockersBefore = previous?.stopWork.blockers ?? [];
      const blockers = report.stopWork.blockers;
      if (
        blockersBefore.length !== blockers.length ||
        blockers.some(id => !blockersBefore.includes(id))
      ) {
        // The whole set, so a subscriber that missed one event catches up.
        await publish(readinessEventTopics.blockersChanged, {
          entityRef: report.entityRef,
          blockers: blockers.map(id => {
            const check = report.checks.find(c => c.id === id);
            return {
              checkId: id,
              title: check?.title ?? id,
              summary: check?.summary ?? '',
              actions: check?.actions ?? [],
            };
          }),
          evaluatedAt: report.evaluatedAt,
        });
      }
      if (!previous) {
        return;
      }
      if (previous.tier !== report.tier) {
        await publish(readinessEventTopics.tierChanged, {
          entityRef: report.entityRef,
          from: previous.tier,
          to: report.tier,
          evaluatedAt: report.evaluatedAt,
        });
      }
      const before = new Map(previous.checks.map(c => [c.id, c.status]));
      for (const check of report.checks) {
        const was = before.get(check.id);
        // An upcoming check counts for nothing yet: its failure regresses nothing.
        if (
          was &&
          passing.has(was) &&
          check.status === 'fail' &&
          !check.upcoming
        ) {
          await publish(readinessEventTopics.checkRegressed, {
            entityRef: report.entityRef,
            checkId: check.id,
            from: was,
            to: check.status,
            summary: check.summary,
            evaluatedAt: report.evaluatedAt,
          });
        }
      }
    },
  };
}
