import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { notificationService } from '@backstage/plugin-notifications-node';
import type { EntityHistory } from '@readiness/plugin-readiness-common';
import request from 'supertest';
import {
  asAlice,
  startReadinessTestBackend,
} from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const path = '/api/readiness/v1/entities/component/default/claude-flow';
const coverage = (runId: string, linePercent: number) => ({
  key: 'coverage',
  runId,
  value: { linePercent },
});
const build = (runId: string, compilationErrors: number) => ({
  key: 'build',
  runId,
  value: { succeeded: compilationErrors === 0, compilationErrors },
});

describe('an entity history you can read', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'records a check that went from pass to fail, with the evidence that moved it, and tells the owner once per window, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const send = jest.fn().mockResolvedValue(undefined);
      const { server } = await startReadinessTestBackend(
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: { readiness: { notifications: { coalesceWindow: 'PT1H' } } },
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send }),
        }),
      );
      const push = (body: object | object[]) =>
        request(server)
          .post(`${path}/evidence`)
          .set('Authorization', asAlice)
          .send(body)
          .expect(201);
      const history = async () =>
        (
          await request(server)
            .get(`${path}/history`)
            .set('Authorization', asAlice)
            .expect(200)
        ).body as EntityHistory;
      const regressionTitles = () =>
        send.mock.calls
          .map(([n]) => n.payload)
          .filter(p => p.topic === 'readiness-regression')
          .map(p => p.title);

      await push([build('1', 0), coverage('1', 91)]);
      expect((await history()).regressions).toEqual([]);

      await push(coverage('2', 62));
      const after = await history();
      expect(after.regressions).toHaveLength(1);
      expect(after.regressions[0]).toMatchObject({
        checkId: 'quality.coverage',
        from: 'pass',
        to: 'fail',
        evidence: [{ key: 'coverage', source: expect.any(String) }],
      });
      expect(after.regressions[0].summaryAfter).toContain('62');
      expect(after.items.length).toBeGreaterThanOrEqual(1);
      expect(after.currentTier).toEqual({
        tier: after.items[after.items.length - 1].tier,
        since: expect.any(String),
      });
      expect(regressionTitles()).toEqual([
        'claude-flow: Test coverage no longer passes',
      ]);
      const [notice] = send.mock.calls.find(
        ([n]) => n.payload.topic === 'readiness-regression',
      )!;
      expect(notice.recipients).toEqual({
        type: 'entity',
        entityRef: ['group:default/orchestration-team'],
      });

      // It flaps back and fails again within the window: recorded, not told again.
      await push(coverage('3', 91));
      await push(coverage('4', 50));
      expect((await history()).regressions).toHaveLength(2);
      expect(regressionTitles()).toHaveLength(1);

      // A blocker that regresses opens a stop-work order, whose notification
      // names it: recorded, and told once, by the order.
      await push(build('2', 97));
      const broken = await history();
      expect(broken.regressions[0]).toMatchObject({
        checkId: 'build.clean',
        evidence: [{ key: 'build' }],
      });
      expect(broken.regressions[0].summaryAfter).toContain('97');
      expect(regressionTitles()).toHaveLength(1);
      expect(send.mock.calls.map(([n]) => n.payload.title)).toContain(
        'Stop work: claude-flow must not be deployed',
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'cuts the scorecard trend by owner and by system, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { server } = await startReadinessTestBackend(
        mockServices.database.factory({ knex }),
      );
      for (const name of ['claude-flow', 'web-portal']) {
        await request(server)
          .post(`/api/readiness/v1/entities/component/default/${name}/evidence`)
          .set('Authorization', asAlice)
          .send(build('1', name === 'claude-flow' ? 97 : 0))
          .expect(201);
      }
      const trend = async (query: string) =>
        (
          await request(server)
            .get(`/api/readiness/v1/distribution/trend?days=7&${query}`)
            .set('Authorization', asAlice)
            .expect(200)
        ).body.items as Array<{
          day: string;
          counts: { total: number; stopWork: number };
        }>;

      const owned = await trend('owner=group:default/orchestration-team');
      expect(owned).toHaveLength(1);
      expect(owned[0].counts).toMatchObject({ total: 1, stopWork: 1 });
      expect(owned[0].day).toBe(new Date().toISOString().slice(0, 10));

      const system = await trend('system=system:default/agent-platform');
      expect(system[0].counts.total).toBe(2);

      expect(await trend('owner=group:default/nobody')).toEqual([]);
    },
  );
});
