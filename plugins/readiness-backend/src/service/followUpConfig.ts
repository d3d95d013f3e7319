import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { type Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How open stop-work orders are followed until they are lifted.
 *
 * @internal
 */
export interface FollowUpConfig {
  /** When the follow-up task looks for reminders, escalations and digests due. */
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Between reminders of one open order; undefined turns reminders off. */
  reminderEveryMs?: number;
  /** From an order's start to its due date: the seed's immediate phase, 24 h. */
  dueAfterMs: number;
  /** Whole days past due before an order escalates; undefined turns escalation off. */
  escalateAfterDaysOverdue?: number;
  /** Who hears of an escalation; empty means the owner group's parent. */
  escalationRecipients: string[];
  /** Between two digests to each owner; undefined turns digests off. */
  digestEveryMs?: number;
  /** How many relation hops the affected entities are followed. */
  affectedMaxDepth: number;
  /** The most affected entities listed on an order. */
  affectedMaxEntities: number;
}

/** A whole number of 0 or more at `key` under readiness.followUp. */
function readCount(
  config: Config | undefined,
  key: string,
  fallback: number,
): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(
      `Invalid config at readiness.followUp.${key}: expected a whole number of 0 or more, got ${value}`,
    );
  }
  return value;
}

/** A feature with `enabled` (default true) and a duration (default `fallbackMs`). */
function readCadence(
  config: Config | undefined,
  section: string,
  key: string,
  fallbackMs: number,
): number | undefined {
  const settings = config?.getOptionalConfig(section);
  if (settings?.getOptionalBoolean('enabled') === false) {
    return undefined;
  }
  if (!settings?.has(key)) {
    return fallbackMs;
  }
  const ms = durationToMilliseconds(readDurationFromConfig(settings, { key }));
  if (ms <= 0) {
    throw new Error(
      `Invalid config at readiness.followUp.${section}.${key}: must be longer than zero`,
    );
  }
  return ms;
}

/** Reads `readiness.followUp`; every setting has a default. @internal */
export function readFollowUpConfig(rootConfig: Config): FollowUpConfig {
  const config = rootConfig.getOptionalConfig('readiness.followUp');
  const escalation = config?.getOptionalConfig('escalation');
  return {
    schedule: config?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('schedule'),
        )
      : {
          frequency: { hours: 1 },
          timeout: { minutes: 30 },
          initialDelay: { minutes: 5 },
        },
    reminderEveryMs: readCadence(config, 'reminders', 'every', DAY_MS),
    dueAfterMs: config?.has('dueAfter')
      ? durationToMilliseconds(
          readDurationFromConfig(config, { key: 'dueAfter' }),
        )
      : DAY_MS,
    escalateAfterDaysOverdue:
      escalation?.getOptionalBoolean('enabled') === false
        ? undefined
        : readCount(config, 'escalation.daysOverdue', 3),
    escalationRecipients:
      escalation?.getOptionalStringArray('recipients') ?? [],
    digestEveryMs: readCadence(config, 'digest', 'every', 7 * DAY_MS),
    affectedMaxDepth: readCount(config, 'affected.maxDepth', 3),
    affectedMaxEntities: readCount(config, 'affected.maxEntities', 50),
  };
}
