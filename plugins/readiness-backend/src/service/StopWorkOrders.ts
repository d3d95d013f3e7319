import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  type Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type {
  CheckRegression,
  ReadinessReport,
} from '@readiness/plugin-readiness-common';
import type {
  ReadinessStore,
  SavedEvaluation,
  StopWorkOrderChange,
  StopWorkOrderRecord,
} from '../database';
import { entityMetadata } from './entityMetadata';
import { decideEvaluationWrites } from './evaluationWrites';
import { deliverNotification } from './notifier';

/** Who hears about stop-work orders besides the owner, by notification severity. */
export interface StopWorkRecipients {
  /** When an order begins. */
  critical: string[];
  /** When an order is lifted. */
  normal: string[];
}

/** Called after each saved evaluation that opened or lifted an order. */
export type StopWorkListener = (
  entity: Entity,
  report: ReadinessReport,
  change: StopWorkOrderChange,
) => Promise<void>;

/**
 * The stop-work lifecycle around the store: the automatic order opened and
 * lifted with each saved evaluation (as -common's `decideStopWorkTransition`
 * decides), manual orders issued and lifted by people, and owners told when
 * any order begins or is lifted.
 *
 * @internal
 */
export interface StopWorkOrders {
  /**
   * Saves an evaluation's report with what it does to the automatic order
   * (see `decideEvaluationWrites`), and announces an order it opened or lifted.
   */
  saveEvaluation(
    entity: Entity,
    report: ReadinessReport,
    now: Date,
    regressions?: readonly CheckRegression[],
  ): Promise<SavedEvaluation>;
  /** Tells owners and the listener about an order an evaluation opened or lifted. */
  announce(
    entity: Entity,
    report: ReadinessReport,
    change: StopWorkOrderChange,
  ): Promise<void>;
  /** Issues a manual order (or keeps the open one) and re-evaluates. */
  issue(
    entity: Entity,
    reason: string,
    actor: string,
  ): Promise<ReadinessReport>;
  /** Lifts the open manual order and re-evaluates; undefined when there is none. */
  lift(
    entity: Entity,
    reason: string,
    actor: string,
  ): Promise<ReadinessReport | undefined>;
  /** The open manual order, which evaluations keep active. */
  getOpenManual(entityRef: string): Promise<StopWorkOrderRecord | undefined>;
  /** Every order of the entity, open or lifted, newest first. */
  list(entityRef: string): Promise<StopWorkOrderRecord[]>;
}

function describeBlockers(report: ReadinessReport): string {
  const lines = report.stopWork.blockers.map(id => {
    const check = report.checks.find(c => c.id === id);
    return `- ${check?.title ?? id}: ${check?.summary ?? 'failing'}`;
  });
  if (report.stopWork.manual) {
    lines.push(
      `- issued by ${report.stopWork.manual.issuedBy}: ${report.stopWork.manual.reason}`,
    );
  }
  return lines.join('\n');
}

/**
 * Owners hear of an order through Backstage notifications. Each order and
 * transition is claimed in the store before sending, so a restart or a
 * second instance never sends it twice, and so is each recipient, so that
 * toggling an order sends one notification per recipient and window, not
 * one per toggle; without the notifications plugin the message is only
 * logged.
 *
 * @internal
 */
export function createStopWorkOrders(options: {
  store: ReadinessStore;
  /** Evaluates the entity's stored evidence and saves the report. */
  evaluate: (entity: Entity) => Promise<ReadinessReport>;
  notifications?: NotificationService;
  recipients: StopWorkRecipients;
  logger: LoggerService;
  onChange?: StopWorkListener;
  /**
   * Within this time after a recipient was told about the entity, further
   * notifications to it are held back (see `claimNotificationRecipients`);
   * the first evaluation after it tells what holds then.
   */
  notificationWindowMs?: number;
  /** A paragraph the opening notification adds, naming who is affected. */
  describeImpact?: (
    entity: Entity,
    order: StopWorkOrderRecord,
  ) => Promise<string | undefined>;
  now?: () => Date;
}): StopWorkOrders {
  const { store, evaluate, notifications, recipients, logger } = options;
  const now = options.now ?? (() => new Date());
  const windowMs = options.notificationWindowMs ?? 0;

  function recipientsOf(entity: Entity, transition: 'began' | 'lifted') {
    const owner = entityMetadata(entity).owner;
    const severity = transition === 'began' ? 'critical' : 'normal';
    return [...new Set([...(owner ? [owner] : []), ...recipients[severity]])];
  }

  async function send(
    entity: Entity,
    report: ReadinessReport,
    order: StopWorkOrderRecord,
    transition: 'began' | 'lifted',
    to: string[],
  ) {
    const { kind, namespace, name } = getCompoundEntityRef(entity);
    const title = entity.metadata.title ?? name;
    const payload = {
      title:
        transition === 'began'
          ? `Stop work: ${title} must not be deployed`
          : `Stop work lifted: ${title}`,
      description:
        transition === 'began'
          ? [
              describeBlockers(report),
              await options.describeImpact?.(entity, order),
            ]
              .filter(Boolean)
              .join('\n\n')
          : `The stop-work order that began ${order.beganAt} was lifted${
              order.liftReason ? `: ${order.liftReason}` : ''
            }.`,
      link: `/catalog/${namespace}/${kind.toLocaleLowerCase('en-US')}/${name}`,
      severity: transition === 'began' ? 'critical' : 'normal',
      topic: 'readiness-stop-work',
      scope: `readiness:stop-work:${order.id}:${transition}`,
    } as const;

    await deliverNotification({
      notifications,
      logger,
      recipients: to,
      payload,
      context: { entityRef: report.entityRef, orderId: order.id },
    });
  }

  async function notify(
    entity: Entity,
    report: ReadinessReport,
    order: StopWorkOrderRecord,
    transition: 'began' | 'lifted',
  ) {
    if (
      !(await store.markStopWorkNotified(order.id, transition, { now: now() }))
    ) {
      return;
    }
    const to = await store.claimNotificationRecipients({
      entityRef: report.entityRef,
      recipients: recipientsOf(entity, transition),
      transition,
      windowMs,
      now: now(),
    });
    await send(entity, report, order, transition, to);
  }

  /**
   * After a window ends, recipients whose last change was held back hear the
   * state that holds now, if it is not what they were last told.
   */
  async function tellHeldBack(entity: Entity, report: ReadinessReport) {
    const state = report.stopWork.active ? 'began' : 'lifted';
    const claimed = await store.claimHeldBackNotifications({
      entityRef: report.entityRef,
      state,
      windowMs,
      now: now(),
    });
    const to = claimed.filter(r => recipientsOf(entity, state).includes(r));
    const order = (await store.listStopWorkOrders(report.entityRef)).find(o =>
      state === 'began' ? !o.liftedAt : o.liftedAt,
    );
    if (to.length > 0 && order) {
      await send(entity, report, order, state, to);
    }
  }

  async function announce(
    entity: Entity,
    report: ReadinessReport,
    change: StopWorkOrderChange,
  ) {
    if (!change.began && !change.lifted) {
      return;
    }
    try {
      if (change.began) {
        await notify(entity, report, change.began, 'began');
      }
      if (change.lifted) {
        await notify(entity, report, change.lifted, 'lifted');
      }
      await options.onChange?.(entity, report, change);
    } catch (error) {
      logger.warn(
        `Could not notify about the stop-work order of ${report.entityRef}: ${stringifyError(error)}`,
      );
    }
  }

  async function getOpenManual(entityRef: string) {
    return (await store.getOpenStopWorkOrders(entityRef)).find(
      order => order.origin === 'manual',
    );
  }

  return {
    announce,
    getOpenManual,

    async saveEvaluation(entity, report, at, regressions = []) {
      const change = await store.saveEvaluation({
        entity: entityMetadata(entity),
        report,
        now: at,
        decide: decideEvaluationWrites(report, {
          found: regressions,
          windowMs,
        }),
      });
      await announce(entity, report, change);
      try {
        await tellHeldBack(entity, report);
      } catch (error) {
        logger.warn(
          `Could not tell held-back stop-work changes of ${report.entityRef}: ${stringifyError(error)}`,
        );
      }
      return change;
    },

    async issue(entity, reason, actor) {
      const entityRef = stringifyEntityRef(entity);
      const current =
        (await store.getReport(entityRef)) ?? (await evaluate(entity));
      const alreadyOpen = (await getOpenManual(entityRef)) !== undefined;
      const order = await store.issueManualStopWork({
        entityRef,
        issuedBy: actor,
        reason,
        blockers: current.stopWork.blockers,
        countsAtStart: current.stopWork.countsAtStart,
        now: now(),
      });
      const report = await evaluate(entity);
      if (!alreadyOpen) {
        await announce(entity, report, { began: order });
      }
      return report;
    },

    async lift(entity, reason, actor) {
      const order = await store.liftManualStopWork({
        entityRef: stringifyEntityRef(entity),
        liftedBy: actor,
        reason,
        now: now(),
      });
      if (!order) {
        return undefined;
      }
      const report = await evaluate(entity);
      await announce(entity, report, { lifted: order });
      return report;
    },

    list: entityRef => store.listStopWorkOrders(entityRef),
  };
}
