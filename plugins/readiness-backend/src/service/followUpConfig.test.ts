import { ConfigReader } from '@backstage/config';
import { readFollowUpConfig } from './followUpConfig';

const DAY = 24 * 60 * 60 * 1000;
const read = (followUp?: object) =>
  readFollowUpConfig(new ConfigReader({ readiness: { followUp } }));

describe('readFollowUpConfig', () => {
  it('defaults to daily reminders, due in 24 h, escalation 3 days past due and weekly digests', () => {
    expect(read()).toMatchObject({
      reminderEveryMs: DAY,
      dueAfterMs: DAY,
      escalateAfterDaysOverdue: 3,
      escalationRecipients: [],
      digestEveryMs: 7 * DAY,
      affectedMaxDepth: 3,
      affectedMaxEntities: 50,
      schedule: { frequency: { hours: 1 } },
    });
  });

  it('reads cadences as durations, recipients, limits and a schedule', () => {
    expect(
      read({
        schedule: { frequency: { minutes: 15 }, timeout: { minutes: 5 } },
        reminders: { every: { hours: 12 } },
        dueAfter: '2d',
        escalation: { daysOverdue: 5, recipients: ['group:default/cto'] },
        digest: { every: { days: 1 } },
        affected: { maxDepth: 1, maxEntities: 10 },
      }),
    ).toEqual({
      schedule: { frequency: { minutes: 15 }, timeout: { minutes: 5 } },
      reminderEveryMs: DAY / 2,
      dueAfterMs: 2 * DAY,
      escalateAfterDaysOverdue: 5,
      escalationRecipients: ['group:default/cto'],
      digestEveryMs: DAY,
      affectedMaxDepth: 1,
      affectedMaxEntities: 10,
    });
  });

  it('turns each message off with enabled: false', () => {
    expect(
      read({
        reminders: { enabled: false },
        escalation: { enabled: false },
        digest: { enabled: false },
      }),
    ).toMatchObject({
      reminderEveryMs: undefined,
      escalateAfterDaysOverdue: undefined,
      digestEveryMs: undefined,
    });
  });

  it('refuses a zero cadence and a fractional or negative limit, naming the key', () => {
    expect(() => read({ reminders: { every: { hours: 0 } } })).toThrow(
      'readiness.followUp.reminders.every',
    );
    expect(() => read({ affected: { maxDepth: 1.5 } })).toThrow(
      'readiness.followUp.affected.maxDepth',
    );
    expect(() => read({ escalation: { daysOverdue: -1 } })).toThrow(
      'readiness.followUp.escalation.daysOverdue',
    );
  });
});
