import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Finding } from '@readiness/plugin-readiness-common';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import { delay, http } from 'msw';
import { setupServer } from 'msw/node';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import {
  asAlice,
  asBob,
  claudeFlow,
  localComponent,
  permissions,
} from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { readinessPlugin } from '../plugin';

jest.setTimeout(60_000);

const examples = resolve(__dirname, '../../../../examples');
/** claude-flow in the test catalog has no repository: only pushes count. */
const noRepository = '/api/readiness/v1/entities/component/default/claude-flow';

/** lodash 4.17.15 has GHSA-35jh-r3h4-6jhm and GHSA-p6mc-m468-83gw; react has none. */
const cycloneDxJson = JSON.stringify({
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  metadata: { component: { type: 'application', name: 'web', version: '1' } },
  components: [
    { type: 'library', name: 'react', purl: 'pkg:npm/react@18.2.0' },
    {
      type: 'library',
      name: 'bundle',
      purl: 'pkg:npm/bundle@1.0.0',
      components: [
        { type: 'library', name: 'lodash', purl: 'pkg:npm/lodash@4.17.15' },
      ],
    },
    { type: 'library', name: 'vendored-thing' },
  ],
});

const cycloneDxXml = `<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
  <components>
    <component type="library">
      <name>lodash</name><version>4.17.15</version>
      <purl>pkg:npm/lodash@4.17.15</purl>
    </component>
  </components>
</bom>`;

const spdxJson = JSON.stringify({
  spdxVersion: 'SPDX-2.3',
  SPDXID: 'SPDXRef-DOCUMENT',
  name: 'image',
  documentDescribes: ['SPDXRef-image'],
  packages: [
    { SPDXID: 'SPDXRef-image', name: 'image', versionInfo: '1' },
    {
      SPDXID: 'SPDXRef-lodash',
      name: 'lodash',
      versionInfo: '4.17.15',
      externalRefs: [
        {
          referenceCategory: 'PACKAGE-MANAGER',
          referenceType: 'purl',
          referenceLocator: 'pkg:npm/lodash@4.17.15',
        },
      ],
    },
  ],
});

/** Clean: no example advisory affects it. */
const cleanSbom = JSON.stringify({
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  components: [
    { type: 'library', name: 'lodash', purl: 'pkg:npm/lodash@4.17.21' },
  ],
});

interface CheckBody {
  id: string;
  status: string;
  summary: string;
}

const vulnerabilityCheck = (body: { checks: CheckBody[] }) =>
  body.checks.find(c => c.id === 'security.vulnerabilities')!;

const identify = (f: Finding) =>
  `${f.kind} ${f.id} ${f.package} ${f.version} ${f.file}`;

/** Stopped after the tests: each holds a worker pool and a database. */
const started: Array<{ stop(): Promise<void> }> = [];
afterAll(() => Promise.all(started.map(backend => backend.stop())));

async function startBackend(
  knex: Knex | undefined,
  entities: Entity[],
  readiness: JsonObject = {
    repository: { allowedLocalRoots: [tmpdir()] },
    advisories: {
      directory: join(examples, 'advisories'),
      // The example records are a frozen sample, years old.
      maxAgeDays: 3650,
    },
  },
) {
  const backend = await startTestBackend({
    features: [
      readinessPlugin,
      catalogServiceMock.factory({ entities }),
      permissions.factory,
      ...(knex ? [mockServices.database.factory({ knex })] : []),
      mockServices.rootConfig.factory({ data: { readiness } }),
    ],
  });
  started.push(backend);
  return backend.server;
}

describe('POST .../sbom', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'a pushed CycloneDX JSON, XML or SPDX SBOM fails the vulnerability check of an entity with no repository, and GET …/sbom lists it, %p',
    async databaseId => {
      const server = await startBackend(await databases.init(databaseId), [
        claudeFlow,
      ]);
      const push = (document: string, runId: string) =>
        request(server)
          .post(`${noRepository}/sbom`)
          .set('Authorization', asAlice)
          .send({ document, source: 'ci', runId });

      const json = await push(cycloneDxJson, 'json');
      expect(json.status).toBe(201);
      expect(vulnerabilityCheck(json.body).status).toBe('fail');
      expect(json.body.findings.map(identify).sort()).toEqual([
        'vulnerability GHSA-35jh-r3h4-6jhm lodash 4.17.15 pushed SBOM',
        'vulnerability GHSA-p6mc-m468-83gw lodash 4.17.15 pushed SBOM',
      ]);

      const sbom = await request(server)
        .get(`${noRepository}/sbom`)
        .set('Authorization', asAlice);
      expect(sbom.status).toBe(200);
      const bom = JSON.parse(sbom.text);
      expect(
        bom.components.map((c: { purl: string }) => c.purl).sort(),
      ).toEqual([
        'pkg:npm/bundle@1.0.0',
        'pkg:npm/lodash@4.17.15',
        'pkg:npm/react@18.2.0',
      ]);
      // The component without a package URL is unknown, not dropped.
      expect(bom.compositions).toEqual([{ aggregate: 'incomplete' }]);
      expect(
        bom.vulnerabilities.map((v: { id: string }) => v.id).sort(),
      ).toEqual(['GHSA-35jh-r3h4-6jhm', 'GHSA-p6mc-m468-83gw']);

      // A clean push replaces the last one; SPDX and XML fail it again.
      expect(
        vulnerabilityCheck((await push(cleanSbom, 'clean')).body).status,
      ).toBe('pass');
      const spdx = await push(spdxJson, 'spdx');
      expect(spdx.status).toBe(201);
      expect(vulnerabilityCheck(spdx.body).status).toBe('fail');
      await push(cleanSbom, 'clean-2');
      const xml = await push(cycloneDxXml, 'xml');
      expect(xml.status).toBe(201);
      expect(vulnerabilityCheck(xml.body).status).toBe('fail');
      expect(xml.body.findings.map(identify)).toHaveLength(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'cannot mask what the repository scan finds, %p',
    async databaseId => {
      const root = await mkdtemp(join(tmpdir(), 'readiness-sbom-push-'));
      try {
        await cp(join(examples, 'claude-flow'), join(root, 'claude-flow'), {
          recursive: true,
        });
        const server = await startBackend(await databases.init(databaseId), [
          localComponent(root, 'claude-flow'),
        ]);
        const refreshed = await request(server)
          .post(`${noRepository}/refresh`)
          .set('Authorization', asAlice);
        expect(refreshed.status).toBe(200);
        expect(vulnerabilityCheck(refreshed.body).status).toBe('fail');

        const pushed = await request(server)
          .post(`${noRepository}/sbom`)
          .set('Authorization', asAlice)
          .send({ document: cleanSbom, source: 'ci' });
        expect(pushed.status).toBe(201);
        expect(vulnerabilityCheck(pushed.body).status).toBe('fail');
        expect(pushed.body.findings.map(identify)).toEqual(
          refreshed.body.findings.map(identify),
        );

        // The SBOM served is the scan that counts, not the later push.
        const sbom = JSON.parse(
          (
            await request(server)
              .get(`${noRepository}/sbom`)
              .set('Authorization', asAlice)
          ).text,
        );
        const files = new Set(
          sbom.components.flatMap(
            (c: { evidence: { occurrences: Array<{ location: string }> } }) =>
              c.evidence.occurrences.map(o => o.location),
          ),
        );
        expect([...files]).toEqual(['Cargo.lock']);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  );

  describe('an advisory source that never answers', () => {
    const OSV = 'https://osv.test';
    const osv = setupServer(
      http.post(`${OSV}/v1/querybatch`, () => delay('infinite')),
    );
    beforeAll(() => osv.listen({ onUnhandledRequest: 'bypass' }));
    afterAll(() => osv.close());

    it('leaves both checks unknown, naming why, within the entity timeout', async () => {
      const server = await startBackend(undefined, [claudeFlow], {
        advisories: { osv: { baseUrl: OSV } },
        collection: { entityTimeout: { seconds: 1 } },
      });
      const before = Date.now();
      const pushed = await request(server)
        .post(`${noRepository}/sbom`)
        .set('Authorization', asAlice)
        .send({ document: cleanSbom, source: 'ci' });
      expect(pushed.status).toBe(201);
      expect(Date.now() - before).toBeLessThan(10_000);
      expect(vulnerabilityCheck(pushed.body)).toMatchObject({
        status: 'unknown',
        summary: expect.stringContaining(
          'advisory lookup failed: no answer within 1 s',
        ),
      });
      expect(
        pushed.body.checks.find((c: CheckBody) => c.id === 'security.audit')
          .status,
      ).toBe('unknown');
    });
  });

  describe('refusals', () => {
    let server: Awaited<ReturnType<typeof startBackend>>;
    beforeAll(async () => {
      server = await startBackend(undefined, [claudeFlow]);
    });

    it.each([
      ['not JSON nor XML', 'SECRET-TOKEN-123 is not an SBOM'],
      ['a JSON document of another kind', '{"name":"SECRET-TOKEN-123"}'],
      [
        'an unsupported CycloneDX version',
        '{"bomFormat":"CycloneDX","specVersion":"SECRET-TOKEN-123"}',
      ],
      [
        'components that are not a list',
        '{"bomFormat":"CycloneDX","specVersion":"1.6","components":"SECRET-TOKEN-123"}',
      ],
      ['XML that is not CycloneDX', '<html>SECRET-TOKEN-123</html>'],
    ])('%s is a 400 naming document, not echoing it', async (_, document) => {
      const response = await request(server)
        .post(`${noRepository}/sbom`)
        .set('Authorization', asAlice)
        .send({ document });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/^document: /);
      expect(response.text).not.toContain('SECRET-TOKEN-123');
    });

    it('refuses a document over 10 MiB in UTF-8, saying so without quoting it', async () => {
      // Within the character cap, but three bytes a character.
      const response = await request(server)
        .post(`${noRepository}/sbom`)
        .set('Authorization', asAlice)
        .send({ document: '€'.repeat(4 * 1024 * 1024) });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe(
        'document: is 12 MiB, over the 10 MiB limit',
      );
    });

    it('refuses a document over the cap, naming document', async () => {
      const response = await request(server)
        .post(`${noRepository}/sbom`)
        .set('Authorization', asAlice)
        .send({ document: ' '.repeat(10 * 1024 * 1024 + 1) });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/^document: /);
    });

    it('refuses a body without a document, and a caller without the permission', async () => {
      const empty = await request(server)
        .post(`${noRepository}/sbom`)
        .set('Authorization', asAlice)
        .send({ source: 'ci' });
      expect(empty.status).toBe(400);
      expect(empty.body.error.message).toMatch(/document/);
      const denied = await request(server)
        .post(`${noRepository}/sbom`)
        .set('Authorization', asBob)
        .send({ document: cleanSbom });
      expect(denied.status).toBe(403);
    });

    it("refuses a collector's name as source", async () => {
      const response = await request(server)
        .post(`${noRepository}/sbom`)
        .set('Authorization', asAlice)
        .send({ document: cleanSbom, source: 'repository' });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/^source: /);
    });
  });
});
