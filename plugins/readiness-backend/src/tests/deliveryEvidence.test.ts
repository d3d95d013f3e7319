import { claudeFlow } from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { createTestService } from '../__testUtils__/testService';

const T0 = new Date('2026-11-24T10:00:00.000Z');
const ci = 'user:default/ci';
const hoursAgo = (hours: number) =>
  new Date(T0.getTime() - hours * 3_600_000).toISOString();

describe('deployment and incident evidence', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'adds each pushed deployment and incident to those recorded from the same source, and the report shows the DORA figures, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { service } = await createTestService(knex, { now: () => T0 });
      const deploy = (id: string, hours: number, runId = id) =>
        service.pushEvidence(
          claudeFlow,
          [
            {
              key: 'deployments',
              source: 'deploy',
              runId,
              value: {
                deployments: [
                  {
                    id,
                    deployedAt: hoursAgo(hours),
                    committedAt: hoursAgo(hours + 2),
                    succeeded: true,
                  },
                ],
              },
            },
          ],
          ci,
        );

      expect((await deploy('d1', 72)).delivery?.deploymentFrequency).toEqual({
        status: 'unknown',
        reason: 'successful deployments: 1 in 30 days; at least 3 needed',
        samples: 1,
      });
      await deploy('d2', 48);
      // The same run sent again changes nothing.
      await deploy('d2', 48);
      let report = await deploy('d3', 24);
      expect(report.delivery).toMatchObject({
        deploymentFrequency: { status: 'measured', samples: 3, value: 0.1 },
        leadTimeForChanges: { value: 2, doraClass: 'elite' },
        changeFailureRate: { value: 0, doraClass: 'elite' },
        timeToRestore: { status: 'unknown' },
      });

      // An incident opened, then resolved by a later push of its id; it
      // names d3, which becomes a change failure.
      const incident = (resolvedAt?: string) =>
        service.pushEvidence(
          claudeFlow,
          [
            {
              key: 'incidents',
              source: 'pager',
              value: {
                incidents: [
                  {
                    id: 'inc-7',
                    startedAt: hoursAgo(20),
                    deploymentId: 'd3',
                    ...(resolvedAt ? { resolvedAt } : {}),
                  },
                ],
              },
            },
          ],
          ci,
        );
      expect((await incident()).delivery?.timeToRestore.status).toBe('unknown');
      report = await incident(hoursAgo(17));
      expect(report.delivery).toMatchObject({
        changeFailureRate: { value: 33.33, doraClass: 'low' },
        timeToRestore: { value: 3, doraClass: 'high', samples: 1 },
      });
    },
  );
});
