import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';

/** @internal */
export type ReadinessNotification = NotificationSendOptions['payload'];

/**
 * The one way Readiness sends a notification, already claimed by its caller:
 * logged always, sent to the recipients' entity refs when the notifications
 * plugin is installed. A failed send is logged, never thrown, since the
 * claim is spent either way and a retry would risk a second message.
 *
 * @internal
 */
export async function deliverNotification(options: {
  notifications?: NotificationService;
  logger: LoggerService;
  recipients: string[];
  payload: ReadinessNotification;
  context: Record<string, string>;
}): Promise<void> {
  const { notifications, logger, payload } = options;
  const to = [...new Set(options.recipients)];
  logger.info(payload.title, { ...options.context, recipients: to.join(', ') });
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
      `Could not send "${payload.title}" (is the notifications plugin installed?): ${stringifyError(error)}`,
    );
  }
}
