import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { readinessCollectorsExtensionPoint } from '@readiness/plugin-readiness-node';
import { createMockCollector } from '@readiness/plugin-readiness-node/testUtils';
import request from 'supertest';
import {
  asAlice,
  claudeFlow,
  permissions,
  startReadinessBackend,
} from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { createTestService } from '../__testUtils__/testService';

jest.setTimeout(60_000);

const refreshPath =
  '/api/readiness/v1/entities/component/default/claude-flow/refresh';

/** A collector that counts its runs, each finishing once `gate` resolves. */
function countingCollector(gate: Promise<void> = Promise.resolve()) {
  const runs = { count: 0 };
  const collector = createMockCollector({
    id: 'counter',
    evidenceKeys: ['coverage'],
    evidence: async (_entity, ctx) => {
      runs.count += 1;
      await gate;
      return [
        {
          key: 'coverage',
          value: { linePercent: 90 },
          observedAt: ctx.now.toISOString(),
          staleAfter: new Date(ctx.now.getTime() + 86_400_000).toISOString(),
        },
      ];
    },
  });
  const module = createBackendModule({
    pluginId: 'readiness',
    moduleId: 'counter',
    register(reg) {
      reg.registerInit({
        deps: { collectors: readinessCollectorsExtensionPoint },
        async init(deps) {
          deps.collectors.addCollector(collector);
        },
      });
    },
  });
  return { runs, module };
}

describe('amplification', () => {
  it('coalesces thirty concurrent refreshes of one entity into one collection', async () => {
    let release = () => {};
    const { runs, module } = countingCollector(
      new Promise(resolve => {
        release = resolve;
      }),
    );
    const server = await startReadinessBackend(
      module,
      mockServices.rootConfig.factory({
        data: { readiness: { refresh: { rateLimit: { requests: 100 } } } },
      }),
    );
    const authorized = permissions.authorize.mock.calls.length;
    const answering = Promise.all(
      Array.from({ length: 30 }, () =>
        request(server).post(refreshPath).set('Authorization', asAlice),
      ),
    );
    // The collection finishes only once every call passed its permission
    // check, the last step before it asks for the refresh.
    while (permissions.authorize.mock.calls.length < authorized + 30) {
      await new Promise(resolve => setTimeout(resolve, 10));
    }
    await new Promise(resolve => setTimeout(resolve, 50));
    release();
    const answers = await answering;
    expect(answers.map(res => res.status)).toEqual(Array(30).fill(200));
    expect(runs.count).toBe(1);
    // Once it is done, the next refresh collects again.
    await request(server)
      .post(refreshPath)
      .set('Authorization', asAlice)
      .expect(200);
    expect(runs.count).toBe(2);
  });

  it('answers a caller over its refresh limit with 429 and Retry-After, without collecting', async () => {
    const { runs, module } = countingCollector();
    const server = await startReadinessBackend(
      module,
      mockServices.rootConfig.factory({
        data: {
          readiness: {
            refresh: { rateLimit: { requests: 2, window: { minutes: 1 } } },
          },
        },
      }),
    );
    for (const _ of [1, 2]) {
      await request(server)
        .post(refreshPath)
        .set('Authorization', asAlice)
        .expect(200);
    }
    const refused = await request(server)
      .post(refreshPath)
      .set('Authorization', asAlice);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.body.error.message).toMatch(/^Too many refreshes/);
    expect(runs.count).toBe(2);
  });

  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'sends one notification per recipient and window for ten issue-and-lift toggles in a second, and what holds after it, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const send = jest.fn().mockResolvedValue(undefined);
      let clock = new Date('2026-12-03T12:00:00.000Z');
      const { service } = await createTestService(knex, {
        appConfig: {
          readiness: {
            notifications: {
              coalesceWindow: { minutes: 1 },
              recipients: { critical: ['group:default/sre'] },
            },
          },
        },
        notifications: { send },
        now: () => clock,
      });
      const tick = (ms: number) => {
        clock = new Date(clock.getTime() + ms);
      };
      const told = () =>
        send.mock.calls.map(([{ recipients, payload }]) => [
          payload.title,
          recipients.entityRef,
        ]);

      for (let toggle = 0; toggle < 10; toggle++) {
        await service.issueStopWork(claudeFlow, 'incident', 'user:default/a');
        tick(50);
        await service.liftStopWork(claudeFlow, 'resolved', 'user:default/a');
        tick(50);
      }
      expect(told()).toEqual([
        [
          'Stop work: claude-flow must not be deployed',
          ['group:default/orchestration-team', 'group:default/sre'],
        ],
      ]);
      // Every order and lift is still recorded.
      expect(await service.listStopWorkOrders(claudeFlow)).toHaveLength(10);

      // The first evaluation after the window tells what holds now: the
      // order was lifted last. A critical-only recipient is not told of lifts.
      tick(60_000);
      await service.evaluate(claudeFlow);
      expect(told()[1]).toEqual([
        'Stop work lifted: claude-flow',
        ['group:default/orchestration-team'],
      ]);
      await service.evaluate(claudeFlow);
      expect(told()).toHaveLength(2);

      // After a window, the next change is told at once; an order that
      // begins after a lift was told is never held back.
      tick(60_000);
      await service.issueStopWork(claudeFlow, 'again', 'user:default/a');
      tick(60_000);
      await service.liftStopWork(claudeFlow, 'done', 'user:default/a');
      tick(1_000);
      await service.issueStopWork(claudeFlow, 'third', 'user:default/a');
      tick(1_000);
      await service.liftStopWork(claudeFlow, 'fixed', 'user:default/a');
      tick(60_000);
      await service.evaluate(claudeFlow);
      expect(told().map(([title]) => title)).toEqual([
        'Stop work: claude-flow must not be deployed',
        'Stop work lifted: claude-flow',
        'Stop work: claude-flow must not be deployed',
        'Stop work lifted: claude-flow',
        'Stop work: claude-flow must not be deployed',
        'Stop work lifted: claude-flow',
      ]);
      await knex.destroy();
    },
  );
});
