import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  evaluateReadiness,
  readinessStopWorkManagePermission,
} from '@readiness/plugin-readiness-common';
import express from 'express';
import request from 'supertest';
import type { StopWorkOrderRecord } from '../database';
import type { ReadinessService } from './ReadinessService';
import { createRouter } from './router';
import type { SummaryService } from './SummaryService';
import type { WaiverWorkflow } from './WaiverWorkflow';

const T0 = new Date('2026-11-24T10:00:00.000Z');
const path = '/v1/entities/component/default/claude-flow';
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'claude-flow', namespace: 'default' },
  spec: { owner: 'team' },
};
const report = evaluateReadiness({
  entityRef: 'component:default/claude-flow',
  evidence: [],
  now: T0.toISOString(),
});
const alice = 'user:default/alice';

/**
 * The router over service fakes: what it asks of the services and what it
 * answers, without a database or a catalog.
 */
async function setup(
  options: {
    service?: Partial<ReadinessService>;
    summaries?: Partial<SummaryService>;
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    badges?: boolean;
    requiredTiers?: Record<string, 'mvs' | 'production' | 'enterprise'>;
  } = {},
) {
  const service = {
    getEntity: jest.fn(async ref => {
      if (typeof ref !== 'string' && ref.name === 'claude-flow') {
        return entity;
      }
      throw new NotFoundError('No such entity');
    }),
    getReport: jest.fn(async () => report),
    getStoredReport: jest.fn(async () => undefined),
    ...options.service,
  } as unknown as jest.Mocked<ReadinessService>;
  const summaries = {
    readableEntityRefs: jest.fn(async () => undefined),
    ...options.summaries,
  } as unknown as jest.Mocked<SummaryService>;
  const permissions = mockServices.permissions.mock({
    authorize: jest.fn(async requests =>
      requests.map(() => ({
        result: options.permission ?? AuthorizeResult.ALLOW,
      })),
    ) as any,
  });
  const badgeCredentials = mockCredentials.service('plugin:readiness');
  const router = await createRouter({
    httpAuth: mockServices.httpAuth(),
    permissions,
    auditor: mockServices.auditor.mock(),
    service,
    summaries,
    rollups: {} as any,
    requiredTiers: options.requiredTiers,
    badges: options.badges
      ? { credentials: async () => badgeCredentials, kinds: ['Component'] }
      : undefined,
    now: () => T0,
  });
  const app = express().use(router).use(mockErrorHandler());
  return { app, service, summaries, permissions, badgeCredentials };
}

describe('createRouter', () => {
  it('looks the entity up by its parts with the caller credentials, and answers 404 for an unknown one', async () => {
    const { app, service } = await setup();
    const res = await request(app)
      .get(path)
      .set('Authorization', mockCredentials.user.header(alice));
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/claude-flow');
    expect(service.getEntity).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'claude-flow' },
      mockCredentials.user(alice),
    );

    const missing = await request(app).get(
      '/v1/entities/component/default/nope',
    );
    expect(missing.status).toBe(404);
  });

  it('acts for the caller: a user by entity ref, a service by subject', async () => {
    const issueStopWork = jest.fn(async () => report);
    const { app } = await setup({ service: { issueStopWork } });
    await request(app)
      .post(`${path}/stop-work`)
      .set('Authorization', mockCredentials.user.header(alice))
      .send({ reason: 'incident review' })
      .expect(201);
    await request(app)
      .post(`${path}/stop-work`)
      .set('Authorization', mockCredentials.service.header())
      .send({ reason: 'pipeline' })
      .expect(201);
    expect(issueStopWork.mock.calls).toEqual([
      [entity, 'incident review', alice],
      [entity, 'pipeline', mockCredentials.service().principal.subject],
    ]);
  });

  it('refuses a mutation without its permission, naming it, before the service acts', async () => {
    const issueStopWork = jest.fn(async () => report);
    const { app, permissions } = await setup({
      service: { issueStopWork },
      permission: AuthorizeResult.DENY,
    });
    const res = await request(app)
      .post(`${path}/stop-work`)
      .send({ reason: 'incident review' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      readinessStopWorkManagePermission.name,
    );
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: readinessStopWorkManagePermission,
          resourceRef: 'component:default/claude-flow',
        },
      ],
      expect.anything(),
    );
    expect(issueStopWork).not.toHaveBeenCalled();
  });

  it('takes attestations and waivers only with an expiry in the future', async () => {
    const addAttestation = jest.fn();
    const addWaiver = jest.fn();
    const { app } = await setup({
      service: {
        addAttestation,
        waivers: { request: addWaiver } as unknown as WaiverWorkflow,
      },
    });
    const attestation = {
      kind: 'compliance',
      summary: 'SOC 2 type II',
      evidenceLink: 'https://example.com/soc2',
      expiresAt: T0.toISOString(),
    };
    const past = await request(app)
      .post(`${path}/attestations`)
      .send(attestation);
    expect(past.status).toBe(400);
    expect(past.body.error.message).toBe('expiresAt: must be in the future');
    const waiver = await request(app).post(`${path}/waivers`).send({
      checkId: 'quality.coverage',
      reason: 'legacy code',
      owner: 'group:default/team',
      expiresAt: '2026-11-01T00:00:00.000Z',
    });
    expect(waiver.status).toBe(400);
    expect(waiver.body.error.message).toBe('expiresAt: must be in the future');
    expect(addAttestation).not.toHaveBeenCalled();
    expect(addWaiver).not.toHaveBeenCalled();
  });

  it('answers 404 when there is nothing active to revoke or lift, 204 or the report when there is', async () => {
    const revokeAttestation = jest.fn(async (_e, id: string) => id === 'a1');
    const revokeWaiver = jest.fn(async (_e, id: string) => {
      throw new NotFoundError(
        `No waiver ${id} for component:default/claude-flow`,
      );
    });
    const liftStopWork = jest
      .fn()
      .mockResolvedValueOnce(undefined)
      .mockResolvedValueOnce(report);
    const { app } = await setup({
      service: {
        revokeAttestation,
        waivers: { revoke: revokeWaiver } as unknown as WaiverWorkflow,
        liftStopWork,
      },
    });
    await request(app).delete(`${path}/attestations/a1`).expect(204);
    const gone = await request(app).delete(`${path}/attestations/a2`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toBe(
      'No active attestation a2 for component:default/claude-flow',
    );
    await request(app).delete(`${path}/waivers/w1`).expect(404);

    const none = await request(app)
      .delete(`${path}/stop-work`)
      .send({ reason: 'fixed' });
    expect(none.status).toBe(404);
    const lifted = await request(app)
      .delete(`${path}/stop-work`)
      .send({ reason: 'fixed' });
    expect(lifted.status).toBe(200);
    expect(lifted.body.entityRef).toBe(report.entityRef);
  });

  it('lists stop-work orders without the notification bookkeeping', async () => {
    const order: StopWorkOrderRecord = {
      id: '7',
      entityRef: 'component:default/claude-flow',
      origin: 'manual',
      reason: 'incident review',
      issuedBy: alice,
      beganAt: T0.toISOString(),
      blockers: [],
      countsAtStart: {},
      beganNotifiedAt: T0.toISOString(),
      liftedNotifiedAt: T0.toISOString(),
    };
    const { app } = await setup({
      service: { listStopWorkOrders: jest.fn(async () => [order]) },
    });
    const res = await request(app).get(`${path}/stop-work`).expect(200);
    expect(res.body).toEqual({
      items: [
        {
          id: '7',
          origin: 'manual',
          reason: 'incident review',
          issuedBy: alice,
          beganAt: T0.toISOString(),
          blockers: [],
          countsAtStart: {},
        },
      ],
    });
  });

  it('gates on the report for the asked tier, and refuses an unknown tier', async () => {
    const { app } = await setup();
    const res = await request(app).get(`${path}/gate?minTier=mvs`).expect(200);
    expect(res.body).toMatchObject({ allowed: false, tier: null });
    expect((await request(app).get(`${path}/gate?minTier=gold`)).status).toBe(
      400,
    );
  });

  it("gates by default on the tier the entity's lifecycle requires, else mvs", async () => {
    const production = {
      ...entity,
      spec: { ...entity.spec, lifecycle: 'production' },
    };
    const passingMvs = {
      ...report,
      tier: 'mvs' as const,
      stopWork: { ...report.stopWork, active: false },
      checks: [],
    };
    const { app } = await setup({
      service: {
        getEntity: jest.fn(async () => production),
        getReport: jest.fn(async () => passingMvs),
      },
      requiredTiers: { production: 'production' },
    });
    const required = await request(app).get(`${path}/gate`).expect(200);
    expect(required.body).toMatchObject({
      allowed: false,
      minTier: 'production',
      reasons: ['tier mvs does not reach required tier production'],
    });
    const asked = await request(app).get(`${path}/gate?minTier=mvs`);
    expect(asked.body).toMatchObject({ allowed: true, minTier: 'mvs' });

    const { app: unconfigured } = await setup({
      service: {
        getEntity: jest.fn(async () => production),
        getReport: jest.fn(async () => passingMvs),
      },
    });
    const fallback = await request(unconfigured).get(`${path}/gate`);
    expect(fallback.body).toMatchObject({ allowed: true, minTier: 'mvs' });
  });

  it('reads summaries and the distribution through the summary service, for the caller', async () => {
    const listSummariesByRefs = jest.fn(async () => []);
    const getDistribution = jest.fn(async () => ({}) as any);
    const { app } = await setup({
      summaries: { listSummariesByRefs, getDistribution },
    });
    await request(app)
      .post('/v1/summaries/by-refs')
      .set('Authorization', mockCredentials.user.header(alice))
      .send({ entityRefs: ['component:default/claude-flow'] })
      .expect(200, { items: [] });
    expect(listSummariesByRefs).toHaveBeenCalledWith(
      ['component:default/claude-flow'],
      mockCredentials.user(alice),
    );
    await request(app).get('/v1/distribution').expect(200);
    expect(getDistribution).toHaveBeenCalledWith(mockCredentials.user());
    const bad = await request(app)
      .post('/v1/summaries/by-refs')
      .send({ entityRefs: 'component:default/claude-flow' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('entityRefs');
  });

  it('serves the badge from the stored report only, reading with its own credentials', async () => {
    const { app, service, badgeCredentials } = await setup({
      badges: true,
      service: { getStoredReport: jest.fn(async () => report) },
    });
    const res = await request(app).get(`${path}/badge.svg`).buffer(true);
    expect(res.status).toBe(200);
    expect(Buffer.from(res.body).toString('utf8')).toContain(
      'aria-label="readiness: no tier"',
    );
    expect(service.getEntity).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'claude-flow' },
      badgeCredentials,
    );
    expect(service.getStoredReport).toHaveBeenCalledWith(entity);
    expect(service.getReport).not.toHaveBeenCalled();
  });

  it('answers one 404 for an entity not evaluated, not in the catalog, or of a kind without badges', async () => {
    const { app, service } = await setup({ badges: true });
    const answers = [];
    for (const url of [
      `${path}/badge.svg`,
      '/v1/entities/component/default/missing/badge.svg',
      '/v1/entities/user/default/claude-flow/badge.svg',
    ]) {
      const res = await request(app).get(url).buffer(true);
      answers.push([
        res.status,
        res.headers['content-type'],
        Buffer.from(res.body).toString('utf8'),
      ]);
    }
    expect(answers[0]).toEqual([
      404,
      'image/svg+xml; charset=utf-8',
      expect.stringContaining('aria-label="readiness: unknown"'),
    ]);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    // A kind without badges is refused before the catalog is read.
    expect(service.getEntity).toHaveBeenCalledTimes(2);
  });
});
