import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Tier } from '@readiness/plugin-readiness-common';
import express from 'express';
import type { Knex } from 'knex';
import request from 'supertest';
import { entity, report, save, T0 } from '../__testUtils__/storeFixtures';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  createCampaignStore,
  createFollowUpStore,
  DatabaseReadinessStore,
  type ReadinessStore,
} from '../database';
import { createCampaignRouter } from './campaignRouter';
import { createCampaigns } from './campaigns';

jest.setTimeout(60_000);

const DAY = 24 * 60 * 60 * 1000;
const deadline = new Date(T0.getTime() + 30 * DAY);
const team = 'group:default/team-a';
const other = 'group:default/team-b';

/** name, lifecycle, owner, tier */
const fleet: Array<[string, string, string, Tier | null]> = [
  ['payments', 'production', team, 'enterprise'],
  ['inventory', 'production', team, 'production'],
  ['claude-flow', 'production', team, null],
  ['search', 'production', other, 'mvs'],
  ['sandbox', 'experimental', other, null],
];

const catalogEntities: Entity[] = fleet.map(([name, lifecycle, owner]) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle, owner },
}));

const prodReady = {
  id: 'prod-ready',
  title: 'All production services at Production Ready',
  targetTier: 'production' as const,
  appliesTo: { 'spec.lifecycle': 'production' },
  deadline: deadline.toISOString(),
  owner: team,
};

describe('campaigns', () => {
  const databases = createTestDatabases();
  let knex: Knex | undefined;

  afterEach(async () => {
    await knex?.destroy();
    knex = undefined;
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let store: ReadinessStore;

    async function seed() {
      knex = await databases.init(databaseId);
      store = await DatabaseReadinessStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      for (const [name, lifecycle, owner, tier] of fleet) {
        const e = entity(name, { owner, lifecycle });
        await save(store, {
          entity: e,
          report: report(e.entityRef, { tier }),
          now: T0,
        });
      }
    }

    /** A fresh service over the same database, as after a restart. */
    function start(now: () => Date = () => T0) {
      const send = jest.fn(async () => {});
      const campaigns = createCampaigns({
        campaigns: createCampaignStore(knex!),
        store,
        claims: createFollowUpStore(knex!),
        catalog: catalogServiceMock({ entities: catalogEntities }),
        auth: mockServices.auth(),
        notifications: { send } as any,
        logger: mockServices.logger.mock(),
        config: { reminderDaysBefore: [3, 14] },
        now,
      });
      return { campaigns, send };
    }

    function app(
      campaigns: ReturnType<typeof start>['campaigns'],
      options: { permission?: AuthorizeResult; readable?: string[] } = {},
    ) {
      const permissions = mockServices.permissions.mock({
        authorize: jest.fn(async requests =>
          requests.map(() => ({
            result: options.permission ?? AuthorizeResult.ALLOW,
          })),
        ) as any,
      });
      const router = createCampaignRouter({
        httpAuth: mockServices.httpAuth(),
        permissions,
        auditor: mockServices.auditor.mock(),
        campaigns,
        summaries: { readableEntityRefs: async () => options.readable },
      });
      return {
        app: express().use(router).use(mockErrorHandler()),
        permissions,
      };
    }

    it('creates, lists with progress, reads and archives a campaign; create and archive need readiness.campaign.manage', async () => {
      await seed();
      const { campaigns } = start();
      const denied = app(campaigns, { permission: AuthorizeResult.DENY });
      const alice = mockCredentials.user.header('user:default/alice');
      await request(denied.app)
        .post('/v1/campaigns')
        .set('Authorization', alice)
        .send(prodReady)
        .expect(403);
      expect(denied.permissions.authorize).toHaveBeenCalledWith(
        [
          {
            permission: expect.objectContaining({
              name: 'readiness.campaign.manage',
            }),
          },
        ],
        expect.anything(),
      );

      const allowed = app(campaigns);
      const created = await request(allowed.app)
        .post('/v1/campaigns')
        .set('Authorization', alice)
        .send(prodReady)
        .expect(201);
      expect(created.body).toMatchObject({
        ...prodReady,
        createdBy: 'user:default/alice',
        createdAt: T0.toISOString(),
      });
      await request(allowed.app)
        .post('/v1/campaigns')
        .set('Authorization', alice)
        .send(prodReady)
        .expect(409);
      const bad = await request(allowed.app)
        .post('/v1/campaigns')
        .set('Authorization', alice)
        .send({ ...prodReady, id: 'past', deadline: '2020-01-01T00:00:00Z' })
        .expect(400);
      expect(bad.body.error.message).toContain('deadline');

      // A guest who may read everything sees the whole campaign.
      const list = await request(denied.app)
        .get('/v1/campaigns')
        .set('Authorization', alice)
        .expect(200);
      expect(list.body.items).toHaveLength(1);
      expect(list.body.items[0]).toMatchObject({
        campaign: { id: 'prod-ready' },
        total: 4,
        atTarget: 2,
        share: 0.5,
        notAtTarget: [
          {
            entityRef: 'component:default/claude-flow',
            owner: team,
            tier: null,
            checks: [],
          },
          {
            entityRef: 'component:default/search',
            owner: other,
            tier: 'mvs',
            checks: [],
          },
        ],
      });

      await request(denied.app)
        .delete('/v1/campaigns/prod-ready')
        .set('Authorization', alice)
        .expect(403);
      await request(allowed.app)
        .delete('/v1/campaigns/prod-ready')
        .set('Authorization', alice)
        .expect(204);
      await request(allowed.app)
        .delete('/v1/campaigns/prod-ready')
        .set('Authorization', alice)
        .expect(404);
      await request(allowed.app)
        .get('/v1/campaigns/prod-ready')
        .set('Authorization', alice)
        .expect(404);
      expect(
        (
          await request(allowed.app)
            .get('/v1/campaigns')
            .set('Authorization', alice)
        ).body.items,
      ).toEqual([]);
    });

    it('counts only the entities the caller may read', async () => {
      await seed();
      const { campaigns } = start();
      await campaigns.create(prodReady, 'user:default/alice');
      const { app: limited } = app(campaigns, {
        readable: ['component:default/payments', 'component:default/search'],
      });
      const res = await request(limited)
        .get('/v1/campaigns/prod-ready')
        .set('Authorization', mockCredentials.user.header())
        .expect(200);
      expect(res.body).toMatchObject({ total: 2, atTarget: 1, share: 0.5 });
      expect(res.body.notAtTarget.map((e: any) => e.entityRef)).toEqual([
        'component:default/search',
      ]);
    });

    it('measures a set of checks from the stored reports', async () => {
      await seed();
      const { campaigns } = start();
      await campaigns.create(
        {
          ...prodReady,
          id: 'clean-builds',
          targetTier: undefined,
          checks: ['build.clean'],
          appliesTo: { 'spec.owner': other },
        },
        'user:default/alice',
      );
      const e = entity('search', { owner: other, lifecycle: 'production' });
      await save(store, {
        entity: e,
        report: report(e.entityRef, { tier: null, stopWork: true }),
        now: new Date(T0.getTime() + 1000),
      });
      const progress = await campaigns.get('clean-builds', undefined);
      expect(progress).toMatchObject({ total: 2, atTarget: 1 });
      expect(progress.notAtTarget).toEqual([
        expect.objectContaining({
          entityRef: 'component:default/search',
          checks: [{ id: 'build.clean', status: 'fail' }],
        }),
      ]);
    });

    it('promotes the checks of a promoting campaign into its tier from its deadline, until it is archived', async () => {
      await seed();
      const { campaigns } = start();
      expect(await campaigns.promote({})).toEqual({});
      await campaigns.create(
        {
          ...prodReady,
          id: 'on-call-for-production',
          checks: ['operations.on-call'],
          promote: true,
        },
        'user:default/alice',
      );
      expect(await campaigns.promote({})).toEqual({
        checks: {
          'operations.on-call': {
            tier: 'production',
            effectiveFrom: deadline.toISOString(),
          },
        },
      });
      await campaigns.archive('on-call-for-production');
      expect(await campaigns.promote({})).toEqual({});
    });

    it('snapshots once a day and reminds each owner once per lead time, across restarts', async () => {
      await seed();
      await start().campaigns.create(prodReady, 'user:default/alice');

      // 20 days before: a snapshot, no reminder yet.
      let at = new Date(deadline.getTime() - 20 * DAY);
      let run = start(() => at);
      await run.campaigns.run(at);
      expect(run.send).not.toHaveBeenCalled();

      // 14 days before: both owners are told, once, even when run twice
      // and by a restarted instance.
      at = new Date(deadline.getTime() - 14 * DAY);
      run = start(() => at);
      await run.campaigns.run(at);
      await run.campaigns.run(new Date(at.getTime() + 3_600_000));
      const restarted = start(() => at);
      await restarted.campaigns.run(new Date(at.getTime() + 7_200_000));
      expect(restarted.send).not.toHaveBeenCalled();
      expect(run.send).toHaveBeenCalledTimes(2);
      expect(
        run.send.mock.calls.map(([call]: any) => call.recipients.entityRef),
      ).toEqual([[team], [other]]);
      expect((run.send.mock.calls[0] as any)[0].payload).toMatchObject({
        title: expect.stringContaining('1 of yours not at target'),
        description: 'Not at target yet: claude-flow.',
        topic: 'readiness-campaign',
      });

      // 3 days before: the next period, after another restart.
      at = new Date(deadline.getTime() - 3 * DAY);
      run = start(() => at);
      await run.campaigns.run(at);
      expect(run.send).toHaveBeenCalledTimes(2);
      const again = start(() => at);
      await again.campaigns.run(at);
      expect(again.send).not.toHaveBeenCalled();

      // After the deadline: no more reminders.
      at = new Date(deadline.getTime() + 2 * DAY);
      run = start(() => at);
      await run.campaigns.run(at);
      expect(run.send).not.toHaveBeenCalled();

      // One snapshot per day run, none past the day after the deadline.
      const { trend } = await start(() => at).campaigns.get(
        'prod-ready',
        undefined,
      );
      expect(trend).toEqual([
        {
          day: new Date(deadline.getTime() - 20 * DAY)
            .toISOString()
            .slice(0, 10),
          total: 4,
          atTarget: 2,
        },
        {
          day: new Date(deadline.getTime() - 14 * DAY)
            .toISOString()
            .slice(0, 10),
          total: 4,
          atTarget: 2,
        },
        {
          day: new Date(deadline.getTime() - 3 * DAY)
            .toISOString()
            .slice(0, 10),
          total: 4,
          atTarget: 2,
        },
      ]);
    });
  });
});
