import {
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  readinessCollectorsExtensionPoint,
  type ReadinessCollector,
} from '@readiness/plugin-readiness-node';
import { createMockCollector } from '@readiness/plugin-readiness-node/testUtils';
import request from 'supertest';
import {
  alice,
  asAlice,
  asBob,
  startReadinessBackend as startBackend,
} from './__testUtils__/testBackend';

const path = '/api/readiness/v1/entities/component/default/claude-flow';

function collectorModule(...collectors: ReadinessCollector[]) {
  return createBackendModule({
    pluginId: 'readiness',
    moduleId: 'test-collectors',
    register(reg) {
      reg.registerInit({
        deps: { collectors: readinessCollectorsExtensionPoint },
        async init(deps) {
          deps.collectors.addCollector(collectors);
        },
      });
    },
  });
}

describe('readinessPlugin', () => {
  it('rejects requests without credentials and unknown entities', async () => {
    const server = await startBackend();
    await request(server).get(path).expect(401);
    await request(server).get('/api/readiness/v1/summaries').expect(401);

    const missing = await request(server)
      .get('/api/readiness/v1/entities/component/default/nope')
      .set('Authorization', asBob);
    expect(missing.status).toBe(404);
  });

  it('passes nothing and raises no stop-work when there is no evidence', async () => {
    const server = await startBackend();
    const res = await request(server).get(path).set('Authorization', asBob);
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/claude-flow');
    expect(res.body.tier).toBeNull();
    expect(res.body.stopWork.active).toBe(false);
    const checks: Array<{ id: string; status: string }> = res.body.checks;
    expect(checks.filter(c => c.status === 'pass')).toEqual([]);
    // Only checks that rest on attestations fail: the attestation store is
    // authoritative, so "none recorded" is a fact, not missing evidence.
    expect(
      checks
        .filter(c => c.status === 'fail')
        .map(c => c.id)
        .sort(),
    ).toEqual(['compliance.requirements', 'security.certifications']);
    expect(checks.find(c => c.id === 'build.clean')?.status).toBe('unknown');

    const gate = await request(server)
      .get(`${path}/gate`)
      .set('Authorization', asBob);
    expect(gate.body).toMatchObject({ allowed: false, tier: null });
  });

  it('takes pushed evidence from permitted callers, raises stop-work and serves it everywhere', async () => {
    const server = await startBackend();
    const build = {
      key: 'build',
      value: { succeeded: false, compilationErrors: 97 },
      link: 'https://ci.example.com/runs/42',
    };

    await request(server)
      .post(`${path}/evidence`)
      .set('Authorization', asBob)
      .send(build)
      .expect(403);

    const bad = await request(server)
      .post(`${path}/evidence`)
      .set('Authorization', asAlice)
      .send({
        key: 'build',
        value: { succeeded: false, compilationErrors: 'many' },
      });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('compilationErrors');

    const pushed = await request(server)
      .post(`${path}/evidence`)
      .set('Authorization', asAlice)
      .send(build);
    expect(pushed.status).toBe(201);
    expect(pushed.body.stopWork).toMatchObject({
      active: true,
      blockers: ['build.clean'],
      countsAtStart: expect.objectContaining({ compilationErrors: 97 }),
    });
    expect(pushed.body.risk.level).toBe('critical');

    const summaries = await request(server)
      .get('/api/readiness/v1/summaries?stopWork=true')
      .set('Authorization', asBob);
    expect(summaries.status).toBe(200);
    expect(summaries.body.items).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/claude-flow',
        stopWork: true,
        owner: 'group:default/orchestration-team',
        system: 'system:default/agent-platform',
      }),
    ]);

    const badQuery = await request(server)
      .get('/api/readiness/v1/summaries?limit=100000')
      .set('Authorization', asBob);
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.message).toContain('limit');

    const badCursor = await request(server)
      .get('/api/readiness/v1/summaries?cursor=garbage')
      .set('Authorization', asBob);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.message).toContain('cursor');

    const gate = await request(server)
      .get(`${path}/gate?minTier=mvs`)
      .set('Authorization', asBob);
    expect(gate.body.allowed).toBe(false);
    expect(gate.body.reasons.join(' ')).toContain('build.clean');

    const history = await request(server)
      .get(`${path}/history`)
      .set('Authorization', asBob);
    expect(history.body.items.at(-1)).toMatchObject({
      stopWork: true,
      risk: 'critical',
    });
  });

  it('keeps a pushed disaster-recovery drill fresh for the 12 months its check accepts', async () => {
    const server = await startBackend();
    const res = await request(server)
      .post(`${path}/evidence`)
      .set('Authorization', asAlice)
      .send([
        { key: 'dr-drill', value: { succeeded: true } },
        { key: 'coverage', value: { linePercent: 85 } },
      ]);
    expect(res.status).toBe(201);
    const status = (id: string) =>
      res.body.checks.find((c: { id: string }) => c.id === id).status;
    expect(status('operations.disaster-recovery')).toBe('pass');
    expect(status('quality.coverage')).toBe('pass');
  });

  it('ignores a repeated push of the same CI run, and takes security audits as dependency health', async () => {
    const server = await startBackend();
    const push = (body: object) =>
      request(server)
        .post(`${path}/evidence`)
        .set('Authorization', asAlice)
        .send(body);
    const build = (succeeded: boolean, runId: string) => ({
      key: 'build',
      source: 'github-actions',
      runId,
      value: { succeeded, compilationErrors: succeeded ? 0 : 3 },
    });
    const status = (res: request.Response, id: string) =>
      res.body.checks.find((c: { id: string }) => c.id === id).status;

    expect(status(await push(build(false, 'run-1')), 'build.clean')).toBe(
      'fail',
    );
    // The same run again, even with other content, changes nothing.
    expect(status(await push(build(true, 'run-1')), 'build.clean')).toBe(
      'fail',
    );
    expect(status(await push(build(true, 'run-2')), 'build.clean')).toBe(
      'pass',
    );

    const audited = await push({
      key: 'security-audit',
      source: 'cargo-audit',
      value: {
        findings: [
          {
            ecosystem: 'crates.io',
            packageName: 'yaml-rust',
            version: '0.4.5',
            kind: 'unmaintained',
            advisoryId: 'RUSTSEC-2024-0320',
            summary: 'unmaintained',
          },
        ],
      },
    });
    expect(audited.status).toBe(201);
    expect(status(audited, 'security.audit')).toBe('fail');

    const unknownKey = await push({ key: 'vibes', value: {} });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.body.error.message).toContain('security-audit');
  });

  it('rolls components up by nested owner groups, by system and by domain, and serves the distribution', async () => {
    const server = await startBackend();
    const get = (url: string) =>
      request(server)
        .get(`/api/readiness/v1${url}`)
        .set('Authorization', asBob);
    await get('/entities/component/default/web-portal').expect(200);
    await request(server)
      .post(`${path}/evidence`)
      .set('Authorization', asAlice)
      .send({
        key: 'build',
        value: { succeeded: false, compilationErrors: 97 },
      })
      .expect(201);

    const byOwner = await get('/rollups?by=owner').expect(200);
    const owners = Object.fromEntries(
      byOwner.body.items.map((r: any) => [r.entityRef, r]),
    );
    // platform-team owns web-portal and, through orchestration-team, claude-flow
    expect(owners['group:default/platform-team']).toMatchObject({
      counts: { total: 2 },
      stopWork: true,
      tier: null,
    });
    expect(owners['group:default/orchestration-team'].counts.total).toBe(1);

    const bySystem = await get('/rollups?by=system').expect(200);
    expect(bySystem.body.items).toEqual([
      expect.objectContaining({
        entityRef: 'system:default/agent-platform',
        stopWork: true,
        counts: expect.objectContaining({ total: 2, stopWork: 1 }),
      }),
    ]);
    expect((await get('/rollups?by=domain')).status).toBe(400);

    for (const target of [
      'group/default/platform-team',
      'system/default/agent-platform',
      'domain/default/engineering',
    ]) {
      const rollup = await get(`/entities/${target}/rollup`).expect(200);
      expect(rollup.body.rollup.counts.total).toBe(2);
      expect(rollup.body.rollup.stopWork).toBe(true);
      expect(rollup.body.holdingBack[0]).toMatchObject({
        entityRef: 'component:default/claude-flow',
        stopWork: true,
        name: 'claude-flow',
      });
    }
    const group = await get(
      '/entities/group/default/orchestration-team/rollup',
    ).expect(200);
    expect(group.body.rollup.counts.total).toBe(1);
    const notAGroup = await get(
      '/entities/component/default/claude-flow/rollup',
    );
    expect(notAGroup.status).toBe(400);
    expect(notAGroup.body.error.message).toContain('kind');

    const batch = await request(server)
      .post('/api/readiness/v1/summaries/by-refs')
      .set('Authorization', asBob)
      .send({
        entityRefs: [
          'component:default/claude-flow',
          'component:default/web-portal',
          'component:default/unknown',
        ],
      })
      .expect(200);
    expect(batch.body.items.map((i: any) => i.entityRef).sort()).toEqual([
      'component:default/claude-flow',
      'component:default/web-portal',
    ]);
    const badBatch = await request(server)
      .post('/api/readiness/v1/summaries/by-refs')
      .set('Authorization', asBob)
      .send({ entityRefs: 'component:default/claude-flow' });
    expect(badBatch.status).toBe(400);
    expect(badBatch.body.error.message).toContain('entityRefs');

    const distribution = await get('/distribution').expect(200);
    expect(distribution.body.counts).toMatchObject({
      total: 2,
      stopWork: 1,
      tiers: { none: 2 },
    });
    expect(distribution.body.facets).toEqual({
      owners: [
        'group:default/orchestration-team',
        'group:default/platform-team',
      ],
      systems: ['system:default/agent-platform'],
      lifecycles: ['experimental', 'production'],
    });
    const trend = await get('/distribution/trend?days=7').expect(200);
    expect(trend.body.items).toEqual([
      {
        day: new Date().toISOString().slice(0, 10),
        counts: distribution.body.counts,
      },
    ]);
    expect((await get('/distribution/trend?days=0')).status).toBe(400);
  });

  describe('badge.svg', () => {
    const entity = path;
    const missing = '/api/readiness/v1/entities/component/default/missing';
    const badge = (base: string) => `${base}/badge.svg`;
    const badgesOn = mockServices.rootConfig.factory({
      data: { readiness: { badges: { enabled: true } } },
    });
    it('is off by default: 401 without credentials, 404 with them', async () => {
      const server = await startBackend();
      expect((await request(server).get(badge(entity))).status).toBe(401);
      const withCredentials = await request(server)
        .get(badge(entity))
        .set('Authorization', asBob);
      expect(withCredentials.status).toBe(404);
    });

    it('when enabled, is the only route open without credentials', async () => {
      const server = await startBackend(badgesOn);
      await request(server).get(entity).set('Authorization', asBob);
      const res = await request(server).get(badge(entity));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      // Unknown entities are still unknown, and bad names still a 400.
      expect((await request(server).get(badge(missing))).status).toBe(404);
      expect(
        (
          await request(server).get(
            `/api/readiness/v1/entities/component/default/${'x'.repeat(300)}/badge.svg`,
          )
        ).status,
      ).toBe(400);
      // tests/access.test.ts tries every other route without credentials.
      // Paths below the badge match no route.
      const below = await request(server).get(`${badge(entity)}/history`);
      expect(below.status).toBe(404);
      expect(JSON.stringify(below.body)).not.toContain('evaluatedAt');
    });

    it('shows the tier and stop-work state and nothing else', async () => {
      const server = await startBackend(badgesOn);
      const svg = async () => {
        const res = await request(server).get(badge(entity)).buffer(true);
        expect(res.status).toBe(200);
        return Buffer.from(res.body).toString('utf8');
      };
      // Anonymous requests never evaluate: no report yet, the same 404 as
      // an entity not in the catalog.
      const unevaluated = await request(server).get(badge(entity)).buffer(true);
      expect(unevaluated.status).toBe(404);
      expect(Buffer.from(unevaluated.body).toString('utf8')).toContain(
        '>unknown<',
      );
      await request(server).get(entity).set('Authorization', asBob);
      expect(await svg()).toContain('aria-label="readiness: no tier"');

      await request(server)
        .post(`${entity}/evidence`)
        .set('Authorization', asAlice)
        .send({
          key: 'build',
          value: { succeeded: false, compilationErrors: 97 },
        })
        .expect(201);
      const stopped = await svg();
      expect(stopped).toContain('aria-label="readiness: stop work, no tier"');
      for (const secret of ['build', 'claude-flow', '97', 'compil']) {
        expect(stopped).not.toContain(secret);
      }
    });
  });

  it('issues and lifts manual stop-work orders with a reason, behind the permission', async () => {
    const server = await startBackend();
    await request(server)
      .post(`${path}/stop-work`)
      .set('Authorization', asBob)
      .send({ reason: 'incident' })
      .expect(403);
    const noReason = await request(server)
      .post(`${path}/stop-work`)
      .set('Authorization', asAlice)
      .send({});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('reason');

    const issued = await request(server)
      .post(`${path}/stop-work`)
      .set('Authorization', asAlice)
      .send({ reason: 'incident review pending' });
    expect(issued.status).toBe(201);
    expect(issued.body.stopWork).toMatchObject({
      active: true,
      manual: { issuedBy: alice, reason: 'incident review pending' },
    });

    const lifted = await request(server)
      .delete(`${path}/stop-work`)
      .set('Authorization', asAlice)
      .send({ reason: 'review done' });
    expect(lifted.status).toBe(200);
    expect(lifted.body.stopWork.active).toBe(false);

    await request(server)
      .delete(`${path}/stop-work`)
      .set('Authorization', asAlice)
      .send({ reason: 'again' })
      .expect(404);

    // both orders are listed, newest first, for anyone who may read the entity
    await request(server)
      .post(`${path}/stop-work`)
      .set('Authorization', asAlice)
      .send({ reason: 'second incident' })
      .expect(201);
    const listed = await request(server)
      .get(`${path}/stop-work`)
      .set('Authorization', asBob)
      .expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        origin: 'manual',
        reason: 'second incident',
        issuedBy: alice,
      }),
      expect.objectContaining({
        origin: 'manual',
        reason: 'incident review pending',
        issuedBy: alice,
        liftedBy: alice,
        liftReason: 'review done',
        liftedAt: expect.any(String),
      }),
    ]);
    expect(listed.body.items[0]).not.toHaveProperty('liftedAt');
    expect(listed.body.items[0]).not.toHaveProperty('beganNotifiedAt');
    expect(listed.body.items[0]).not.toHaveProperty('entityRef');
  });

  it('notifies the owner when a manual order is issued and lifted, once each', async () => {
    const send = jest.fn().mockResolvedValue(undefined);
    const server = await startBackend(
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send }),
      }),
      // No coalescing, so the lift a moment later is told too
      // (tests/amplification.test.ts coalesces).
      mockServices.rootConfig.factory({
        data: { readiness: { notifications: { coalesceWindow: 'PT0S' } } },
      }),
    );
    for (let i = 0; i < 2; i++) {
      await request(server)
        .post(`${path}/stop-work`)
        .set('Authorization', asAlice)
        .send({ reason: 'incident review pending' })
        .expect(201);
    }
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0][0]).toMatchObject({
      recipients: { entityRef: ['group:default/orchestration-team'] },
      payload: {
        title: 'Stop work: claude-flow must not be deployed',
        description: expect.stringContaining('incident review pending'),
      },
    });
    await request(server)
      .delete(`${path}/stop-work`)
      .set('Authorization', asAlice)
      .send({ reason: 'review done' })
      .expect(200);
    expect(send).toHaveBeenCalledTimes(2);
    expect(send.mock.calls[1][0].payload.title).toBe(
      'Stop work lifted: claude-flow',
    );
  });

  it('records waivers and attestations only with a future expiry and a permission', async () => {
    const server = await startBackend();
    const past = await request(server)
      .post(`${path}/waivers`)
      .set('Authorization', asAlice)
      .send({
        checkId: 'build.clean',
        reason: 'accepted',
        owner: 'group:default/orchestration-team',
        expiresAt: '2001-01-01T00:00:00Z',
      });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toContain('expiresAt');

    const unsafe = await request(server)
      .post(`${path}/attestations`)
      .set('Authorization', asAlice)
      .send({
        kind: 'compliance',
        summary: 'SOC 2',
        // eslint-disable-next-line no-script-url -- the attack under test
        evidenceLink: 'javascript:alert(1)',
        expiresAt: '2099-01-01T00:00:00Z',
      });
    expect(unsafe.status).toBe(400);
    expect(unsafe.body.error.message).toContain('evidenceLink');

    const attested = await request(server)
      .post(`${path}/attestations`)
      .set('Authorization', asAlice)
      .send({
        kind: 'compliance',
        summary: 'SOC 2 controls reviewed',
        evidenceLink: 'https://example.com/soc2',
        expiresAt: '2099-01-01T00:00:00Z',
      });
    expect(attested.status).toBe(201);
    expect(attested.body).toMatchObject({
      attestedBy: alice,
      kind: 'compliance',
    });

    const report = await request(server).get(path).set('Authorization', asBob);
    expect(
      report.body.checks.find(
        (c: { id: string }) => c.id === 'compliance.requirements',
      ).status,
    ).toBe('pass');

    await request(server)
      .delete(`${path}/attestations/${attested.body.id}`)
      .set('Authorization', asAlice)
      .expect(204);
    const after = await request(server).get(path).set('Authorization', asBob);
    expect(
      after.body.checks.find(
        (c: { id: string }) => c.id === 'compliance.requirements',
      ).status,
    ).toBe('fail');
  });

  it('refreshes through registered collectors and keeps failed evidence as stale, never pass', async () => {
    let failing = false;
    const collector = createMockCollector({
      id: 'coverage-probe',
      evidenceKeys: ['coverage'],
      evidence: async (_entity, ctx) => {
        if (failing) {
          throw new Error('coverage service answered 503');
        }
        return [
          {
            key: 'coverage',
            value: { linePercent: 91 },
            observedAt: ctx.now.toISOString(),
            staleAfter: new Date(ctx.now.getTime() + 86_400_000).toISOString(),
          },
        ];
      },
    });
    const server = await startBackend(collectorModule(collector));

    await request(server)
      .post(`${path}/refresh`)
      .set('Authorization', asBob)
      .expect(403);
    const fresh = await request(server)
      .post(`${path}/refresh`)
      .set('Authorization', asAlice);
    expect(fresh.status).toBe(200);
    const coverage = (body: {
      checks: Array<{ id: string; status: string }>;
    }) => body.checks.find(c => c.id === 'quality.coverage')!.status;
    expect(coverage(fresh.body)).toBe('pass');

    failing = true;
    const stale = await request(server)
      .post(`${path}/refresh`)
      .set('Authorization', asAlice);
    expect(coverage(stale.body)).toBe('unknown');
    expect(stale.body.stale).toBe(true);
    // The built-in catalog collector ran too: monitoring is judged, not unknown.
    const monitoring = stale.body.checks.find(
      (c: { id: string }) => c.id === 'operations.monitoring',
    );
    expect(monitoring.status).toBe('fail');
    expect(monitoring.summary).toContain('no monitoring');
  });

  it('refuses to start when two modules register the same collector id', async () => {
    await expect(
      startBackend(
        collectorModule(createMockCollector({ id: 'dup' })),
        createBackendModule({
          pluginId: 'readiness',
          moduleId: 'second',
          register(reg) {
            reg.registerInit({
              deps: { collectors: readinessCollectorsExtensionPoint },
              async init(deps) {
                deps.collectors.addCollector(
                  createMockCollector({ id: 'dup' }),
                );
              },
            });
          },
        }),
      ),
    ).rejects.toThrow("Readiness collector 'dup' was already registered");
  });
});
