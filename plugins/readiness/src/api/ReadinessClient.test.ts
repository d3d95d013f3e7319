import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { seedReport } from '../testing/seedReport';
import { ReadinessClient } from './ReadinessClient';

const baseUrl = 'http://localhost:7007/api/readiness';

describe('ReadinessClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new ReadinessClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: new MockFetchApi(),
  });
  const report = seedReport();

  it('gets the report of an entity, encoding each ref segment', async () => {
    let requested = '';
    server.use(
      http.get(
        `${baseUrl}/v1/entities/:kind/:namespace/:name`,
        ({ request }) => {
          requested = new URL(request.url).pathname;
          return HttpResponse.json(report);
        },
      ),
    );

    await expect(
      client.getReport('Component:default/legacy billing#1'),
    ).resolves.toEqual(report);
    expect(requested).toBe(
      '/api/readiness/v1/entities/component/default/legacy%20billing%231',
    );
  });

  it('fills in the derived facts of a report stored before they existed', async () => {
    const { noEvidence: _noEvidence, ...older } = report;
    server.use(
      http.get(`${baseUrl}/v1/entities/:kind/:namespace/:name`, () =>
        HttpResponse.json({
          ...older,
          tiers: report.tiers.map(({ passed: _passed, ...tier }) => tier),
          stopWork: { ...report.stopWork, blockersWithoutProgress: undefined },
        }),
      ),
    );

    await expect(
      client.getReport('component:default/legacy-billing'),
    ).resolves.toEqual(report);
  });

  it('shares one request between simultaneous reads of a report, and reads afresh after it settles', async () => {
    let requests = 0;
    server.use(
      http.get(`${baseUrl}/v1/entities/:kind/:namespace/:name`, () => {
        requests += 1;
        return HttpResponse.json(report);
      }),
    );

    const [card, banner, predicate] = await Promise.all([
      client.getReport('component:default/claude-flow'),
      client.getReport('component:default/claude-flow'),
      client.getReport('Component:default/claude-flow'),
    ]);
    expect([card, banner, predicate]).toEqual([report, report, report]);
    expect(requests).toBe(1);

    await client.getReport('component:default/claude-flow');
    await client.getReport('component:default/web-portal');
    expect(requests).toBe(3);
  });

  it('throws a ResponseError when the backend refuses', async () => {
    server.use(
      http.get(`${baseUrl}/v1/entities/:kind/:namespace/:name`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'no such entity' },
            request: { method: 'GET', url: '/' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );

    const error = await client
      .getReport('component:default/missing')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(404);
    expect(error.body.error.message).toBe('no such entity');
  });

  it('posts a refresh', async () => {
    server.use(
      http.post(
        `${baseUrl}/v1/entities/component/default/legacy-billing/refresh`,
        () => HttpResponse.json(report),
      ),
    );
    await expect(
      client.refresh('component:default/legacy-billing'),
    ).resolves.toMatchObject({ entityRef: report.entityRef });
  });

  it('lists summaries with the query in the search string', async () => {
    let search = '';
    server.use(
      http.get(`${baseUrl}/v1/summaries`, ({ request }) => {
        search = new URL(request.url).search;
        return HttpResponse.json({ items: [], totalCount: 0 });
      }),
    );
    await expect(
      client.getSummaries({ tier: 'none', stopWork: true, limit: 10 }),
    ).resolves.toEqual({ items: [], totalCount: 0 });
    expect(new URLSearchParams(search).get('tier')).toBe('none');
    expect(new URLSearchParams(search).get('stopWork')).toBe('true');
    expect(new URLSearchParams(search).get('limit')).toBe('10');
  });

  it('unwraps history, attestations and waivers', async () => {
    const path = `${baseUrl}/v1/entities/component/default/legacy-billing`;
    server.use(
      http.get(`${path}/history`, () =>
        HttpResponse.json({
          items: [
            {
              evaluatedAt: report.evaluatedAt,
              tier: null,
              score: 3,
              stopWork: true,
              risk: 'critical',
            },
          ],
        }),
      ),
      http.get(`${path}/attestations`, () => HttpResponse.json({ items: [] })),
      http.get(`${path}/waivers`, () =>
        HttpResponse.json({ items: [{ id: 'w-1' }] }),
      ),
      http.get(`${path}/stop-work`, () =>
        HttpResponse.json({ items: [{ id: '7', origin: 'manual' }] }),
      ),
    );
    const ref = 'component:default/legacy-billing';
    await expect(client.getHistory(ref)).resolves.toHaveLength(1);
    await expect(client.listAttestations(ref)).resolves.toEqual([]);
    await expect(client.listWaivers(ref)).resolves.toEqual([{ id: 'w-1' }]);
    await expect(client.listStopWorkOrders(ref)).resolves.toEqual([
      { id: '7', origin: 'manual' },
    ]);
  });

  it('asks the gate with minTier', async () => {
    server.use(
      http.get(
        `${baseUrl}/v1/entities/component/default/legacy-billing/gate`,
        ({ request }) =>
          HttpResponse.json({
            allowed: false,
            tier: null,
            minTier: new URL(request.url).searchParams.get('minTier'),
            reasons: ['stop-work order active'],
          }),
      ),
    );
    await expect(
      client.getGate('component:default/legacy-billing', 'production'),
    ).resolves.toMatchObject({ allowed: false, minTier: 'production' });
  });

  it('issues and lifts a manual stop-work order with a reason', async () => {
    const bodies: Array<{ method: string; body: unknown }> = [];
    const path = `${baseUrl}/v1/entities/component/default/legacy-billing/stop-work`;
    server.use(
      http.post(path, async ({ request }) => {
        bodies.push({ method: 'POST', body: await request.json() });
        return HttpResponse.json(report, { status: 201 });
      }),
      http.delete(path, async ({ request }) => {
        bodies.push({ method: 'DELETE', body: await request.json() });
        return HttpResponse.json(report);
      }),
    );
    const ref = 'component:default/legacy-billing';
    await client.issueStopWork(ref, 'incident 42');
    await client.liftStopWork(ref, 'fixed');
    expect(bodies).toEqual([
      { method: 'POST', body: { reason: 'incident 42' } },
      { method: 'DELETE', body: { reason: 'fixed' } },
    ]);
  });

  it('batches summaries by refs in one POST and reads roll-ups and the trend', async () => {
    let body: unknown;
    server.use(
      http.post(`${baseUrl}/v1/summaries/by-refs`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ items: [] });
      }),
      http.get(`${baseUrl}/v1/rollups`, ({ request }) =>
        HttpResponse.json({
          items: [{ by: new URL(request.url).searchParams.get('by') }],
        }),
      ),
      http.get(`${baseUrl}/v1/distribution/trend`, ({ request }) =>
        HttpResponse.json({
          items: [{ days: new URL(request.url).searchParams.get('days') }],
        }),
      ),
      http.get(`${baseUrl}/v1/entities/system/default/payments/rollup`, () =>
        HttpResponse.json({
          rollup: { entityRef: 'system:default/payments' },
          holdingBack: [],
        }),
      ),
    );
    await client.getSummariesByRefs([
      'component:default/a',
      'component:default/b',
    ]);
    expect(body).toEqual({
      entityRefs: ['component:default/a', 'component:default/b'],
    });
    await expect(client.getSummariesByRefs([])).resolves.toEqual([]);
    await expect(client.getRollups('owner')).resolves.toEqual([
      { by: 'owner' },
    ]);
    await expect(client.getDistributionTrend(30)).resolves.toEqual([
      { days: '30' },
    ]);
    await expect(
      client.getEntityRollup('system:default/payments'),
    ).resolves.toMatchObject({
      rollup: { entityRef: 'system:default/payments' },
    });
  });
});
