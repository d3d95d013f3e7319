import {
  type BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Server } from 'node:http';
import request from 'supertest';
import { readinessPlugin } from '../plugin';
import {
  invokePaths,
  type Method,
  registeredActions,
  routeTable,
} from '../__testUtils__/routeTable';

/** Within the longest waiver the backend accepts (maxWaiverDuration). */
const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString();

jest.setTimeout(60_000);

const entity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team' },
});
const agentPlatform: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'agent-platform', namespace: 'default' },
  spec: { owner: 'team' },
};
const entities = [entity('claude-flow'), entity('web-portal'), agentPlatform];

// alice holds every Readiness permission; bob holds none; carol may read only
// web-portal in the catalog (a conditional decision the catalog applies);
// dan may read nothing in the catalog.
const alice = 'user:default/alice';
const bob = 'user:default/bob';
const carol = 'user:default/carol';
const dan = 'user:default/dan';
const erin = 'user:default/erin';
const userOf = (credentials?: BackstageCredentials) =>
  (credentials?.principal as { userEntityRef?: string } | undefined)
    ?.userEntityRef;
const isService = (credentials?: BackstageCredentials) =>
  (credentials?.principal as { type?: string } | undefined)?.type === 'service';

/** What the catalog shows each caller. */
function visible(credentials: BackstageCredentials | undefined, e: Entity) {
  const user = userOf(credentials);
  if (user === dan) return false;
  if (user === carol) return e.metadata.name === 'web-portal';
  return true;
}

const credentialsOf = (options: unknown) =>
  (options as { credentials?: BackstageCredentials } | undefined)?.credentials;

/** The catalog mock, with read rules applied to the caller's credentials. */
const catalogFactory = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory() {
    const catalog = catalogServiceMock({ entities });
    const getEntityByRef = catalog.getEntityByRef.bind(catalog);
    const queryEntities = catalog.queryEntities.bind(catalog);
    catalog.getEntityByRef = async (ref, options) => {
      const found = await getEntityByRef(ref, options);
      return found && visible(credentialsOf(options), found)
        ? found
        : undefined;
    };
    catalog.queryEntities = async (query, options) => {
      const page = await queryEntities(query, options);
      const items = page.items.filter(e => visible(credentialsOf(options), e));
      return { ...page, items, totalItems: items.length };
    };
    return catalog;
  },
});

// Service principals are allowed unless restricted, as the permission
// framework decides for them.
const authorized: string[] = [];
const permissions = mockServices.permissions.mock({
  async authorize(requests, options) {
    authorized.push(...requests.map(r => r.permission.name));
    const user = userOf(options?.credentials);
    // erin may do all but approve: her waiver requests stay pending.
    const allowed = (name: string) =>
      isService(options?.credentials) ||
      user === alice ||
      (user === erin && name !== 'readiness.waiver.approve');
    return requests.map(r => ({
      result: allowed(r.permission.name)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    }));
  },
  async authorizeConditional(requests, options) {
    const user = userOf(options?.credentials);
    return requests.map(r => {
      if (user === dan) return { result: AuthorizeResult.DENY };
      if (user === carol) {
        return {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: {
            rule: 'HAS_METADATA',
            resourceType: 'catalog-entity',
            params: { key: 'name' },
          },
        } as any;
      }
      if (
        user === alice ||
        user === bob ||
        user === erin ||
        isService(options?.credentials)
      ) {
        return { result: AuthorizeResult.ALLOW };
      }
      throw new Error(`unexpected ${r.permission.name} for ${user}`);
    });
  },
});

/** With README badges on, so the one unauthenticated route is tried too. */
async function startBackend(): Promise<Server> {
  const { server } = await startTestBackend({
    features: [
      readinessPlugin,
      mockServices.rootConfig.factory({
        data: { readiness: { badges: { enabled: true } } },
      }),
      catalogFactory,
      permissions.factory,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  return server;
}

const headers = {
  none: undefined,
  alice: mockCredentials.user.header(alice),
  bob: mockCredentials.user.header(bob),
  carol: mockCredentials.user.header(carol),
  service: mockCredentials.service.header(),
};

const base = '/api/readiness';
const claudeFlow = `${base}/v1/entities/component/default/claude-flow`;

function call(
  server: Server,
  method: Method,
  url: string,
  auth?: string,
  body?: object,
) {
  const req = request(server)[method](url);
  if (auth) req.set('Authorization', auth);
  return body ? req.send(body) : req;
}

/**
 * How to call each route of the router. `permission` names the Readiness
 * permission a user needs for it (false: none); `prepare` creates what a
 * route acts on and returns the URL.
 */
interface RouteSpec {
  permission: false | string;
  /** Open without credentials (the README badge, when enabled). */
  public?: boolean;
  /** The entity the route is called for, if not the claude-flow Component. */
  entity?: { kind: string; name: string };
  query?: string;
  body?: object;
  prepare?: (server: Server) => Promise<string>;
}
const waiver = {
  checkId: 'quality.coverage',
  reason: 'legacy',
  owner: 'group:default/team',
  expiresAt: inAMonth,
};
const attestation = {
  kind: 'compliance',
  summary: 'reviewed',
  evidenceLink: 'https://example.com/a',
  expiresAt: inAMonth,
};
const created =
  (what: string, body: object, suffix = '', as = headers.alice) =>
  async (server: Server) => {
    const res = await call(server, 'post', `${claudeFlow}/${what}`, as, body);
    expect(res.status).toBe(201);
    return `${claudeFlow}/${what}/${res.body.id}${suffix}`;
  };
/** A waiver erin requested: pending until someone may approve it. */
const pendingWaiver = (suffix: string) =>
  created('waivers', waiver, suffix, mockCredentials.user.header(erin));
const openVex = {
  '@context': 'https://openvex.dev/ns/v0.2.0',
  '@id': 'https://ci.example.com/vex/1',
  author: 'CI',
  timestamp: '2026-12-01T00:00:00Z',
  version: 1,
  statements: [],
};
const e = '/v1/entities/:kind/:namespace/:name';
const specs: Record<string, RouteSpec> = {
  'GET /v1/summaries': { permission: false },
  'GET /v1/collection': { permission: false },
  'POST /v1/summaries/by-refs': {
    permission: false,
    body: { entityRefs: ['component:default/claude-flow'] },
  },
  'POST /v1/checks/preview': { permission: false, body: { checks: [] } },
  'GET /v1/distribution': { permission: false },
  'GET /v1/distribution/trend': { permission: false },
  'GET /v1/rollups': { permission: false, query: '?by=owner' },
  [`GET ${e}/rollup`]: {
    permission: false,
    entity: { kind: 'system', name: 'agent-platform' },
  },
  [`GET ${e}`]: { permission: false },
  [`GET ${e}/history`]: { permission: false },
  [`GET ${e}/gate`]: { permission: false },
  [`GET ${e}/sbom`]: { permission: false },
  [`GET ${e}/attestations`]: { permission: false },
  [`GET ${e}/waivers`]: { permission: false },
  [`GET ${e}/stop-work`]: { permission: false },
  [`GET ${e}/stop-work/affected`]: { permission: false },
  [`GET ${e}/badge.svg`]: { permission: false, public: true },
  [`POST ${e}/refresh`]: { permission: 'readiness.entity.refresh' },
  [`POST ${e}/evidence`]: {
    permission: 'readiness.evidence.create',
    body: { key: 'coverage', value: { linePercent: 90 } },
  },
  [`POST ${e}/sbom`]: {
    permission: 'readiness.evidence.create',
    // No component: nothing to look up, so no advisory source is asked.
    body: { document: '{"bomFormat":"CycloneDX","specVersion":"1.6"}' },
  },
  [`POST ${e}/attestations`]: {
    permission: 'readiness.attestation.create',
    body: attestation,
  },
  [`DELETE ${e}/attestations/:id`]: {
    permission: 'readiness.attestation.delete',
    prepare: created('attestations', attestation),
  },
  [`POST ${e}/waivers`]: {
    permission: 'readiness.waiver.create',
    body: waiver,
  },
  [`DELETE ${e}/waivers/:id`]: {
    permission: 'readiness.waiver.delete',
    prepare: created('waivers', waiver),
  },
  [`GET ${e}/waivers/:id/trail`]: {
    permission: false,
    prepare: created('waivers', waiver, '/trail'),
  },
  [`POST ${e}/waivers/:id/approve`]: {
    permission: 'readiness.waiver.approve',
    prepare: pendingWaiver('/approve'),
  },
  [`POST ${e}/waivers/:id/deny`]: {
    permission: 'readiness.waiver.approve',
    body: { reason: 'fix it instead' },
    prepare: pendingWaiver('/deny'),
  },
  [`POST ${e}/waivers/:id/revoke`]: {
    permission: 'readiness.waiver.delete',
    body: { reason: 'fixed' },
    prepare: created('waivers', waiver, '/revoke'),
  },
  [`GET ${e}/vex`]: { permission: false },
  [`POST ${e}/vex`]: {
    permission: 'readiness.waiver.create',
    body: { document: openVex },
  },
  [`POST ${e}/stop-work`]: {
    permission: 'readiness.stopwork.manage',
    body: { reason: 'incident' },
  },
  [`DELETE ${e}/stop-work`]: {
    permission: 'readiness.stopwork.manage',
    body: { reason: 'review done' },
    prepare: async server => {
      await call(server, 'post', `${claudeFlow}/stop-work`, headers.alice, {
        reason: 'incident',
      }).expect(201);
      return `${claudeFlow}/stop-work`;
    },
  },
};

/** A route's URL for its spec's entity (claude-flow by default) or `name`. */
const urlOf = (path: string, spec?: RouteSpec, name?: string) => {
  return `${base}${path
    .replace(':kind', spec?.entity?.kind ?? 'component')
    .replace(':namespace', 'default')
    .replace(':name', name ?? spec?.entity?.name ?? 'claude-flow')
    .replace(':id', 'none')}${spec?.query ?? ''}`;
};

/** Reading a report evaluates and stores it, so summaries list the entity. */
async function evaluateBothComponents(server: Server) {
  for (const name of ['claude-flow', 'web-portal']) {
    await call(server, 'get', urlOf(e, undefined, name), headers.alice).expect(
      200,
    );
  }
}

describe('access to every route', () => {
  it('has a spec for every route in the router, and no spec without a route', async () => {
    const table = (await routeTable()).map(
      r => `${r.method.toUpperCase()} ${r.path}`,
    );
    expect(table.length).toBeGreaterThan(10);
    expect(table.sort()).toEqual(Object.keys(specs).sort());
  });

  it('answers 401 without credentials, 403 without the permission, and success with it or a service credential', async () => {
    const server = await startBackend();
    // The badge answers only for an evaluated entity.
    await evaluateBothComponents(server);
    const wrong: string[] = [];
    for (const { method, path } of await routeTable()) {
      const name = `${method.toUpperCase()} ${path}`;
      const spec = specs[name];
      const expectStatus = async (
        who: keyof typeof headers,
        ok: (status: number) => boolean,
        url: string,
      ) => {
        const res = await call(server, method, url, headers[who], spec.body);
        if (!ok(res.status)) {
          wrong.push(`${name} as ${who}: ${res.status} ${res.text}`);
        }
      };
      const plain = urlOf(path, spec);
      await expectStatus(
        'none',
        s => (spec.public ? s === 200 : s === 401),
        plain,
      );
      // A read of something that must exist first reads what was prepared.
      const bobUrl =
        !spec.permission && spec.prepare ? await spec.prepare(server) : plain;
      authorized.length = 0;
      await expectStatus(
        'bob',
        s => (spec.permission ? s === 403 : s === 200),
        bobUrl,
      );
      // Each mutation asks for its own permission, and nothing else.
      const asked = [...new Set(authorized)].join(', ');
      if (asked !== (spec.permission || '')) {
        wrong.push(`${name} asked for ${asked || 'no permission'}`);
      }
      for (const who of ['alice', 'service'] as const) {
        const url = spec.prepare ? await spec.prepare(server) : plain;
        await expectStatus(who, s => s >= 200 && s < 300, url);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers 404 on every entity route for an entity the catalog does not show the caller', async () => {
    const server = await startBackend();
    const wrong: string[] = [];
    for (const { method, path } of await routeTable()) {
      if (!path.startsWith('/v1/entities/')) continue;
      const spec = specs[`${method.toUpperCase()} ${path}`];
      // The badge reads the catalog as the plugin itself, not as the caller.
      // carol may not read claude-flow nor agent-platform.
      for (const [who, name] of spec.public
        ? ([['alice', 'missing']] as const)
        : ([
            ['alice', 'missing'],
            ['carol', undefined],
          ] as const)) {
        const res = await call(
          server,
          method,
          urlOf(path, spec, name),
          headers[who],
          spec.body,
        );
        if (res.status !== 404) {
          wrong.push(
            `${method} ${path} ${name ?? ''} as ${who}: ${res.status}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lists in summaries only the entities the caller may read in the catalog', async () => {
    const server = await startBackend();
    await evaluateBothComponents(server);
    const refs = async (auth: string) => {
      const res = await call(server, 'get', `${base}/v1/summaries`, auth);
      expect(res.status).toBe(200);
      return {
        refs: res.body.items.map((i: { entityRef: string }) => i.entityRef),
        total: res.body.totalCount,
      };
    };
    const both = [
      'component:default/claude-flow',
      'component:default/web-portal',
    ];
    expect(await refs(headers.bob)).toEqual({ refs: both, total: 2 });
    expect(await refs(headers.service)).toEqual({ refs: both, total: 2 });
    expect(await refs(headers.carol)).toEqual({
      refs: ['component:default/web-portal'],
      total: 1,
    });
    expect(await refs(mockCredentials.user.header(dan))).toEqual({
      refs: [],
      total: 0,
    });
  });

  it('counts, rolls up and batches only the entities the caller may read', async () => {
    const server = await startBackend();
    await evaluateBothComponents(server);
    const seen = async (auth: string) => {
      const get = (url: string) =>
        call(server, 'get', `${base}/v1${url}`, auth).expect(200);
      const distribution = await get('/distribution');
      const trend = await get('/distribution/trend?days=7');
      const rollups = await get('/rollups?by=owner');
      const batch = await call(
        server,
        'post',
        `${base}/v1/summaries/by-refs`,
        auth,
        {
          entityRefs: [
            'component:default/claude-flow',
            'component:default/web-portal',
          ],
        },
      ).expect(200);
      return {
        total: distribution.body.counts.total,
        trendTotals: trend.body.items.map(
          (p: { counts: { total: number } }) => p.counts.total,
        ),
        owned: rollups.body.items.map(
          (r: { counts: { total: number } }) => r.counts.total,
        ),
        batch: batch.body.items.map((i: { entityRef: string }) => i.entityRef),
      };
    };
    expect(await seen(headers.bob)).toEqual({
      total: 2,
      trendTotals: [2],
      owned: [2],
      batch: ['component:default/claude-flow', 'component:default/web-portal'],
    });
    expect(await seen(headers.carol)).toEqual({
      total: 1,
      trendTotals: [1],
      owned: [1],
      batch: ['component:default/web-portal'],
    });
    expect(await seen(mockCredentials.user.header(dan))).toEqual({
      total: 0,
      trendTotals: [0],
      owned: [],
      batch: [],
    });
  });

  it('answers 400 naming the field for bad queries and ids', async () => {
    const server = await startBackend();
    const gate = await call(
      server,
      'get',
      `${claudeFlow}/gate?minTier=platinum`,
      headers.bob,
    );
    expect(gate.status).toBe(400);
    expect(gate.body.error.message).toContain('minTier');
    const revoke = await call(
      server,
      'delete',
      `${claudeFlow}/waivers/nope`,
      headers.alice,
    );
    expect(revoke.status).toBe(404);
  });
});

/**
 * How to call each action the plugin registers, and what a caller who may
 * not read claude-flow in the catalog gets: a 404, or a list without it.
 */
const actionSpecs: Record<
  string,
  { input: object; hidden: 'not-found' | 'left-out' }
> = {
  'readiness:get-readiness-report': {
    input: { entityRef: 'claude-flow' },
    hidden: 'not-found',
  },
  'readiness:explain-next-tier': {
    input: { entityRef: 'component:default/claude-flow' },
    hidden: 'not-found',
  },
  'readiness:list-stop-work-entities': { input: {}, hidden: 'left-out' },
};

describe('access to every action', () => {
  it('has a spec for every action the plugin registers, and no spec without an action', async () => {
    const server = await startBackend();
    const listed = await registeredActions(server, headers.bob!);
    expect(listed.map(a => a.id).sort()).toEqual(
      Object.keys(actionSpecs).sort(),
    );
  });

  it('answers 401 without credentials, 404 or leaves claude-flow out for a caller who may not read it, and success otherwise, on both invoke endpoints', async () => {
    const server = await startBackend();
    // claude-flow under stop-work, so the list action has it to leave out.
    await call(server, 'post', `${claudeFlow}/stop-work`, headers.alice, {
      reason: 'incident',
    }).expect(201);
    const wrong: string[] = [];
    for (const { id } of await registeredActions(server, headers.bob!)) {
      const spec = actionSpecs[id];
      for (const { path, wrap } of invokePaths(id)) {
        const invoke = async (who: keyof typeof headers) => {
          const res = await call(server, 'post', path, headers[who], {
            ...(wrap(spec.input) as object),
          });
          return { res, label: `${path} as ${who}: ${res.status} ${res.text}` };
        };
        const none = await invoke('none');
        if (none.res.status !== 401) wrong.push(none.label);

        const mentions = (res: request.Response) =>
          JSON.stringify(res.body).includes('component:default/claude-flow');
        const asCarol = await invoke('carol');
        const hidden =
          spec.hidden === 'not-found'
            ? asCarol.res.status === 404
            : asCarol.res.status === 200 && !mentions(asCarol.res);
        if (!hidden) wrong.push(asCarol.label);

        // Read-only actions need no Readiness permission, only catalog read.
        for (const who of ['alice', 'bob', 'service'] as const) {
          const seen = await invoke(who);
          if (seen.res.status !== 200 || !mentions(seen.res)) {
            wrong.push(seen.label);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
