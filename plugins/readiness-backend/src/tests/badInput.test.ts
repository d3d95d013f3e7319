import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import fc from 'fast-check';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupServer } from 'msw/node';
import request from 'supertest';
import type { Knex } from 'knex';
import {
  invokePaths,
  registeredActions,
  routeTable,
} from '../__testUtils__/routeTable';
import { readinessPlugin } from '../plugin';

/** Within the longest waiver the backend accepts (maxWaiverDuration). */
const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString();

jest.setTimeout(120_000);

const claudeFlow: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'claude-flow', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team' },
};
const agentPlatform: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'agent-platform', namespace: 'default' },
  spec: { owner: 'team' },
};
const entity = '/api/readiness/v1/entities/component/default/claude-flow';

// Every outgoing HTTP request of the backend is recorded: nothing a request
// sends (links, URLs in any field) may be fetched.
const outgoing = setupServer();
const fetched: string[] = [];
outgoing.events.on('request:start', ({ request: outgoingRequest }) => {
  fetched.push(outgoingRequest.url);
});

// Every caller is a user holding every permission: only the input varies.
// The database is in reach so a test can prove a rejection wrote nothing;
// badges are on so their public route is fuzzed too.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
let knex: Knex;
let server: Server;
beforeAll(async () => {
  outgoing.listen({ onUnhandledRequest: 'bypass' });
  knex = await databases.init('SQLITE_3');
  ({ server } = await startTestBackend({
    features: [
      readinessPlugin,
      catalogServiceMock.factory({ entities: [claudeFlow, agentPlatform] }),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          readiness: {
            badges: { enabled: true },
            // Hundreds of generated refreshes, none of them refused for rate.
            refresh: { rateLimit: { requests: 100_000 } },
            preview: { rateLimit: { requests: 100_000 } },
          },
        },
      }),
    ],
  }));
});

/** Every row of every table of the plugin, to compare before and after. */
async function contents(): Promise<string> {
  const tables: string[] = await knex('sqlite_master')
    .where({ type: 'table' })
    .whereNot('name', 'like', 'knex_%')
    .whereNot('name', 'like', 'sqlite_%')
    .orderBy('name')
    .pluck('name');
  const rows = await Promise.all(tables.map(t => knex(t).select()));
  return JSON.stringify(rows);
}

/** A well-formed body per route; properties break one field at a time. */
const valid: Record<string, Record<string, unknown>> = {
  evidence: {
    key: 'coverage',
    value: { linePercent: 90 },
    observedAt: '2026-01-01T00:00:00Z',
    link: 'https://ci.example.com/runs/1',
  },
  attestations: {
    kind: 'compliance',
    summary: 'reviewed',
    evidenceLink: 'https://example.com/a',
    expiresAt: inAMonth,
  },
  waivers: {
    checkId: 'quality.coverage',
    reason: 'legacy',
    owner: 'group:default/team',
    expiresAt: inAMonth,
  },
  'stop-work': { reason: 'incident' },
  vex: {
    document: {
      '@context': 'https://openvex.dev/ns/v0.2.0',
      '@id': 'https://ci.example.com/vex/1',
      author: 'CI',
      timestamp: '2026-12-01T00:00:00Z',
      version: 1,
      statements: [],
    },
  },
  // No component: nothing to look up, so no advisory source is asked.
  sbom: {
    document: '{"bomFormat":"CycloneDX","specVersion":"1.6"}',
    source: 'ci',
    observedAt: '2026-01-01T00:00:00Z',
  },
};
const routes = Object.keys(valid);

/**
 * The inputs of every route besides its path parameters: a valid query and
 * body whose properties the fuzzing breaks one at a time. `absent`: the
 * route may answer 404 to valid input (nothing to delete).
 */
const e = '/v1/entities/:kind/:namespace/:name';
const inputsOf: Record<
  string,
  {
    query?: Record<string, string>;
    body?: Record<string, unknown>;
    absent?: boolean;
    /** Path parameters other than claude-flow's. */
    params?: Record<string, string>;
  }
> = {
  'GET /v1/summaries': { query: { tier: 'mvs', limit: '10', sort: 'score' } },
  'GET /v1/collection': {},
  'POST /v1/summaries/by-refs': {
    body: { entityRefs: ['component:default/claude-flow'] },
  },
  'POST /v1/checks/preview': {
    body: {
      checks: [],
      overrides: { 'quality.coverage': { thresholds: { minLinePercent: 90 } } },
    },
  },
  'GET /v1/distribution': {},
  'GET /v1/distribution/trend': { query: { days: '7' } },
  'GET /v1/rollups': { query: { by: 'owner' } },
  [`GET ${e}`]: {},
  [`GET ${e}/rollup`]: { params: { kind: 'system', name: 'agent-platform' } },
  [`GET ${e}/history`]: {},
  [`GET ${e}/sbom`]: {},
  [`GET ${e}/gate`]: { query: { minTier: 'mvs' } },
  [`GET ${e}/badge.svg`]: {},
  [`GET ${e}/attestations`]: {},
  [`GET ${e}/waivers`]: { query: { state: 'pending,approved' } },
  [`GET ${e}/stop-work`]: {},
  [`GET ${e}/stop-work/affected`]: {},
  [`POST ${e}/refresh`]: {},
  [`POST ${e}/evidence`]: { body: valid.evidence },
  [`POST ${e}/sbom`]: { body: valid.sbom },
  [`POST ${e}/attestations`]: { body: valid.attestations },
  [`DELETE ${e}/attestations/:id`]: { absent: true },
  [`POST ${e}/waivers`]: { body: valid.waivers },
  [`DELETE ${e}/waivers/:id`]: { absent: true },
  [`GET ${e}/waivers/:id/trail`]: { absent: true },
  [`POST ${e}/waivers/:id/approve`]: {
    body: { reason: 'tracked' },
    absent: true,
  },
  [`POST ${e}/waivers/:id/deny`]: { body: { reason: 'no' }, absent: true },
  [`POST ${e}/waivers/:id/revoke`]: { body: { reason: 'done' }, absent: true },
  [`GET ${e}/vex`]: {},
  [`POST ${e}/vex`]: { body: valid.vex },
  [`POST ${e}/stop-work`]: { body: valid['stop-work'] },
  [`DELETE ${e}/stop-work`]: { body: valid['stop-work'], absent: true },
};
const validParams: Record<string, string> = {
  kind: 'component',
  namespace: 'default',
  name: 'claude-flow',
  id: 'none',
};
const validActionInput: Record<string, unknown> = {
  entityRef: 'claude-flow',
  owner: 'team',
  system: 'agent-platform',
  limit: 10,
  cursor: undefined,
};

/** Where one value is put: a path parameter, a query parameter, a body field or (no field) the whole body. */
interface Slot {
  where: 'param' | 'query' | 'body';
  field?: string;
}
function slotsOf(path: string, spec: (typeof inputsOf)[string]): Slot[] {
  return [
    ...[...path.matchAll(/:(\w+)/g)].map(m => ({
      where: 'param' as const,
      field: m[1],
    })),
    // A parameter no route reads must be ignored or named.
    { where: 'query', field: 'unexpectedParameter' },
    ...Object.keys(spec.query ?? {}).map(field => ({
      where: 'query' as const,
      field,
    })),
    ...(spec.body
      ? [
          ...Object.keys(spec.body).map(field => ({
            where: 'body' as const,
            field,
          })),
          { where: 'body' as const },
        ]
      : []),
  ];
}

/** Any JSON, long and hostile strings, or nothing at all. */
const hostile = fc.option(
  fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(
      '',
      ' ',
      '..',
      '../../etc/passwd',
      '%00',
      'x'.repeat(5000),
      // eslint-disable-next-line no-script-url -- hostile input on purpose
      'javascript:alert(1)',
    ),
  ),
  { nil: undefined },
);
const asText = (value: unknown) =>
  typeof value === 'string' || value === undefined
    ? value
    : JSON.stringify(value);
const asQueryValue = (value: unknown) =>
  Array.isArray(value) ? value.map(v => asText(v) ?? '') : asText(value);

/** A rejection that names the field (its message, or the validation issues it carries). */
const names = (res: request.Response, field?: string) => {
  const error = res.body.error;
  return (
    typeof error?.message === 'string' &&
    error.message.length > 0 &&
    (!field || JSON.stringify(error).includes(field))
  );
};

/**
 * Accepted, or rejected with 400 and a message (naming `field` when given);
 * never a 500. False lets fast-check shrink and report the input.
 */
function rejectedOrAccepted(res: request.Response, field?: string) {
  if (res.status === 200 || res.status === 201) return true;
  const message: string = res.body.error?.message ?? '';
  return (
    res.status === 400 &&
    message.length > 0 &&
    (!field || message.includes(field))
  );
}

afterAll(() => outgoing.close());

describe('malformed input through the real router', () => {
  it('answers any JSON value as a body with 400 or success, never 500', async () => {
    await expect(
      fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...routes),
          fc.jsonValue({ maxDepth: 3 }),
          async (route, body) => {
            const res = await request(server)
              .post(`${entity}/${route}`)
              .set('Content-Type', 'application/json')
              .send(JSON.stringify(body));
            return rejectedOrAccepted(res);
          },
        ),
        { numRuns: 120 },
      ),
    ).resolves.toBeUndefined();
  });

  it('names the broken field when one field of a valid body is replaced or removed', async () => {
    await expect(
      fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...routes),
          fc.nat(),
          fc.option(
            fc.oneof(
              fc.jsonValue({ maxDepth: 2 }),
              fc.constantFrom(
                '',
                ' ',
                // eslint-disable-next-line no-script-url -- hostile input on purpose
                'javascript:alert(1)',
                '../../etc/passwd',
              ),
            ),
            { nil: undefined },
          ),
          async (route, index, replacement) => {
            const keys = Object.keys(valid[route]);
            const field = keys[index % keys.length];
            const body = { ...valid[route], [field]: replacement };
            if (replacement === undefined) delete body[field];
            const res = await request(server)
              .post(`${entity}/${route}`)
              .send(body);
            return rejectedOrAccepted(res, field);
          },
        ),
        { numRuns: 150 },
      ),
    ).resolves.toBeUndefined();
  });

  it('answers any query of summaries and gate with 200 or a 400 naming a parameter', async () => {
    const parameter = fc.constantFrom(
      'tier',
      'stopWork',
      'kind',
      'owner',
      'q',
      'cursor',
      'limit',
      'sort',
    );
    await expect(
      fc.assert(
        fc.asyncProperty(
          fc.dictionary(parameter, fc.string({ maxLength: 40 }), {
            minKeys: 1,
          }),
          fc.string({ maxLength: 20 }),
          async (query, minTier) => {
            const summaries = await request(server)
              .get('/api/readiness/v1/summaries')
              .query(query);
            const gate = await request(server)
              .get(`${entity}/gate`)
              .query({ minTier });
            return (
              Object.keys(query).some(key =>
                rejectedOrAccepted(summaries, key),
              ) && rejectedOrAccepted(gate, 'minTier')
            );
          },
        ),
        { numRuns: 120 },
      ),
    ).resolves.toBeUndefined();
  });

  it('has fuzzing inputs for every route of the router, and none for a route it lacks', async () => {
    const table = (await routeTable()).map(r => r.name);
    expect(table.sort()).toEqual(Object.keys(inputsOf).sort());
  });

  it('answers any value in any path parameter, query parameter or body field of every route with success, a 400 naming it or a 404, never 500, and writes nothing when it refuses', async () => {
    const table = await routeTable();
    await expect(
      fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...table),
          fc.nat(),
          hostile,
          async ({ method, path, name }, index, value) => {
            const spec = inputsOf[name];
            const slots = slotsOf(path, spec);
            const slot = slots[index % slots.length];
            const url = `/api/readiness${path.replace(/:(\w+)/g, (_, p) =>
              encodeURIComponent(
                p === slot.field && slot.where === 'param'
                  ? (asText(value) ?? '')
                  : (spec.params?.[p] ?? validParams[p]),
              ),
            )}`;
            const query: Record<string, unknown> = { ...spec.query };
            if (slot.where === 'query') {
              query[slot.field!] = asQueryValue(value);
            }
            let body: unknown = spec.body;
            if (slot.where === 'body') {
              body = slot.field ? { ...spec.body, [slot.field]: value } : value;
            }
            const before = await contents();
            let req = request(server)[method](url).query(query);
            if (spec.body) {
              req = req.set('Content-Type', 'application/json');
              if (body !== undefined) req = req.send(JSON.stringify(body));
            }
            const res = await req;
            if (res.status >= 200 && res.status < 300) return true;
            const refused =
              (res.status === 400 && names(res, slot.field)) ||
              (res.status === 404 && (slot.where === 'param' || spec.absent));
            return refused && (await contents()) === before;
          },
        ),
        { numRuns: 400 },
      ),
    ).resolves.toBeUndefined();
  });

  it('answers any input to every registered action with success, a 400 naming the input or a 404 for an unknown entity, never 500, and writes nothing when it refuses', async () => {
    const auth = mockCredentials.user.header();
    const actions = await registeredActions(server, auth);
    expect(actions.length).toBeGreaterThanOrEqual(3);
    // A new input needs a valid example here before it is fuzzed.
    for (const { inputs } of actions) {
      expect(Object.keys(validActionInput)).toEqual(
        expect.arrayContaining(inputs),
      );
    }
    await expect(
      fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...actions),
          fc.boolean(),
          fc.nat(),
          hostile,
          async ({ id, inputs }, wrapped, index, value) => {
            const example = Object.fromEntries(
              inputs.map(input => [input, validActionInput[input]]),
            );
            const slots = [...inputs, undefined];
            const field = slots[index % slots.length];
            const input = field ? { ...example, [field]: value } : value;
            const { path, wrap } = invokePaths(id)[wrapped ? 1 : 0];
            const before = await contents();
            const res = await request(server)
              .post(path)
              .set('Authorization', auth)
              .set('Content-Type', 'application/json')
              .send(JSON.stringify(wrap(input) ?? null));
            if (res.status === 200) return true;
            const refused =
              (res.status === 400 && names(res, field)) ||
              (res.status === 404 &&
                /^No entity /.test(res.body.error?.message));
            return refused && (await contents()) === before;
          },
        ),
        { numRuns: 200 },
      ),
    ).resolves.toBeUndefined();
  });

  it('refuses deployment and incident events with 400 naming the field', async () => {
    const push = (body: unknown) =>
      request(server)
        .post(`${entity}/evidence`)
        .send(body as object);
    const badTime = await push({
      key: 'deployments',
      value: { deployments: [{ deployedAt: 'yesterday', succeeded: true }] },
    });
    expect(badTime.status).toBe(400);
    expect(badTime.body.error.message).toContain(
      'value.deployments[0].deployedAt',
    );
    const tooMany = await push({
      key: 'incidents',
      value: {
        incidents: Array.from({ length: 1001 }, () => ({
          startedAt: '2026-01-01T00:00:00Z',
        })),
      },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('value.incidents');
    const noObjective = await push({ key: 'slo', value: { objectives: [] } });
    expect(noObjective.status).toBe(400);
    expect(noObjective.body.error.message).toContain('value.objectives');
  });

  it('answers broken JSON with 400 and oversized bodies with 413, both with a message', async () => {
    const broken = await request(server)
      .post(`${entity}/stop-work`)
      .set('Content-Type', 'application/json')
      .send('{"reason": "incident"');
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/JSON/);

    const huge = await request(server)
      .post(`${entity}/evidence`)
      .send({ key: 'coverage', padding: 'x'.repeat(1_100_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toMatch(/too large/i);
  });

  it('fetched no URL that any of these requests sent', () => {
    // The test's own requests, and the backend's calls to its own plugins
    // (notifications), go to the test backend; nothing goes anywhere else.
    const port = String((server.address() as AddressInfo).port);
    expect(fetched.length).toBeGreaterThan(100);
    expect(fetched.filter(url => new URL(url).port !== port)).toEqual([]);
  });
});
