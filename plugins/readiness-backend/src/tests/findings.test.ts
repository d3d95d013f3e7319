import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Finding } from '@readiness/plugin-readiness-common';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { alice, permissions } from '../__testUtils__/testBackend';
import { readinessPlugin } from '../plugin';

jest.setTimeout(60_000);

const examples = resolve(__dirname, '../../../../examples');
const route = '/api/readiness/v1/entities/component/default/claude-flow';
const asAlice = mockCredentials.user.header(alice);

describe('the REST report carries the findings', () => {
  const databases = createTestDatabases();
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'readiness-findings-'));
    await cp(join(examples, 'claude-flow'), join(root, 'claude-flow'), {
      recursive: true,
    });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it.each(databases.eachSupportedId())(
    'collected and pushed, stored and served, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const entity: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'claude-flow',
          namespace: 'default',
          annotations: {
            'backstage.io/source-location': `dir:${join(root, 'claude-flow')}`,
            'backstage.io/managed-by-location': `file:${root}/catalog-info.yaml`,
          },
        },
        spec: { type: 'service', lifecycle: 'production', owner: 'team' },
      };
      const backend = await startTestBackend({
        features: [
          readinessPlugin,
          catalogServiceMock.factory({ entities: [entity] }),
          permissions.factory,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              readiness: {
                repository: { allowedLocalRoots: [root] },
                advisories: {
                  directory: join(examples, 'advisories'),
                  // The example records are a frozen sample, years old.
                  maxAgeDays: 3650,
                },
              },
            },
          }),
        ],
      });
      try {
        const refreshed = await request(backend.server)
          .post(`${route}/refresh`)
          .set('Authorization', asAlice);
        expect(refreshed.status).toBe(200);
        const identify = (f: Finding) =>
          `${f.kind} ${f.id} ${f.package} ${f.version} ${f.file} ${f.scope}`;
        expect(refreshed.body.findings.map(identify)).toEqual([
          'vulnerability RUSTSEC-2023-0071 rsa 0.9.8 Cargo.lock unknown',
          'vulnerability RUSTSEC-2024-0363 sqlx 0.7.2 Cargo.lock unknown',
          'unmaintained RUSTSEC-2024-0436 paste 1.0.15 Cargo.lock unknown',
          'unmaintained RUSTSEC-2024-0320 yaml-rust 0.4.5 Cargo.lock unknown',
        ]);
        expect(refreshed.body.findings[0]).toMatchObject({
          fixed: [],
          cvss: 5.9,
          severity: 'medium',
        });

        // CI pushes a dependency-health audit that says what is dev-only.
        const pushed = await request(backend.server)
          .post(`${route}/evidence`)
          .set('Authorization', asAlice)
          .send({
            key: 'dependency-health',
            observedAt: new Date().toISOString(),
            value: {
              findings: [
                {
                  ecosystem: 'npm',
                  packageName: 'request',
                  version: '2.88.2',
                  kind: 'deprecated',
                  summary: 'request has been deprecated',
                  lockfile: 'web/package-lock.json',
                  scope: 'dev',
                },
              ],
            },
          });
        expect(pushed.status).toBe(201);

        const served = await request(backend.server)
          .get(route)
          .set('Authorization', asAlice);
        expect(served.status).toBe(200);
        // The repository's own audit outranks the pushed one (the evidence
        // order): the push is stored, and counts only where no collector
        // has usable evidence. A pushed finding's scope: common's findings test.
        expect(served.body.findings).toEqual(refreshed.body.findings);
        expect(
          served.body.findings.filter(
            (f: Finding) => f.kind === 'vulnerability',
          ),
        ).toEqual(
          refreshed.body.findings.filter(
            (f: Finding) => f.kind === 'vulnerability',
          ),
        );
      } finally {
        await backend.stop();
      }
    },
  );
});
