import type {
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';
import type { FollowUp } from './followUp';

/** Task id of the follow-up, as shown by the scheduler and DevTools. */
export const followUpTaskId = 'readiness-follow-up';

/**
 * Registers the global task that sends the reminders, escalations and
 * digests due. It may run as often as wanted: each message is claimed once
 * per order and period, so a run early, late or twice sends nothing twice.
 *
 * @internal
 */
export async function scheduleFollowUp(options: {
  scheduler: SchedulerService;
  followUp: Pick<FollowUp, 'run'>;
  schedule: SchedulerServiceTaskScheduleDefinition;
}): Promise<void> {
  const { scheduler, followUp, schedule } = options;
  await scheduler.scheduleTask({
    id: followUpTaskId,
    ...schedule,
    scope: schedule.scope ?? 'global',
    fn: async () => {
      try {
        await followUp.run(new Date());
      } catch (error) {
        throw new ForwardedError('Readiness follow-up failed', error);
      }
    },
  });
}
