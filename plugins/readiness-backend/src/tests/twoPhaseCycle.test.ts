import type { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotModifiedError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createRepositoryCollector,
  OsvClient,
} from '@readiness/plugin-readiness-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { createInventoryStore, DatabaseReadinessStore } from '../database';
import { createReadinessService, readBackendConfig } from '../service';

jest.setTimeout(90_000);

const OSV = 'https://osv.test';
const server = setupServer();
registerMswTestHooks(server);

/** Packages every repository locks, and packages only repository `i` locks. */
const SHARED = 400;
const OWN = 300;
const REPOSITORIES = 4;
const UNIQUE = SHARED + REPOSITORIES * OWN;

function lockfileOf(repository: number, revision: number) {
  const packages: Record<string, { version: string }> = {};
  for (let i = 0; i < SHARED; i++) {
    packages[`node_modules/shared-${i}`] = { version: '1.0.0' };
  }
  for (let i = 0; i < OWN; i++) {
    packages[`node_modules/own-${repository}-${i}`] = {
      version: `${revision}.0.0`,
    };
  }
  return JSON.stringify({
    name: `repo-${repository}`,
    lockfileVersion: 3,
    packages: { '': { name: `repo-${repository}` }, ...packages },
  });
}

/** Vulnerable: a shared package (every repository) and one of repo-2's own. */
const ADVISORIES: Record<string, { id: string; package: string }> = {
  'shared-7': { id: 'GHSA-shared-7', package: 'shared-7' },
  'own-2-5': { id: 'GHSA-own-2-5', package: 'own-2-5' },
};

function fakeOsv() {
  const calls = { batch: 0, vulns: 0, queries: 0 };
  server.use(
    http.post(`${OSV}/v1/querybatch`, async ({ request }) => {
      calls.batch++;
      const { queries } = (await request.json()) as {
        queries: Array<{ package: { name: string }; version: string }>;
      };
      calls.queries += queries.length;
      return HttpResponse.json({
        results: queries.map(q => {
          const advisory = ADVISORIES[q.package.name];
          return advisory
            ? { vulns: [{ id: advisory.id, modified: '2026-12-01T00:00:00Z' }] }
            : {};
        }),
      });
    }),
    http.get(`${OSV}/v1/vulns/:id`, ({ params }) => {
      calls.vulns++;
      const advisory = Object.values(ADVISORIES).find(a => a.id === params.id)!;
      return HttpResponse.json({
        id: advisory.id,
        modified: '2026-12-01T00:00:00Z',
        summary: `Advisory of ${advisory.package}`,
        affected: [
          {
            package: { ecosystem: 'npm', name: advisory.package },
            ranges: [
              {
                type: 'SEMVER',
                events: [{ introduced: '0' }, { fixed: '9.0.0' }],
              },
            ],
          },
        ],
      });
    }),
  );
  return calls;
}

/**
 * Repositories read one after the other, far apart, so that lookups made
 * as each is read could never share a batch call; `broken` never answers.
 */
function fakeRepositories() {
  const revisions = new Map<number, number>();
  const requests: Array<{ repository: number; notModified: boolean }> = [];
  const urlReader: UrlReaderService = {
    readUrl: jest.fn(),
    search: jest.fn(),
    async readTree(url, options) {
      const repository = Number(/repo-(\d+)/.exec(url)?.[1]);
      if (Number.isNaN(repository)) {
        throw new Error('connection refused');
      }
      const revision = revisions.get(repository) ?? 1;
      const etag = `${repository}#${revision}`;
      const notModified = options?.etag === etag;
      requests.push({ repository, notModified });
      await new Promise(r => setTimeout(r, 150 * repository));
      if (notModified) {
        throw new NotModifiedError();
      }
      return {
        etag,
        files: async () => [
          {
            path: 'package-lock.json',
            content: async () => Buffer.from(lockfileOf(repository, revision)),
          },
        ],
        archive: jest.fn(),
        dir: jest.fn(),
      };
    },
  };
  return { revisions, requests, urlReader };
}

const component = (name: string, url: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/source-location': `url:${url}` },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
});

describe('a repository cycle in two phases', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'asks OSV within the bound in a first cycle, and matches with no repository request, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseReadinessStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const osv = fakeOsv();
      const repos = fakeRepositories();
      const collector = createRepositoryCollector({
        advisories: new OsvClient({ baseUrl: OSV }),
        inventory: createInventoryStore(knex),
      });
      const entities = [
        ...Array.from({ length: REPOSITORIES }, (_, i) =>
          component(`repo-${i}`, `https://github.com/acme/repo-${i}/tree/main`),
        ),
        component('broken', 'https://github.com/acme/broken/tree/main'),
      ];
      const service = createReadinessService({
        store,
        catalog: catalogServiceMock({ entities }),
        auth: mockServices.auth(),
        collectors: () => [collector],
        config: readBackendConfig(
          new ConfigReader({ readiness: { collection: { concurrency: 8 } } }),
        ),
        logger: mockServices.logger.mock(),
        cache: mockServices.cache.mock(),
        urlReader: repos.urlReader,
      });
      const vulnerabilities = async (name: string) =>
        (await store.getReport(`component:default/${name}`))!.checks.find(
          c => c.id === 'security.vulnerabilities',
        )!;

      await service.runCollector(collector);

      // ⌈1,600 unique / 1,000⌉ full batch calls + the 2 advisories, each
      // package version asked once.
      expect(osv).toEqual({ batch: 2, vulns: 2, queries: UNIQUE });
      // One read per repository: matching read none.
      expect(repos.requests.map(r => r.repository).sort()).toEqual([
        0, 1, 2, 3,
      ]);
      for (let i = 0; i < REPOSITORIES; i++) {
        const check = await vulnerabilities(`repo-${i}`);
        expect(check.status).toBe('fail');
        expect(JSON.stringify(check)).toContain('GHSA-shared-7');
        expect(JSON.stringify(check).includes('GHSA-own-2-5')).toBe(i === 2);
      }
      // The read that failed: evaluated, unknown with the reason.
      const broken = await vulnerabilities('broken');
      expect(broken.status).toBe('unknown');
      expect(JSON.stringify(broken)).toContain('connection refused');
      const runs = await knex('readiness_collection_runs')
        .orderBy('id')
        .select('task', 'entities_total', 'entities_done', 'entities_failed');
      expect(runs).toEqual([
        {
          task: 'repository:read',
          entities_total: 5,
          entities_done: 5,
          entities_failed: 1,
        },
        {
          task: 'repository',
          entities_total: 4,
          entities_done: 4,
          entities_failed: 0,
        },
      ]);

      // Second cycle, repo-1 changed: one request per repository, a
      // tarball only for the changed one, and the new packages asked.
      repos.revisions.set(1, 2);
      repos.requests.length = 0;
      Object.assign(osv, { batch: 0, vulns: 0, queries: 0 });
      await service.runCollector(collector);
      expect(
        [...repos.requests].sort((a, b) => a.repository - b.repository),
      ).toEqual([
        { repository: 0, notModified: true },
        { repository: 1, notModified: false },
        { repository: 2, notModified: true },
        { repository: 3, notModified: true },
      ]);
      // The pre-pass asks every stored package again (a new advisory of one
      // is noticed), in full batches; the records are cached by `modified`.
      expect(osv).toEqual({ batch: 2, vulns: 0, queries: UNIQUE });
      expect((await vulnerabilities('repo-2')).status).toBe('fail');

      // Stored lockfiles gone after the read phase found the repositories
      // unchanged: the match phase reads them again rather than guess.
      await knex('readiness_lockfiles').delete();
      repos.requests.length = 0;
      await service.runCollector(collector);
      for (let i = 0; i < REPOSITORIES; i++) {
        expect(
          repos.requests
            .filter(r => r.repository === i)
            .map(r => r.notModified),
        ).toEqual([true, true, false]);
      }
      const again = await vulnerabilities('repo-2');
      expect(again.status).toBe('fail');
      expect(JSON.stringify(again)).toContain('GHSA-own-2-5');
      await knex.destroy();
    },
  );
});
