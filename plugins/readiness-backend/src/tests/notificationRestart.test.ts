import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { notificationService } from '@backstage/plugin-notifications-node';
import knexFactory from 'knex';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  asAlice,
  startReadinessTestBackend,
} from '../__testUtils__/testBackend';
import {
  createTestDatabases,
  durableDatabaseConfig,
} from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const path = '/api/readiness/v1/entities/component/default/claude-flow';
const failingBuild = (runId: string) => ({
  key: 'build',
  runId,
  value: { succeeded: false, compilationErrors: 97 },
});

describe('stop-work notifications across a restart', () => {
  const databases = createTestDatabases();
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'readiness-restart-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(databases.eachSupportedId())(
    'announces an automatic order once, and not again after a restart, %p',
    async databaseId => {
      // Each backend opens its own connection, as a restarted process does;
      // SQLite in a file so the state outlives the first connection.
      const config = await durableDatabaseConfig(databases, databaseId, dir);
      const send = jest.fn().mockResolvedValue(undefined);
      const start = async () => {
        const knex = knexFactory(config);
        const backend = await startReadinessTestBackend(
          mockServices.database.factory({ knex }),
          // No coalescing: the lift seconds later is told at once
          // (tests/amplification.test.ts coalesces).
          mockServices.rootConfig.factory({
            data: { readiness: { notifications: { coalesceWindow: 'PT0S' } } },
          }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({ send }),
          }),
        );
        return {
          server: backend.server,
          stop: async () => {
            await backend.stop();
            await knex.destroy();
          },
        };
      };
      const push = (server: unknown, body: object) =>
        request(server as Parameters<typeof request>[0])
          .post(`${path}/evidence`)
          .set('Authorization', asAlice)
          .send(body);
      const titles = () => send.mock.calls.map(([n]) => n.payload.title);

      const first = await start();
      try {
        const pushed = await push(first.server, failingBuild('1')).expect(201);
        expect(pushed.body.stopWork).toMatchObject({
          active: true,
          blockers: ['build.clean'],
        });
        // Evaluated again on the same instance: still one.
        await push(first.server, failingBuild('2')).expect(201);
      } finally {
        await first.stop();
      }
      expect(titles()).toEqual(['Stop work: claude-flow must not be deployed']);

      const second = await start();
      try {
        const report = await request(second.server)
          .post(`${path}/refresh`)
          .set('Authorization', asAlice)
          .expect(200);
        expect(report.body.stopWork.active).toBe(true);
        await push(second.server, failingBuild('3')).expect(201);
        expect(titles()).toEqual([
          'Stop work: claude-flow must not be deployed',
        ]);

        // The restarted instance does notify: the lift goes out, once.
        await push(second.server, {
          key: 'build',
          runId: '4',
          value: { succeeded: true, compilationErrors: 0 },
        }).expect(201);
        expect(titles()).toEqual([
          'Stop work: claude-flow must not be deployed',
          'Stop work lifted: claude-flow',
        ]);
      } finally {
        await second.stop();
      }
    },
  );
});
