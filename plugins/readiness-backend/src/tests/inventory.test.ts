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

jest.setTimeout(60_000);

const OSV = 'https://osv.test';
const server = setupServer();
registerMswTestHooks(server);

/** 1,200 locked packages, lodash 4.17.20 among them: two batch calls' worth. */
const lockfile = JSON.stringify({
  name: 'shop',
  lockfileVersion: 3,
  packages: {
    '': { name: 'shop' },
    'node_modules/lodash': { version: '4.17.20' },
    ...Object.fromEntries(
      Array.from({ length: 1199 }, (_, i) => [
        `node_modules/filler-${i}`,
        { version: '1.0.0' },
      ]),
    ),
  },
});

const lodashAdvisory = {
  id: 'GHSA-lodash-new',
  modified: '2026-12-03T00:00:00Z',
  summary: 'Prototype pollution in lodash',
  affected: [
    {
      package: { ecosystem: 'npm', name: 'lodash' },
      ranges: [
        { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] },
      ],
    },
  ],
};

/** A fake OSV with no advisory until a test publishes one; calls counted. */
function fakeOsv() {
  const published: Array<typeof lodashAdvisory> = [];
  const calls = { batch: 0, vulns: 0 };
  server.use(
    http.post(`${OSV}/v1/querybatch`, async ({ request }) => {
      calls.batch++;
      const { queries } = (await request.json()) as {
        queries: Array<{ package: { name: string }; version: string }>;
      };
      return HttpResponse.json({
        results: queries.map(q => {
          const vulns = published
            .filter(
              a =>
                a.affected[0].package.name === q.package.name &&
                q.version === '4.17.20',
            )
            .map(a => ({ id: a.id, modified: a.modified }));
          return vulns.length ? { vulns } : {};
        }),
      });
    }),
    http.get(`${OSV}/v1/vulns/:id`, ({ params }) => {
      calls.vulns++;
      return HttpResponse.json(published.find(a => a.id === params.id));
    }),
  );
  return { published, calls };
}

/** Forks of one repository at one revision; requests counted. */
function fakeRepositories(urls: string[]) {
  const requests: Array<{ url: string; notModified: boolean }> = [];
  const urlReader: UrlReaderService = {
    readUrl: jest.fn(),
    search: jest.fn(),
    async readTree(url, options) {
      const etag = `${url}#1`;
      const notModified = options?.etag === etag;
      requests.push({ url, notModified });
      if (notModified) {
        throw new NotModifiedError();
      }
      return {
        etag,
        files: async () => [
          {
            path: 'package-lock.json',
            content: async () => Buffer.from(lockfile),
          },
        ],
        archive: jest.fn(),
        dir: jest.fn(),
      };
    },
  };
  return { urls, requests, urlReader };
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

describe('the stored inventory through a collection cycle', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'notices a new advisory with no repository read, asking OSV within the bound, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseReadinessStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const osv = fakeOsv();
      const repos = fakeRepositories([
        'https://github.com/acme/shop/tree/main',
        'https://github.com/acme/shop-fork/tree/main',
      ]);
      const collector = createRepositoryCollector({
        advisories: new OsvClient({ baseUrl: OSV }),
        inventory: createInventoryStore(knex),
      });
      const service = createReadinessService({
        store,
        catalog: catalogServiceMock({
          entities: repos.urls.map((url, i) => component(`shop-${i}`, url)),
        }),
        auth: mockServices.auth(),
        collectors: () => [collector],
        config: readBackendConfig(new ConfigReader({})),
        logger: mockServices.logger.mock(),
        cache: mockServices.cache.mock(),
        urlReader: repos.urlReader,
      });
      const vulnerabilityCheck = async (name: string) =>
        (await store.getReport(`component:default/${name}`))!.checks.find(
          c => c.id === 'security.vulnerabilities',
        )!;

      await service.runCollector(collector);
      expect(await vulnerabilityCheck('shop-0')).toMatchObject({
        status: 'pass',
      });
      // The forks' identical lockfile is stored once.
      expect(
        Number((await knex('readiness_lockfiles').count({ n: '*' }))[0].n),
      ).toBe(1);

      osv.published.push(lodashAdvisory);
      osv.calls.batch = 0;
      osv.calls.vulns = 0;
      repos.requests.length = 0;
      await service.runCollector(collector);

      // One conditional request per repository, each not modified.
      const byUrl = (a: { url: string }, b: { url: string }) =>
        a.url.localeCompare(b.url);
      expect([...repos.requests].sort(byUrl)).toEqual(
        repos.urls.map(url => ({ url, notModified: true })).sort(byUrl),
      );
      // ⌈1,200 unique / 1,000⌉ batch calls + 1 unique advisory.
      expect(osv.calls).toEqual({ batch: 2, vulns: 1 });
      for (const name of ['shop-0', 'shop-1']) {
        const check = await vulnerabilityCheck(name);
        expect(check.status).toBe('fail');
        expect(JSON.stringify(check)).toContain('GHSA-lodash-new');
      }
      await knex.destroy();
    },
  );
});
