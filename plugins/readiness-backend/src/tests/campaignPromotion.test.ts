import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createCampaignStore,
  createFollowUpStore,
  DatabaseReadinessStore,
} from '../database';
import { createCampaigns } from '../service';
import { claudeFlow } from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { createTestService } from '../__testUtils__/testService';

jest.setTimeout(60_000);

const T0 = new Date('2026-12-03T10:00:00.000Z');
const deadline = '2027-01-02T00:00:00.000Z';

describe('a promoting campaign in evaluation', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'puts its checks in its tier, upcoming until the deadline and counting after it, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      let clock = T0;
      const store = await DatabaseReadinessStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const campaigns = createCampaigns({
        campaigns: createCampaignStore(knex),
        store,
        claims: createFollowUpStore(knex),
        catalog: catalogServiceMock({ entities: [claudeFlow] }),
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        config: { reminderDaysBefore: [14, 3] },
        now: () => clock,
      });
      const { service } = await createTestService(knex, {
        now: () => clock,
        currentEngine: engine => campaigns.promote(engine),
      });
      const onCall = async () =>
        (await service.refresh(claudeFlow)).checks.find(
          c => c.id === 'operations.on-call',
        );

      expect(await onCall()).toMatchObject({ tier: 'enterprise' });

      await campaigns.create(
        {
          id: 'on-call-everywhere',
          title: 'On-call for every production service',
          targetTier: 'production',
          checks: ['operations.on-call'],
          appliesTo: { 'spec.lifecycle': 'production' },
          deadline,
          owner: 'group:default/platform-team',
          promote: true,
        },
        'user:default/alice',
      );
      expect(await onCall()).toMatchObject({
        tier: 'production',
        severity: 'major',
        effectiveFrom: deadline,
        upcoming: true,
      });

      clock = new Date('2027-01-02T10:00:00.000Z');
      const after = await onCall();
      expect(after).toMatchObject({ tier: 'production' });
      expect(after?.upcoming).toBeUndefined();
    },
  );
});
