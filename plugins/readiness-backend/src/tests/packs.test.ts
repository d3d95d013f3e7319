import type { Entity } from '@backstage/catalog-model';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { ReadinessReport } from '@readiness/plugin-readiness-common';
import request from 'supertest';
import { asAlice, claudeFlow, permissions } from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { readinessPlugin } from '../plugin';

jest.setTimeout(60_000);

// claude-flow, as a library: the slsa-build pack applies to libraries.
const library: Entity = {
  ...claudeFlow,
  spec: { ...claudeFlow.spec, type: 'library' },
};
const route = '/api/readiness/v1/entities/component/default/claude-flow';

const started: Array<{ stop(): Promise<void> }> = [];
afterAll(() => Promise.all(started.map(backend => backend.stop())));

describe('tier packs in the backend', () => {
  const databases = createTestDatabases();

  it('refuses to start with an unknown pack, naming the known ones', async () => {
    await expect(
      startTestBackend({
        features: [
          readinessPlugin,
          catalogServiceMock.factory({ entities: [library] }),
          mockServices.rootConfig.factory({
            data: { readiness: { packs: [{ pack: 'nist-800-53' }] } },
          }),
        ],
      }),
    ).rejects.toThrow(
      /packs\[0\]\.pack: unknown pack "nist-800-53"; the packs are seed, osps-baseline, slsa-build/,
    );
  });

  it.each(databases.eachSupportedId())(
    'grades a library on slsa-build from pushed provenance, checked against its schema, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          readinessPlugin,
          catalogServiceMock.factory({ entities: [library] }),
          permissions.factory,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              readiness: {
                packs: [
                  { pack: 'slsa-build', appliesTo: { 'spec.type': 'library' } },
                ],
              },
            },
          }),
        ],
      });
      started.push(backend);
      const push = (value: unknown) =>
        request(backend.server)
          .post(`${route}/evidence`)
          .set('Authorization', asAlice)
          .send({ key: 'slsa.provenance', source: 'release', value });
      const levels = (report: ReadinessReport) =>
        report.checks.map(c => `${c.id} ${c.status}`);

      const misspelt = await push({
        buildType: 'https://actions.github.io/buildtypes/workflow/v1',
        builderId: 'https://github.com/acme/claude-flow/release.yml',
        hostd: true,
      });
      expect(misspelt.status).toBe(400);
      expect(misspelt.body.error.message).toContain('hostd');

      const pushed = await push({
        buildType: 'https://actions.github.io/buildtypes/workflow/v1',
        builderId: 'https://github.com/acme/claude-flow/release.yml',
        hosted: true,
        signed: true,
        isolated: false,
      });
      expect(pushed.status).toBe(201);
      const report = (
        await request(backend.server).get(route).set('Authorization', asAlice)
      ).body as ReadinessReport;
      expect(report.pack).toBe('slsa-build');
      expect(levels(report)).toEqual([
        'slsa.build-l1 pass',
        'slsa.build-l2 pass',
        'slsa.build-l3 fail',
      ]);
      expect(report.tier).toBe('production');
    },
  );
});
