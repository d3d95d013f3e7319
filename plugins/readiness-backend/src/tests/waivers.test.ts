import {
  type BackstageCredentials,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  OpenVexDocument,
  VulnerabilityFinding,
} from '@readiness/plugin-readiness-common';
import { readinessCollectorsExtensionPoint } from '@readiness/plugin-readiness-node';
import { createMockCollector } from '@readiness/plugin-readiness-node/testUtils';
import type { Server } from 'node:http';
import request from 'supertest';
import { readinessPlugin } from '../plugin';
import { claudeFlow, webPortal } from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

// The approver holds every permission; the guest may request, revoke and
// push, but not approve; bob holds none; CI (a service) is like the guest.
const approver = 'user:default/ada';
const guest = 'user:development/guest';
const as = {
  approver: mockCredentials.user.header(approver),
  guest: mockCredentials.user.header(guest),
  bob: mockCredentials.user.header('user:default/bob'),
  ci: mockCredentials.service.header(),
};
const userOf = (credentials?: BackstageCredentials) =>
  (credentials?.principal as { userEntityRef?: string }).userEntityRef;

const permissions = mockServices.permissions.mock({
  async authorizeConditional(requests) {
    return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
  },
  async authorize(requests, options) {
    const user = userOf(options?.credentials);
    return requests.map(({ permission }) => {
      const allowed =
        user === approver ||
        (user !== 'user:default/bob' &&
          permission.name !== 'readiness.waiver.approve');
      return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    });
  },
});

const finding = (
  advisoryId: string,
  packageName: string,
  aliases: string[] = [],
): VulnerabilityFinding => ({
  advisoryId,
  aliases,
  ecosystem: 'npm',
  packageName,
  version: '1.0.0',
  severity: 'high',
  summary: `${advisoryId} in ${packageName}`,
  fixedVersions: ['1.0.1'],
  link: `https://osv.dev/vulnerability/${advisoryId}`,
});

/** Two advisories on two packages; web-portal has none. */
const scanner = createMockCollector({
  id: 'scanner',
  evidenceKeys: ['vulnerabilities'],
  evidence: async (entity, ctx) => {
    const vulnerable = entity.metadata.name === 'claude-flow';
    return [
      {
        key: 'vulnerabilities',
        value: {
          scannedPackages: 3,
          findings: vulnerable
            ? [
                finding('GHSA-aaaa-bbbb-cccc', 'left-pad', ['CVE-2024-0001']),
                finding('GHSA-dddd-eeee-ffff', 'lodash'),
              ]
            : [],
          unreadable: [],
          unpinned: [],
          inventory: ['left-pad', 'lodash', 'express'].map(name => ({
            ecosystem: 'npm',
            name,
            version: '1.0.0',
            files: ['package-lock.json'],
          })),
        },
        observedAt: ctx.now.toISOString(),
        staleAfter: new Date(ctx.now.getTime() + 86_400_000).toISOString(),
      },
    ];
  },
});

const scannerModule = createBackendModule({
  pluginId: 'readiness',
  moduleId: 'scanner',
  register(reg) {
    reg.registerInit({
      deps: { collectors: readinessCollectorsExtensionPoint },
      async init(deps) {
        deps.collectors.addCollector(scanner);
      },
    });
  },
});

const base = '/api/readiness/v1/entities/component/default';
const flow = `${base}/claude-flow`;
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

function vex(
  statements: Array<Partial<OpenVexDocument['statements'][number]>>,
): OpenVexDocument {
  return {
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': 'https://ci.example.com/vex/1',
    author: 'CI',
    timestamp: '2026-12-01T00:00:00Z',
    version: 1,
    statements: statements.map(s => ({
      vulnerability: { name: 'GHSA-aaaa-bbbb-cccc' },
      products: [{ '@id': 'pkg:npm/left-pad@1.0.0' }],
      status: 'not_affected',
      justification: 'vulnerable_code_not_in_execute_path',
      ...s,
    })),
  };
}

describe('waiver workflow', () => {
  const databases = createTestDatabases();

  async function start(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    const { server } = await startTestBackend({
      features: [
        readinessPlugin,
        scannerModule,
        catalogServiceMock.factory({ entities: [claudeFlow, webPortal] }),
        permissions.factory,
        mockServices.database.factory({ knex }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: { readiness: { refresh: { rateLimit: { requests: 100 } } } },
        }),
      ],
    });
    for (const url of [flow, `${base}/web-portal`]) {
      await request(server)
        .post(`${url}/refresh`)
        .set('Authorization', as.approver)
        .expect(200);
    }
    return server;
  }

  const call = (
    server: Server,
    method: 'get' | 'post' | 'delete',
    url: string,
    auth: string,
    body?: object,
  ) => {
    const req = request(server)[method](url).set('Authorization', auth);
    return body ? req.send(body) : req;
  };

  async function statusOf(server: Server, checkId: string, url = flow) {
    const res = await call(server, 'get', url, as.approver).expect(200);
    return res.body.checks.find((c: { id: string }) => c.id === checkId);
  }

  const coverage = (reason = 'legacy module') => ({
    checkId: 'security.vulnerabilities',
    reason,
    owner: 'group:default/orchestration-team',
    expiresAt: inAMonth(),
  });

  it.each(databases.eachSupportedId())(
    "keeps a guest's request pending until approved, then waived (never pass), and records each transition, %p",
    async databaseId => {
      const server = await start(databaseId);
      expect((await statusOf(server, 'security.vulnerabilities')).status).toBe(
        'fail',
      );

      const requested = await call(
        server,
        'post',
        `${flow}/waivers`,
        as.guest,
        coverage(),
      ).expect(201);
      expect(requested.body).toMatchObject({
        state: 'pending',
        createdBy: guest,
      });
      const id = requested.body.id;
      expect((await statusOf(server, 'security.vulnerabilities')).status).toBe(
        'fail',
      );

      // The guest may not approve, not even their own request.
      const denied = await call(
        server,
        'post',
        `${flow}/waivers/${id}/approve`,
        as.guest,
      );
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toContain('readiness.waiver.approve');

      const approved = await call(
        server,
        'post',
        `${flow}/waivers/${id}/approve`,
        as.approver,
        { reason: 'tracked in SEC-12' },
      ).expect(200);
      expect(approved.body).toMatchObject({
        state: 'approved',
        decidedBy: approver,
      });
      const check = await statusOf(server, 'security.vulnerabilities');
      expect(check.status).toBe('waived');
      expect(check.waiver).toMatchObject({ id, state: 'approved' });

      // Approving twice is a conflict, and so is denying an approved one.
      for (const action of ['approve', 'deny']) {
        const again = await call(
          server,
          'post',
          `${flow}/waivers/${id}/${action}`,
          as.approver,
          { reason: 'again' },
        );
        expect(again.status).toBe(409);
        expect(again.body.error.message).toContain('is approved');
      }

      const revoked = await call(
        server,
        'post',
        `${flow}/waivers/${id}/revoke`,
        as.guest,
        { reason: 'fixed upstream instead' },
      ).expect(200);
      expect(revoked.body.state).toBe('revoked');
      expect((await statusOf(server, 'security.vulnerabilities')).status).toBe(
        'fail',
      );
      expect(
        (await call(server, 'post', `${flow}/waivers/${id}/revoke`, as.guest))
          .status,
      ).toBe(409);

      const trail = await call(
        server,
        'get',
        `${flow}/waivers/${id}/trail`,
        as.bob,
      ).expect(200);
      expect(
        trail.body.items.map(
          (t: {
            from?: string;
            to: string;
            actor: string;
            reason?: string;
          }) => [t.from, t.to, t.actor, t.reason],
        ),
      ).toEqual([
        [undefined, 'pending', guest, 'legacy module'],
        ['pending', 'approved', approver, 'tracked in SEC-12'],
        ['approved', 'revoked', guest, 'fixed upstream instead'],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'denies with a reason, lists by state, approves at once for an approver, and answers 400, 403, 404 and 409, %p',
    async databaseId => {
      const server = await start(databaseId);
      const pending = await call(
        server,
        'post',
        `${flow}/waivers`,
        as.guest,
        coverage('please'),
      ).expect(201);
      const id = pending.body.id;

      const noReason = await call(
        server,
        'post',
        `${flow}/waivers/${id}/deny`,
        as.approver,
      );
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.message).toMatch(/^reason: /);
      expect(
        (
          await call(server, 'post', `${flow}/waivers/${id}/deny`, as.bob, {
            reason: 'no',
          })
        ).status,
      ).toBe(403);
      const denied = await call(
        server,
        'post',
        `${flow}/waivers/${id}/deny`,
        as.approver,
        { reason: 'fix it instead' },
      ).expect(200);
      expect(denied.body).toMatchObject({
        state: 'denied',
        decidedBy: approver,
      });
      expect(
        (
          await call(
            server,
            'post',
            `${flow}/waivers/${id}/approve`,
            as.approver,
          )
        ).status,
      ).toBe(409);
      expect(
        (
          await call(
            server,
            'post',
            `${flow}/waivers/missing/approve`,
            as.approver,
          )
        ).status,
      ).toBe(404);

      // An approver's own request applies at once, with the reason in the trail.
      const own = await call(
        server,
        'post',
        `${flow}/waivers`,
        as.approver,
        coverage('accepted by the security lead'),
      ).expect(201);
      expect(own.body).toMatchObject({
        state: 'approved',
        decidedBy: approver,
      });
      expect((await statusOf(server, 'security.vulnerabilities')).status).toBe(
        'waived',
      );
      const ownTrail = await call(
        server,
        'get',
        `${flow}/waivers/${own.body.id}/trail`,
        as.approver,
      ).expect(200);
      expect(ownTrail.body.items.map((t: { to: string }) => t.to)).toEqual([
        'pending',
        'approved',
      ]);

      const list = async (query: string) =>
        (
          await call(server, 'get', `${flow}/waivers${query}`, as.bob).expect(
            200,
          )
        ).body.items.map((w: { id: string; state: string }) => w.state);
      expect(await list('')).toEqual(['denied', 'approved']);
      expect(await list('?state=approved')).toEqual(['approved']);
      expect(await list('?state=pending,denied')).toEqual(['denied']);
      const bad = await call(
        server,
        'get',
        `${flow}/waivers?state=granted`,
        as.bob,
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('state');

      const noPermission = await call(
        server,
        'post',
        `${flow}/waivers`,
        as.bob,
        coverage(),
      );
      expect(noPermission.status).toBe(403);
      const badScope = await call(server, 'post', `${flow}/waivers`, as.guest, {
        ...coverage(),
        checkId: 'quality.coverage',
        advisories: ['GHSA-aaaa-bbbb-cccc'],
      });
      expect(badScope.status).toBe(400);
      expect(badScope.body.error.message).toMatch(/^advisories: /);
    },
  );

  it.each(databases.eachSupportedId())(
    'waives security.vulnerabilities only when every failing advisory is covered, marking the waived findings, %p',
    async databaseId => {
      const server = await start(databaseId);
      // Named by its alias, on its package.
      await call(server, 'post', `${flow}/waivers`, as.approver, {
        ...coverage('not reachable'),
        advisories: ['CVE-2024-0001'],
        package: 'left-pad',
      }).expect(201);
      let check = await statusOf(server, 'security.vulnerabilities');
      expect(check.status).toBe('fail');
      expect(check.summary).toContain('GHSA-dddd-eeee-ffff');
      expect(check.summary).not.toContain('GHSA-aaaa-bbbb-cccc');
      expect(check.details.join('\n')).toContain('waived: GHSA-aaaa-bbbb-cccc');
      const report = await call(server, 'get', flow, as.approver).expect(200);
      expect(
        report.body.findings.map((f: { id: string; waiverId?: string }) => [
          f.id,
          Boolean(f.waiverId),
        ]),
      ).toEqual(
        expect.arrayContaining([
          ['GHSA-aaaa-bbbb-cccc', true],
          ['GHSA-dddd-eeee-ffff', false],
        ]),
      );

      // A waiver of the same advisory on another package covers nothing.
      await call(server, 'post', `${flow}/waivers`, as.approver, {
        ...coverage('wrong package'),
        advisories: ['GHSA-dddd-eeee-ffff'],
        package: 'left-pad',
      }).expect(201);
      expect((await statusOf(server, 'security.vulnerabilities')).status).toBe(
        'fail',
      );
      await call(server, 'post', `${flow}/waivers`, as.approver, {
        ...coverage('dev only'),
        advisories: ['GHSA-dddd-eeee-ffff'],
      }).expect(201);
      check = await statusOf(server, 'security.vulnerabilities');
      expect(check.status).toBe('waived');
    },
  );

  it.each(databases.eachSupportedId())(
    'turns a pushed OpenVEX document into waivers of exactly the advisories it names, pending unless the pusher may approve, and exports them back, %p',
    async databaseId => {
      const server = await start(databaseId);
      const document = vex([
        {
          vulnerability: {
            name: 'GHSA-aaaa-bbbb-cccc',
            aliases: ['CVE-2024-0001'],
          },
        },
        // Not a package of this entity.
        { products: [{ '@id': 'pkg:npm/react@18.0.0' }] },
        { status: 'affected', justification: undefined },
      ]);
      const pushed = await call(server, 'post', `${flow}/vex`, as.ci, {
        document,
      }).expect(201);
      expect(pushed.body.created).toHaveLength(1);
      expect(pushed.body.created[0]).toMatchObject({
        state: 'pending',
        checkId: 'security.vulnerabilities',
        advisories: ['GHSA-aaaa-bbbb-cccc', 'CVE-2024-0001'],
        package: 'left-pad',
        vex: {
          product: 'pkg:npm/left-pad@1.0.0',
          justification: 'vulnerable_code_not_in_execute_path',
        },
      });
      expect(
        pushed.body.skipped.map((s: { statement: number }) => s.statement),
      ).toEqual([1, 2]);
      // Pending: nothing waived yet, and the same push again adds nothing.
      expect((await statusOf(server, 'security.vulnerabilities')).status).toBe(
        'fail',
      );
      const again = await call(server, 'post', `${flow}/vex`, as.ci, {
        document: JSON.stringify(document),
      }).expect(201);
      expect(again.body).toMatchObject({ created: [], unchanged: [0] });

      await call(
        server,
        'post',
        `${flow}/waivers/${pushed.body.created[0].id}/approve`,
        as.approver,
      ).expect(200);
      const report = await call(server, 'get', flow, as.approver).expect(200);
      expect(
        report.body.findings
          .filter((f: { waiverId?: string }) => f.waiverId)
          .map((f: { id: string }) => f.id),
      ).toEqual(['GHSA-aaaa-bbbb-cccc']);
      expect((await statusOf(server, 'security.vulnerabilities')).status).toBe(
        'fail',
      );

      // Exported, and pushed by an approver to another entity: the same
      // statement, approved at once there.
      const exported = await call(server, 'get', `${flow}/vex`, as.bob).expect(
        200,
      );
      expect(exported.body).toMatchObject({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        statements: [
          {
            vulnerability: {
              name: 'GHSA-aaaa-bbbb-cccc',
              aliases: ['CVE-2024-0001'],
            },
            products: [{ '@id': 'pkg:npm/left-pad@1.0.0' }],
            status: 'not_affected',
            justification: 'vulnerable_code_not_in_execute_path',
          },
        ],
      });
      const imported = await call(
        server,
        'post',
        `${base}/web-portal/vex`,
        as.approver,
        { document: exported.body },
      ).expect(201);
      expect(imported.body.created).toEqual([
        expect.objectContaining({
          state: 'approved',
          advisories: ['GHSA-aaaa-bbbb-cccc', 'CVE-2024-0001'],
          package: 'left-pad',
          reason: pushed.body.created[0].reason,
          vex: pushed.body.created[0].vex,
        }),
      ]);
      const portalVex = await call(
        server,
        'get',
        `${base}/web-portal/vex`,
        as.bob,
      ).expect(200);
      expect(portalVex.body.statements).toEqual(
        exported.body.statements.map((s: object) => ({
          ...s,
          timestamp: expect.any(String),
        })),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'answers 400 naming the field of an invalid OpenVEX document, without quoting it, and 403 without waiver.create, %p',
    async databaseId => {
      const server = await start(databaseId);
      const hostile = '<script>alert(1)</script>';
      const cases: Array<[object, RegExp]> = [
        [{ ...vex([{}]), '@context': hostile }, /^document\["@context"\]: /],
        [
          vex([{ status: 'not_affected', justification: undefined }]),
          /^document\.statements\[0\]\.justification: /,
        ],
        [
          vex([{ justification: hostile as never }]),
          /^document\.statements\[0\]\.justification: /,
        ],
        [
          vex([{ vulnerability: { name: hostile } }]),
          /^document\.statements\[0\]\.vulnerability\.name: /,
        ],
        [vex([{ products: [] }]), /^document\.statements\[0\]\.products: /],
      ];
      for (const [document, message] of cases) {
        const res = await call(server, 'post', `${flow}/vex`, as.ci, {
          document,
        });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(res.text).not.toContain('<script>');
      }
      const notJson = await call(server, 'post', `${flow}/vex`, as.ci, {
        document: `{${hostile}`,
      });
      expect(notJson.status).toBe(400);
      expect(notJson.body.error.message).toMatch(/^document: /);
      expect(notJson.text).not.toContain('<script>');

      const forbidden = await call(server, 'post', `${flow}/vex`, as.bob, {
        document: vex([{}]),
      });
      expect(forbidden.status).toBe(403);
      const listed = await call(server, 'get', `${flow}/waivers`, as.bob);
      expect(listed.body.items).toEqual([]);
    },
  );
});
