import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { claudeFlow } from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseReadinessStore } from '../database';
import { createReadinessService, readBackendConfig } from '../service';

const T0 = new Date('2026-11-24T10:00:00.000Z');
const ci = 'user:default/ci';

function build(succeeded: boolean) {
  return {
    key: 'build' as const,
    source: 'github-actions',
    value: { succeeded, compilationErrors: succeeded ? 0 : 3 },
  };
}

describe('evidence dated into the future', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'refuses an observedAt past the allowed skew, a staleAfter or waiver past its bound, and keeps the honest failure, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseReadinessStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const service = createReadinessService({
        store,
        catalog: catalogServiceMock({ entities: [claudeFlow] }),
        auth: mockServices.auth(),
        collectors: () => [],
        config: readBackendConfig(
          new ConfigReader({
            readiness: { collection: { maxClockSkew: { minutes: 2 } } },
          }),
        ),
        logger: mockServices.logger.mock(),
        cache: mockServices.cache.mock(),
        urlReader: mockServices.urlReader.mock(),
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
        service.addWaiver(
          claudeFlow,
          {
            checkId: 'build.clean',
            reason: 'forever',
            owner: 'team-a',
            expiresAt: '2099-01-01T00:00:00.000Z',
          },
          ci,
        ),
      ).rejects.toThrow(/^expiresAt: must not be later/);
      const month = new Date(T0.getTime() + 30 * 86_400_000).toISOString();
      await expect(
        service.addWaiver(
          claudeFlow,
          {
            checkId: 'build.clean',
            reason: 'a month',
            owner: 'team-a',
            expiresAt: month,
          },
          ci,
        ),
      ).resolves.toMatchObject({ expiresAt: month });
    },
  );
});
