import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import {
  asAlice,
  asBob,
  asDan,
  claudeFlow,
  permissions,
  startReadinessBackend,
  webPortal,
} from '../__testUtils__/testBackend';
import { readinessPlugin } from '../plugin';

// startTestBackend installs Backstage's real actions registry, so these
// requests go through the same HTTP endpoints the MCP actions backend calls.
const actions = '/api/readiness/.backstage/actions/v1/actions';
const invoke = (server: Parameters<typeof request>[0], name: string) =>
  request(server).post(`${actions}/readiness:${name}/invoke`);

async function stopWorkOnClaudeFlow(server: Parameters<typeof request>[0]) {
  await request(server)
    .post('/api/readiness/v1/entities/component/default/claude-flow/evidence')
    .set('Authorization', asAlice)
    .send({ key: 'build', value: { succeeded: false, compilationErrors: 97 } })
    .expect(201);
}

describe('readiness actions', () => {
  it('are listed as read-only actions with described inputs', async () => {
    const server = await startReadinessBackend();
    await request(server).get(actions).expect(401);
    const res = await request(server).get(actions).set('Authorization', asBob);
    expect(res.status).toBe(200);
    const listed = res.body.actions as Array<{
      id: string;
      attributes: { readOnly: boolean; destructive: boolean };
      schema: { input: { properties: Record<string, unknown> } };
    }>;
    expect(listed.map(a => a.id).sort()).toEqual([
      'readiness:explain-next-tier',
      'readiness:get-readiness-report',
      'readiness:list-stop-work-entities',
    ]);
    for (const action of listed) {
      expect(action.attributes).toMatchObject({
        readOnly: true,
        destructive: false,
      });
    }
    expect(
      Object.keys(
        listed.find(a => a.id === 'readiness:list-stop-work-entities')!.schema
          .input.properties,
      ).sort(),
    ).toEqual(['cursor', 'limit', 'owner', 'system']);
  });

  it('get-readiness-report: the stored report for a short or full ref, 401 without credentials, 404 for unknown entities', async () => {
    const server = await startReadinessBackend();
    await stopWorkOnClaudeFlow(server);

    await invoke(server, 'get-readiness-report')
      .send({ entityRef: 'claude-flow' })
      .expect(401);

    for (const entityRef of ['claude-flow', 'Component:default/claude-flow']) {
      const res = await invoke(server, 'get-readiness-report')
        .set('Authorization', asBob)
        .send({ entityRef });
      expect(res.status).toBe(200);
      expect(res.body.output.report).toMatchObject({
        entityRef: 'component:default/claude-flow',
        tier: null,
        stopWork: { active: true, blockers: ['build.clean'] },
        remediation: { phases: expect.any(Array) },
      });
      expect(res.body.output.report.checks.length).toBeGreaterThan(10);
    }

    const missing = await invoke(server, 'get-readiness-report')
      .set('Authorization', asBob)
      .send({ entityRef: 'component:default/nope' });
    expect(missing.status).toBe(404);
  });

  it('validates input with the REST schemas, naming the field', async () => {
    const server = await startReadinessBackend();
    const call = (name: string, input: object) =>
      invoke(server, name).set('Authorization', asBob).send(input);

    const notAString = await call('get-readiness-report', { entityRef: 42 });
    expect(notAString.status).toBe(400);

    const tooLong = await call('explain-next-tier', {
      entityRef: `component:default/${'x'.repeat(300)}`,
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toMatch(/^entityRef\.name: /);

    const badRef = await call('get-readiness-report', {
      entityRef: 'component:default/',
    });
    expect(badRef.status).toBe(400);
    expect(badRef.body.error.message).toContain('entityRef');

    const limit = await call('list-stop-work-entities', { limit: 100000 });
    expect(limit.status).toBe(400);
    expect(limit.body.error.message).toContain('limit');

    const cursor = await call('list-stop-work-entities', { cursor: 'garbage' });
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.message).toContain('cursor');
  });

  it('list-stop-work-entities: only entities under stop-work, filtered by owner and system', async () => {
    const server = await startReadinessBackend();
    await stopWorkOnClaudeFlow(server);
    // Evaluated, but not under stop-work.
    await request(server)
      .get('/api/readiness/v1/entities/component/default/web-portal')
      .set('Authorization', asBob)
      .expect(200);

    const list = async (input: object, auth = asBob) => {
      const res = await invoke(server, 'list-stop-work-entities')
        .set('Authorization', auth)
        .send(input);
      expect(res.status).toBe(200);
      return res.body.output as {
        items: Array<{ entityRef: string; owner?: string }>;
        totalCount: number;
      };
    };

    const all = await list({});
    expect(all.totalCount).toBe(1);
    expect(all.items).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/claude-flow',
        owner: 'group:default/orchestration-team',
        system: 'system:default/agent-platform',
        tier: null,
      }),
    ]);
    expect((await list({ owner: 'orchestration-team' })).totalCount).toBe(1);
    expect(
      (await list({ owner: 'group:default/orchestration-team' })).totalCount,
    ).toBe(1);
    expect((await list({ owner: 'platform-team' })).totalCount).toBe(0);
    // Only what the caller may read in the catalog, as the REST routes.
    expect(await list({}, asDan)).toEqual({ items: [], totalCount: 0 });
    expect((await list({ system: 'agent-platform' })).totalCount).toBe(1);
    expect(
      (await list({ owner: 'orchestration-team', system: 'elsewhere' }))
        .totalCount,
    ).toBe(0);
  });

  it('explain-next-tier: a ranked to-do list with remediation items', async () => {
    const server = await startReadinessBackend();
    await stopWorkOnClaudeFlow(server);
    const res = await invoke(server, 'explain-next-tier')
      .set('Authorization', asBob)
      .send({ entityRef: 'claude-flow' });
    expect(res.status).toBe(200);
    const { output } = res.body;
    expect(output).toMatchObject({
      entityRef: 'component:default/claude-flow',
      tier: null,
      nextTier: 'mvs',
      stopWorkActive: true,
    });
    expect(output.blockers[0]).toMatchObject({
      rank: 1,
      checkId: 'build.clean',
      status: 'fail',
      severity: 'blocker',
      remediation: [expect.objectContaining({ kind: 'fix' })],
    });
    // Only MVS checks block MVS; the rest have no evidence yet.
    expect(
      output.blockers.slice(1).map((b: { status: string }) => b.status),
    ).toEqual(output.blockers.slice(1).map(() => 'unknown'));
    expect(
      output.blockers.every((b: { tier: string }) => b.tier === 'mvs'),
    ).toBe(true);
  });

  it('reads the catalog with the caller credentials: an entity hidden from the caller is not found', async () => {
    const catalog = catalogServiceMock.mock({
      async getEntityByRef(ref, options) {
        const { credentials } = options as {
          credentials: BackstageCredentials;
        };
        const principal = credentials.principal as { userEntityRef?: string };
        const entity = [claudeFlow, webPortal].find(
          e => `component:default/${e.metadata.name}` === ref,
        );
        return principal.userEntityRef === 'user:default/bob'
          ? undefined
          : entity;
      },
    });
    const { server } = await startTestBackend({
      features: [
        readinessPlugin,
        catalog.factory,
        permissions.factory,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    for (const name of ['get-readiness-report', 'explain-next-tier']) {
      const hidden = await invoke(server, name)
        .set('Authorization', asBob)
        .send({ entityRef: 'claude-flow' });
      expect(hidden.status).toBe(404);
      const seen = await invoke(server, name)
        .set('Authorization', asAlice)
        .send({ entityRef: 'claude-flow' });
      expect(seen.status).toBe(200);
    }
  });
});
