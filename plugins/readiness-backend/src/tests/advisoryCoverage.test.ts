import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createRepositoryCollector,
  DirectoryAdvisorySource,
} from '@readiness/plugin-readiness-node';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localComponent } from '../__testUtils__/testBackend';
import { writeNpmAdvisoryDirectory } from '../__testUtils__/advisoryDirectory';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseReadinessStore } from '../database';
import { createReadinessService, readBackendConfig } from '../service';

jest.setTimeout(60_000);

// A Go module and an npm project, scanned against an offline directory in
// OSV's layout that holds npm records only (npm/all.zip).
const names = ['go-service', 'npm-service'] as const;

describe('advisory coverage through the backend', () => {
  const databases = createTestDatabases();
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'readiness-coverage-'));
    await mkdir(join(root, 'go-service'));
    await writeFile(
      join(root, 'go-service', 'go.sum'),
      'github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\n',
    );
    await mkdir(join(root, 'npm-service'));
    await writeFile(
      join(root, 'npm-service', 'package-lock.json'),
      JSON.stringify({
        name: 'npm-service',
        lockfileVersion: 3,
        packages: {
          '': { name: 'npm-service' },
          'node_modules/left-pad': { version: '1.3.0' },
        },
      }),
    );
    await writeNpmAdvisoryDirectory(join(root, 'osv'), {
      id: 'GHSA-test-0001',
      name: 'other-pkg',
      fixed: '1.0.0',
    });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it.each(databases.eachSupportedId())(
    'stores the source with the scan: uncovered Go is unknown, covered npm passes, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseReadinessStore.create({
        database: { getClient: async () => knex, migrations: { skip: false } },
      });
      const directory = join(root, 'osv');
      const collectors = [
        createRepositoryCollector({
          advisories: new DirectoryAdvisorySource({ directory }),
          allowedLocalRoots: [root],
        }),
      ];
      const service = createReadinessService({
        store,
        catalog: catalogServiceMock({
          entities: names.map(n => localComponent(root, n)),
        }),
        auth: mockServices.auth(),
        collectors: () => collectors,
        config: readBackendConfig(
          new ConfigReader({
            readiness: { repository: { allowedLocalRoots: [root] } },
          }),
        ),
        logger: mockServices.logger.mock(),
        cache: mockServices.cache.mock(),
        urlReader: mockServices.urlReader.mock(),
      });
      await service.runCollector(collectors[0]);

      const go = (await store.getReport('component:default/go-service'))!;
      const goCheck = go.checks.find(c => c.id === 'security.vulnerabilities')!;
      expect(goCheck.status).toBe('unknown');
      expect(goCheck.summary).toBe(
        `no advisory records for Go in directory ${directory}`,
      );
      expect(go.advisorySources).toEqual([
        {
          kind: 'directory',
          location: directory,
          ecosystems: [
            {
              ecosystem: 'npm',
              records: 1,
              newestModified: expect.any(String),
            },
          ],
          newestModified: expect.any(String),
          maxAgeDays: 7,
          uncovered: ['Go'],
        },
      ]);

      const npm = (await store.getReport('component:default/npm-service'))!;
      expect(
        npm.checks.find(c => c.id === 'security.vulnerabilities'),
      ).toMatchObject({
        status: 'pass',
        summary: 'no known vulnerabilities in 1 locked package',
      });
      expect(npm.advisorySources?.[0].uncovered).toEqual([]);
    },
  );
});
