import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';
import type { ReadinessCollector } from '@readiness/plugin-readiness-node';
import type { ReadinessBackendConfig } from './config';
import type { ReadinessService } from './ReadinessService';

/** Task id of a collector, as shown by the scheduler and DevTools. */
export function collectorTaskId(collectorId: string): string {
  return `readiness-collect-${collectorId}`;
}

/** The local task with which each instance works on queued cycles. */
export const COLLECTION_WORKER_TASK_ID = 'readiness-collection-worker';

/**
 * Registers one global task per enabled collector, the recheck and the
 * cleanup, each collector's and the recheck's starting a cycle, and the
 * local task with which every instance works on cycles. A run that fails as a whole is rethrown so the scheduler records it.
 *
 * @internal
 */
export async function scheduleCollection(options: {
  scheduler: SchedulerService;
  service: ReadinessService;
  collectors: ReadinessCollector[];
  config: ReadinessBackendConfig;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, service, collectors, config, logger } = options;
  const run = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      throw new ForwardedError(`Readiness ${what} failed`, error);
    }
  };

  for (const collector of collectors) {
    const settings = config.collector(collector.id);
    if (!settings.enabled) {
      logger.info(`Readiness collector ${collector.id} is disabled in config`);
      continue;
    }
    await scheduler.scheduleTask({
      id: collectorTaskId(collector.id),
      ...settings.schedule,
      // A schedule read from config carries `scope: undefined`; keep global.
      scope: settings.schedule.scope ?? 'global',
      fn: signal =>
        run(`collector ${collector.id}`, () =>
          service.runCollector(collector, signal),
        ),
    });
  }

  await scheduler.scheduleTask({
    id: 'readiness-recheck',
    ...config.recheckSchedule,
    scope: config.recheckSchedule.scope ?? 'global',
    fn: signal => run('recheck', () => service.recheck(signal)),
  });

  // Every instance works on the cycles the global tasks above start: a
  // cycle queues its entities, and each instance claims them under leases.
  const pollInterval = { milliseconds: config.queue.pollIntervalMs };
  await scheduler.scheduleTask({
    id: COLLECTION_WORKER_TASK_ID,
    scope: 'local',
    frequency: pollInterval,
    timeout: { hours: 24 },
    initialDelay: pollInterval,
    fn: signal =>
      run('collection queue work', () => service.drainCollectionQueue(signal)),
  });

  await scheduler.scheduleTask({
    id: 'readiness-cleanup',
    scope: 'global',
    frequency: { hours: 24 },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 10 },
    fn: () => run('cleanup', () => service.cleanup()),
  });
}
