import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createGithubActionsCollector } from '@readiness/plugin-readiness-backend-module-github';
import type {
  CheckStatus,
  ReadinessReport,
} from '@readiness/plugin-readiness-common';
import {
  createRepositoryCollector,
  OsvClient,
} from '@readiness/plugin-readiness-node';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseReadinessStore } from '../database';
import { createReadinessService, readBackendConfig } from '../service';

jest.setTimeout(60_000);

// Four repositories, each locking one npm package and built by GitHub
// Actions. A first collection run sees healthy services; in the second, OSV
// and GitHub fail differently for three of them in the middle of the run.
const names = ['alpha', 'beta', 'gamma', 'delta'] as const;
type Name = (typeof names)[number];
const packageOf: Record<Name, string> = {
  alpha: 'vuln-pkg', // has a known vulnerability; its build fails
  beta: 'clean-pkg',
  gamma: 'rate-pkg',
  delta: 'slow-pkg',
};

const OSV = 'https://osv.test';
const GITHUB = 'https://api.github.com';

const server = setupServer();
registerMswTestHooks(server);

let faulty = false;
let root: string;

/**
 * What goes wrong in the second run, for OSV and GitHub alike: alpha gets
 * 500, beta invalid JSON, gamma one 429 with Retry-After, delta no answer.
 * Undefined means answer normally.
 */
async function fault(name: Name | undefined, seen: Map<string, number>) {
  if (!faulty || !name) return undefined;
  const calls = (seen.get(name) ?? 0) + 1;
  seen.set(name, calls);
  switch (name) {
    case 'alpha':
      return new HttpResponse('boom', { status: 500 });
    case 'beta':
      return new HttpResponse('<html>', {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    case 'gamma':
      return calls === 1
        ? new HttpResponse(null, {
            status: 429,
            headers: { 'retry-after': '1' },
          })
        : undefined;
    default:
      await delay('infinite');
      return undefined;
  }
}

function fakeOsv() {
  const seen = new Map<string, number>();
  server.use(
    http.post(`${OSV}/v1/querybatch`, async ({ request }) => {
      const { queries } = (await request.json()) as {
        queries: Array<{ package: { name: string } }>;
      };
      const name = names.find(n =>
        queries.some(q => q.package.name === packageOf[n]),
      );
      const failure = await fault(name, seen);
      if (failure) return failure;
      return HttpResponse.json({
        results: queries.map(q =>
          q.package.name === packageOf.alpha
            ? {
                vulns: [{ id: 'OSV-2026-1', modified: '2026-01-01T00:00:00Z' }],
              }
            : {},
        ),
      });
    }),
    http.get(`${OSV}/v1/vulns/OSV-2026-1`, () =>
      HttpResponse.json({
        id: 'OSV-2026-1',
        modified: '2026-01-01T00:00:00Z',
        summary: 'Remote code execution in vuln-pkg',
        affected: [
          {
            package: { ecosystem: 'npm', name: packageOf.alpha },
            ranges: [
              {
                type: 'SEMVER',
                events: [{ introduced: '0' }, { fixed: '2.0.0' }],
              },
            ],
          },
        ],
      }),
    ),
  );
}

function fakeGithub() {
  const seen = new Map<string, number>();
  const workflows = [
    { id: 1, name: 'CI', path: '.github/workflows/ci.yml', state: 'active' },
    {
      id: 2,
      name: 'Deploy',
      path: '.github/workflows/deploy.yml',
      state: 'active',
    },
  ];
  const run = (repo: string, workflowId: number, conclusion: string) => ({
    id: workflowId,
    workflow_id: workflowId,
    name: workflows[workflowId - 1].name,
    head_branch: 'main',
    head_sha: `sha-${workflowId}`,
    event: 'push',
    status: 'completed',
    conclusion,
    html_url: `https://github.com/acme/${repo}/actions/runs/${workflowId}`,
    check_suite_id: workflowId * 10,
    created_at: '2026-01-01T00:00:00Z',
  });
  server.use(
    http.get(`${GITHUB}/repos/acme/*`, async ({ request }) => {
      const [repo, ...rest] = new URL(request.url).pathname
        .replace('/repos/acme/', '')
        .split('/');
      const failure = await fault(repo as Name, seen);
      if (failure) return failure;
      const path = rest.length ? `/${rest.join('/')}` : '';
      if (path === '') {
        return HttpResponse.json({
          full_name: `acme/${repo}`,
          default_branch: 'main',
        });
      }
      if (path === '/actions/workflows') {
        return HttpResponse.json({ total_count: 2, workflows });
      }
      if (path === '/actions/runs') {
        return HttpResponse.json({
          workflow_runs: [
            run(repo, 1, repo === 'alpha' ? 'failure' : 'success'),
          ],
        });
      }
      if (path === '/actions/workflows/2/runs') {
        return HttpResponse.json({ workflow_runs: [run(repo, 2, 'success')] });
      }
      if (path.startsWith('/actions/workflows/')) {
        return HttpResponse.json({ workflow_runs: [] });
      }
      if (path.endsWith('/check-runs')) {
        return HttpResponse.json({ check_runs: [] });
      }
      return HttpResponse.json([]);
    }),
  );
}

function entity(name: Name): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/source-location': `dir:${join(root, name)}/`,
        'backstage.io/managed-by-location': `file:${root}/catalog-info.yaml`,
        'github.com/project-slug': `acme/${name}`,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team' },
  };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'readiness-faults-'));
  for (const name of names) {
    await mkdir(join(root, name), { recursive: true });
    await writeFile(join(root, name, 'README.md'), `# ${name}\n`);
    // The workflows GitHub reports are in the repository too.
    await mkdir(join(root, name, '.github', 'workflows'), { recursive: true });
    for (const workflow of ['CI', 'Deploy']) {
      await writeFile(
        join(
          root,
          name,
          '.github',
          'workflows',
          `${workflow.toLowerCase()}.yml`,
        ),
        `name: ${workflow}\non: push\njobs:\n  ${workflow.toLowerCase()}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./${workflow.toLowerCase()}.sh\n`,
      );
    }
    await writeFile(
      join(root, name, 'package-lock.json'),
      JSON.stringify({
        name,
        lockfileVersion: 3,
        packages: {
          '': { name },
          [`node_modules/${packageOf[name]}`]: { version: '1.0.0' },
        },
      }),
    );
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const statuses = (report: ReadinessReport) =>
  Object.fromEntries(report.checks.map(c => [c.id, c.status])) as Record<
    string,
    CheckStatus
  >;

describe('OSV and GitHub failing in the middle of a collection run', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'completes the other entities, keeps old evidence stale with the reason, never turns fail into pass, %p',
    async databaseId => {
      faulty = false;
      fakeOsv();
      fakeGithub();
      const knex = await databases.init(databaseId);
      const store = await DatabaseReadinessStore.create({
        database: { getClient: async () => knex, migrations: { skip: false } },
      });
      const config = readBackendConfig(
        new ConfigReader({
          readiness: {
            // One entity at a time, so OSV lookups are not shared between
            // entities and each meets its own fault (a shared batch fails
            // for every entity it carries, as an outage would).
            collection: { entityTimeout: { seconds: 2 }, concurrency: 1 },
            repository: { allowedLocalRoots: [root] },
          },
        }),
      );
      const integrations = ScmIntegrations.fromConfig(
        new ConfigReader({
          integrations: { github: [{ host: 'github.com', token: 't' }] },
        }),
      );
      const collectors = [
        createRepositoryCollector({
          advisories: new OsvClient({
            baseUrl: OSV,
            // Nothing cached: the next run asks OSV again, as it would once
            // the cached answers expire.
            cache: mockServices.cache.mock({
              get: async () => undefined,
              set: async () => {},
            }),
            maxAttempts: 2,
            timeoutMs: 300,
            sleep: async () => {},
          }),
          allowedLocalRoots: [root],
        }),
        createGithubActionsCollector({
          integrations,
          credentialsProvider:
            DefaultGithubCredentialsProvider.fromIntegrations(integrations),
          sleep: async () => {},
        }),
      ];
      const transitions: string[] = [];
      const service = createReadinessService({
        store,
        catalog: catalogServiceMock({ entities: names.map(entity) }),
        auth: mockServices.auth(),
        collectors: () => collectors,
        config,
        logger: mockServices.logger.mock(),
        cache: mockServices.cache.mock(),
        urlReader: mockServices.urlReader.mock(),
        onStopWorkTransition: async (e, _report, transition) => {
          transitions.push(
            `${e.metadata.name} ${transition.began ? 'began' : 'lifted'}`,
          );
        },
      });
      const collectAll = async () => {
        for (const collector of collectors) {
          await service.runCollector(collector);
          expect(await service.getProgress()).toMatchObject({
            running: false,
            entitiesDone: 4,
            entitiesTotal: 4,
          });
        }
      };
      const reports = async () =>
        Object.fromEntries(
          await Promise.all(
            names.map(async n => [
              n,
              (await store.getReport(`component:default/${n}`))!,
            ]),
          ),
        ) as Record<Name, ReadinessReport>;

      await collectAll();
      const before = await reports();
      expect(statuses(before.alpha)).toMatchObject({
        'security.vulnerabilities': 'fail',
        'build.clean': 'fail',
        'delivery.pipeline': 'pass',
      });
      for (const name of ['beta', 'gamma', 'delta'] as const) {
        expect(statuses(before[name])).toMatchObject({
          'security.vulnerabilities': 'pass',
          'build.clean': 'pass',
          'delivery.pipeline': 'pass',
        });
      }
      expect(before.alpha.stopWork.active).toBe(true);
      expect(transitions).toEqual(['alpha began']);
      const notified = [...transitions];

      faulty = true;
      await collectAll();
      const after = await reports();

      // No check of any entity went from fail to pass.
      const flipped = names.flatMap(name => {
        const was = statuses(before[name]);
        const now = statuses(after[name]);
        return Object.keys(was)
          .filter(id => was[id] === 'fail' && now[id] === 'pass')
          .map(id => `${name} ${id}`);
      });
      expect(flipped).toEqual([]);
      // gamma waited out its 429 and completed as before.
      expect(statuses(after.gamma)).toEqual(statuses(before.gamma));
      // The others: the affected checks are unknown, with the reason.
      const reasons: Record<Name, RegExp> = {
        alpha: /500/,
        beta: /JSON/i,
        gamma: /./,
        delta: /timed out/i,
      };
      for (const name of ['alpha', 'beta', 'delta'] as const) {
        const checks = after[name].checks;
        for (const id of ['security.vulnerabilities', 'build.clean']) {
          const check = checks.find(c => c.id === id)!;
          expect({ name, id, status: check.status }).toEqual({
            name,
            id,
            status: 'unknown',
          });
          expect(check.summary).toMatch(reasons[name]);
        }
        expect(after[name].stale).toBe(true);
        // The last value is still stored, marked stale with the reason.
        const evidence = await store.listEvidence(`component:default/${name}`);
        for (const key of ['vulnerabilities', 'build']) {
          const item = evidence.find(e => e.key === key)!;
          expect(item.value).toBeDefined();
          expect(item.staleReason).toMatch(reasons[name]);
        }
      }
      const alphaVulns = (
        await store.listEvidence('component:default/alpha')
      ).find(e => e.key === 'vulnerabilities')!;
      expect(JSON.stringify(alphaVulns.value)).toContain('OSV-2026-1');
      // The order stays: an outage never lifts it, nor notifies twice.
      expect(after.alpha.stopWork.active).toBe(true);
      expect(transitions).toEqual(notified);
    },
  );
});
