import { InputError } from '@backstage/errors';
import { createMockCollector } from '@readiness/plugin-readiness-node/testUtils';
import { claudeFlow } from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { createTestService } from '../__testUtils__/testService';

const T0 = new Date('2026-11-24T10:00:00.000Z');
const ci = 'user:default/ci';
const mallory = 'user:default/mallory';

function build(succeeded: boolean) {
  return {
    key: 'build' as const,
    source: 'ci',
    value: { succeeded, compilationErrors: succeeded ? 0 : 3 },
  };
}

describe('evidence dated into the future', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'refuses an observedAt past the allowed skew, a staleAfter or waiver past its bound, and keeps the honest failure, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { service } = await createTestService(knex, {
        appConfig: {
          readiness: { collection: { maxClockSkew: { minutes: 2 } } },
        },
        now: () => T0,
      });
      const status = (report: { checks: { id: string; status: string }[] }) =>
        report.checks.find(check => check.id === 'build.clean')!.status;

      expect(
        status(await service.pushEvidence(claudeFlow, [build(false)], ci)),
      ).toBe('fail');
      const future = service.pushEvidence(
        claudeFlow,
        [{ ...build(true), observedAt: '2099-01-01T00:00:00.000Z' }],
        ci,
      );
      await expect(future).rejects.toThrow(InputError);
      await expect(future).rejects.toThrow(/^observedAt: must not be later/);
      // One item of many is named by its place in the array.
      await expect(
        service.pushEvidence(
          claudeFlow,
          [
            build(true),
            { ...build(true), staleAfter: '2099-01-01T00:00:00.000Z' },
          ],
          ci,
        ),
      ).rejects.toThrow(/^\[1\]\.staleAfter: must not be later/);
      expect(status((await service.getStoredReport(claudeFlow))!)).toBe('fail');
      // Deployments and incidents are bounded by the same clock.
      await expect(
        service.pushEvidence(
          claudeFlow,
          [
            {
              key: 'deployments',
              value: {
                deployments: [
                  { deployedAt: T0.toISOString(), succeeded: true },
                  { deployedAt: '2099-01-01T00:00:00.000Z', succeeded: true },
                ],
              },
            },
          ],
          ci,
        ),
      ).rejects.toThrow(
        /^value\.deployments\[1\]\.deployedAt: must not be later/,
      );
      await expect(
        service.pushEvidence(
          claudeFlow,
          [
            build(true),
            {
              key: 'incidents',
              value: {
                incidents: [
                  {
                    startedAt: T0.toISOString(),
                    resolvedAt: '2099-01-01T00:00:00.000Z',
                  },
                ],
              },
            },
          ],
          ci,
        ),
      ).rejects.toThrow(
        /^\[1\]\.value\.incidents\[0\]\.resolvedAt: must not be later/,
      );

      // Within the skew, a CI clock a minute ahead is accepted.
      const ahead = new Date(T0.getTime() + 60_000).toISOString();
      expect(
        status(
          await service.pushEvidence(
            claudeFlow,
            [{ ...build(true), observedAt: ahead }],
            ci,
          ),
        ),
      ).toBe('pass');

      await expect(
        service.waivers.request(
          claudeFlow,
          {
            checkId: 'build.clean',
            reason: 'forever',
            owner: 'team-a',
            expiresAt: '2099-01-01T00:00:00.000Z',
          },
          ci,
          { canApprove: true },
        ),
      ).rejects.toThrow(/^expiresAt: must not be later/);
      const month = new Date(T0.getTime() + 30 * 86_400_000).toISOString();
      await expect(
        service.waivers.request(
          claudeFlow,
          {
            checkId: 'build.clean',
            reason: 'a month',
            owner: 'team-a',
            expiresAt: month,
          },
          ci,
          { canApprove: true },
        ),
      ).resolves.toMatchObject({ expiresAt: month });
    },
  );

  it.each(databases.eachSupportedId())(
    'orders by receipt and lets no push mask the collector: a 2099 pass cannot keep the pipeline passing, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      let clock = T0;
      // What the collector finds; nothing until it first sees the pipeline.
      let collectorSees: boolean | undefined = undefined;
      const collector = createMockCollector({
        id: 'github',
        evidenceKeys: ['pipeline'],
        evidence: async (_entity, ctx) =>
          collectorSees === undefined
            ? []
            : [
                {
                  key: 'pipeline',
                  value: { exists: true, latestRunSucceeded: collectorSees },
                  observedAt: ctx.now.toISOString(),
                  staleAfter: new Date(
                    ctx.now.getTime() + 86_400_000,
                  ).toISOString(),
                },
              ],
      });
      const { store, service } = await createTestService(knex, {
        collectors: [collector],
        now: () => clock,
      });
      const pipeline = (succeeded: boolean, observedAt: string) => ({
        key: 'pipeline' as const,
        source: 'ci',
        value: { exists: true, latestRunSucceeded: succeeded },
        observedAt,
      });
      const verdict = (report: {
        checks: { id: string; status: string }[];
        stopWork: { active: boolean };
      }) => [
        report.checks.find(check => check.id === 'delivery.pipeline')!.status,
        report.stopWork.active,
      ];
      const hoursLater = (hours: number) =>
        new Date(T0.getTime() + hours * 3_600_000);

      // A pass dated 2099, stored before the skew bound existed (the route
      // now refuses it): as a row it is only as new as its receipt.
      await store.upsertEvidence(
        'component:default/claude-flow',
        [
          {
            ...pipeline(true, '2099-01-01T00:00:00.000Z'),
            pushed: true,
            staleAfter: hoursLater(24 * 30).toISOString(),
          },
        ],
        { now: T0, actor: mallory },
      );
      expect(verdict(await service.evaluate(claudeFlow))).toEqual([
        'pass',
        false,
      ]);

      /** Pushes the pipeline's result at `hours` after T0; the verdict. */
      const push = async (
        hours: number,
        succeeded: boolean,
        observedAt: Date,
        actor: string,
      ) => {
        clock = hoursLater(hours);
        return verdict(
          await service.pushEvidence(
            claudeFlow,
            [pipeline(succeeded, observedAt.toISOString())],
            actor,
          ),
        );
      };

      // The honest CI run started earlier than it is pushed: its older
      // observedAt still replaces the spoofed pass, because it came later.
      expect(await push(1, false, hoursLater(0.5), ci)).toEqual(['fail', true]);

      // A new passing push counts while no collector has seen the pipeline...
      expect(await push(2, true, hoursLater(2), mallory)).toEqual([
        'pass',
        false,
      ]);
      // ...but what the collector sees outranks every push of the key,
      // however recent.
      collectorSees = false;
      clock = hoursLater(3);
      expect(verdict(await service.refresh(claudeFlow))).toEqual([
        'fail',
        true,
      ]);
      expect(await push(4, true, hoursLater(4), mallory)).toEqual([
        'fail',
        true,
      ]);

      // A push may not take the collector's source name to overwrite it.
      await expect(
        service.pushEvidence(
          claudeFlow,
          [{ ...pipeline(true, clock.toISOString()), source: 'github' }],
          mallory,
        ),
      ).rejects.toThrow(/^source: 'github' is a collector's/);
      expect(verdict((await service.getStoredReport(claudeFlow))!)).toEqual([
        'fail',
        true,
      ]);
    },
  );
});
