import type { LoggerService } from '@backstage/backend-plugin-api';
import { type Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { ReadinessReport } from '@readiness/plugin-readiness-common';
import type { ReadinessStore, StopWorkOrderRecord } from '../database';
import { entityMetadata, type StopWorkListener } from './ReadinessService';

/** Who hears about stop-work orders besides the owner, by notification severity. */
export interface StopWorkRecipients {
  /** When an order begins. */
  critical: string[];
  /** When an order is lifted. */
  normal: string[];
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
 * Tells an entity's owner when a stop-work order begins or is lifted, through
 * Backstage notifications. Each order and transition is claimed in the store
 * before sending, so a restart or a second instance never sends it twice;
 * without the notifications plugin the message is only logged.
 *
 * @internal
 */
export function createStopWorkNotifier(options: {
  store: ReadinessStore;
  notifications?: NotificationService;
  recipients: StopWorkRecipients;
  logger: LoggerService;
  now?: () => Date;
}): StopWorkListener {
  const { store, notifications, recipients, logger } = options;
  const now = options.now ?? (() => new Date());

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
    const { kind, namespace, name } = getCompoundEntityRef(entity);
    const title = entity.metadata.title ?? name;
    const severity = transition === 'began' ? 'critical' : 'normal';
    const owner = entityMetadata(entity).owner;
    const to = [
      ...new Set([...(owner ? [owner] : []), ...recipients[severity]]),
    ];
    const payload = {
      title:
        transition === 'began'
          ? `Stop work: ${title} must not be deployed`
          : `Stop work lifted: ${title}`,
      description:
        transition === 'began'
          ? describeBlockers(report)
          : `The stop-work order that began ${order.beganAt} was lifted${
              order.liftReason ? `: ${order.liftReason}` : ''
            }.`,
      link: `/catalog/${namespace}/${kind.toLocaleLowerCase('en-US')}/${name}`,
      severity,
      topic: 'readiness-stop-work',
      scope: `readiness:stop-work:${order.id}:${transition}`,
    } as const;

    logger.info(`${payload.title}`, {
      entityRef: report.entityRef,
      orderId: order.id,
      recipients: to.join(', '),
    });
    if (!notifications || to.length === 0) {
      return;
    }
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef: to },
        payload,
      });
    } catch (error) {
      logger.warn(
        `Could not send the stop-work notification for ${report.entityRef} (is the notifications plugin installed?): ${stringifyError(error)}`,
      );
    }
  }

  return async (entity, report, transition) => {
    if (transition.began) {
      await notify(entity, report, transition.began, 'began');
    }
    if (transition.lifted) {
      await notify(entity, report, transition.lifted, 'lifted');
    }
  };
}
