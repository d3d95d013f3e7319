import {
  createServiceFactory,
  type SchedulerServiceTaskFunction,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import knexFactory from 'knex';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  asAlice,
  claudeFlow,
  organisation,
  permissions,
  webPortal,
} from '../__testUtils__/testBackend';
import {
  createTestDatabases,
  durableDatabaseConfig,
} from '../__testUtils__/testDatabases';
import { readinessPlugin } from '../plugin';

jest.setTimeout(90_000);

const HOUR = 60 * 60 * 1000;
/** A Tuesday; weekly digest periods start on Thursdays (the epoch's weekday). */
const T0 = Date.parse('2026-12-01T09:00:00Z');
const path = '/api/readiness/v1/entities/component/default/claude-flow';

/** web-portal depends on claude-flow; its owner is the parent team. */
const catalog: Entity[] = [
  {
    ...claudeFlow,
    relations: [
      { type: 'dependencyOf', targetRef: 'component:default/web-portal' },
      { type: 'ownedBy', targetRef: 'group:default/orchestration-team' },
    ],
  },
  {
    ...webPortal,
    spec: { ...webPortal.spec, dependsOn: ['component:claude-flow'] },
    relations: [
      { type: 'dependsOn', targetRef: 'component:default/claude-flow' },
      { type: 'ownedBy', targetRef: 'group:default/platform-team' },
    ],
  },
  ...organisation,
];

const build = (runId: string, succeeded: boolean) => ({
  key: 'build',
  runId,
  value: { succeeded, compilationErrors: succeeded ? 0 : 97 },
});

describe('stop-work follow-up across a restart', () => {
  const databases = createTestDatabases();
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'readiness-follow-up-'));
    // Only the clock is faked: the database and HTTP keep their timers.
    jest.useFakeTimers({
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
  });
  afterEach(async () => {
    jest.useRealTimers();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(databases.eachSupportedId())(
    'reminds daily, escalates once, digests weekly and tells dependents once, %p',
    async databaseId => {
      const config = await durableDatabaseConfig(databases, databaseId, dir);
      const send = jest.fn().mockResolvedValue(undefined);
      const publish = jest.fn().mockResolvedValue(undefined);

      const start = async () => {
        const knex = knexFactory(config);
        const tasks = new Map<string, SchedulerServiceTaskFunction>();
        const backend = await startTestBackend({
          features: [
            readinessPlugin,
            catalogServiceMock.factory({ entities: catalog }),
            permissions.factory,
            mockServices.httpAuth.factory({
              defaultCredentials: mockCredentials.none(),
            }),
            mockServices.database.factory({ knex }),
            mockServices.scheduler.mock({
              async scheduleTask(task) {
                tasks.set(task.id, task.fn as SchedulerServiceTaskFunction);
              },
            }).factory,
            mockServices.events.mock({ publish }).factory,
            createServiceFactory({
              service: notificationService,
              deps: {},
              factory: () => ({ send }),
            }),
          ],
        });
        return {
          server: backend.server,
          /** Runs the follow-up task as the scheduler would, `hours` after T0. */
          async followUpAt(hours: number) {
            jest.setSystemTime(T0 + hours * HOUR);
            await tasks.get('readiness-follow-up')!(
              new AbortController().signal,
            );
          },
          affected: async () =>
            (
              await request(backend.server)
                .get(`${path}/stop-work/affected`)
                .set('Authorization', asAlice)
                .expect(200)
            ).body,
          push: (body: object) =>
            request(backend.server)
              .post(`${path}/evidence`)
              .set('Authorization', asAlice)
              .send(body)
              .expect(201),
          stop: async () => {
            await backend.stop();
            await knex.destroy();
          },
        };
      };
      const sent = () =>
        send.mock.calls.map(([n]) => ({
          to: n.recipients.entityRef,
          title: n.payload.title,
        }));
      const topics = () => publish.mock.calls.map(([e]) => e.topic);

      const first = await start();
      try {
        // A passing build eight days before: the baseline of the digest's regressions.
        jest.setSystemTime(T0 - 8 * 24 * HOUR);
        await first.push(build('1', true));
        jest.setSystemTime(T0);
        await first.push(build('2', false));
        expect(sent()).toEqual([
          {
            to: ['group:default/orchestration-team'],
            title: 'Stop work: claude-flow must not be deployed',
          },
          {
            to: ['group:default/platform-team'],
            title: 'A dependency of yours is under stop-work: claude-flow',
          },
        ]);
        expect(send.mock.calls[0][0].payload.description).toContain(
          'Depends on it: web-portal.',
        );
        expect(topics()).toEqual([
          'readiness.stopwork.opened',
          'readiness.blockers.changed',
          'readiness.check.regressed',
        ]);
        expect(publish.mock.calls[2][0].eventPayload).toMatchObject({
          entityRef: 'component:default/claude-flow',
          checkId: 'build.clean',
          from: 'pass',
          to: 'fail',
        });
        expect(await first.affected()).toEqual({
          items: [
            {
              entityRef: 'component:default/web-portal',
              owner: 'group:default/platform-team',
              via: 'dependency',
              depth: 1,
            },
          ],
          truncated: false,
        });
        send.mockClear();

        await first.followUpAt(1);
        expect(sent()).toEqual([
          {
            to: ['group:default/orchestration-team'],
            title:
              'Readiness digest: 1 open stop-work orders, 0 overdue, 1 regressions',
          },
        ]);
        expect(send.mock.calls[0][0].payload.description).toContain(
          '- claude-flow: tier none → none, score',
        );
        send.mockClear();
        await first.followUpAt(2);
        await first.followUpAt(25);
        await first.followUpAt(26);
        expect(sent()).toEqual([
          {
            to: ['group:default/orchestration-team'],
            title: 'Reminder: claude-flow is still under stop-work',
          },
        ]);
        send.mockClear();
      } finally {
        await first.stop();
      }

      const second = await start();
      try {
        await second.followUpAt(26);
        expect(sent()).toEqual([]);
        // Thursday: a new digest period, and the second day's reminder; the
        // regression is still within the digest's week.
        await second.followUpAt(49);
        expect(sent().map(s => s.title)).toEqual([
          'Reminder: claude-flow is still under stop-work',
          'Readiness digest: 1 open stop-work orders, 1 overdue, 1 regressions',
        ]);
        send.mockClear();
        // Due after 24 h, escalated 3 days later to the owner's parent group.
        await second.followUpAt(24 + 72 + 1);
        await second.followUpAt(24 + 72 + 2);
        expect(sent()).toEqual([
          {
            to: ['group:default/orchestration-team'],
            title: 'Reminder: claude-flow is still under stop-work',
          },
          {
            to: ['group:default/platform-team'],
            title:
              'Escalation: the stop-work order on claude-flow is 3 days overdue',
          },
        ]);
        send.mockClear();

        await second.push(build('3', true));
        await second.followUpAt(24 * 8);
        expect(sent().map(s => s.title)).toEqual([
          'Stop work lifted: claude-flow',
        ]);
        expect(topics()).toContain('readiness.stopwork.lifted');
        expect(await second.affected()).toEqual({
          items: [],
          truncated: false,
        });
      } finally {
        await second.stop();
      }
    },
  );
});
