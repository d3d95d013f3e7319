import { registerMswTestHooks } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { createCollectorContext } from '@readiness/plugin-readiness-node/testUtils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  createGithubActionsCollector,
  type GithubActionsCollectorOptions,
} from './createGithubActionsCollector';

const API = 'https://api.github.com';
const GHE_API = 'https://ghe.example.com/api/v3';
const REPO = `${API}/repos/acme/api`;
const LOG_STORAGE = 'https://logs.example.com/jobs';
/** Real cargo output (6 errors: 3 E0432, 2 E0308, 1 E0425; 1 warning) as a job log: timestamped lines. */
const cargoJobLog = readFileSync(
  resolve(
    __dirname,
    '../../readiness-node/src/buildLogs/__fixtures__/cargo-human.log',
  ),
  'utf8',
)
  .split('\n')
  .map(line => `2025-05-31T23:59:59.1234567Z ${line}`)
  .join('\n');

const server = setupServer();
registerMswTestHooks(server);

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [
        { host: 'github.com', token: 'github-token' },
        { host: 'ghe.example.com', apiBaseUrl: GHE_API, token: 'ghe-token' },
      ],
    },
  }),
);

function entity(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'api',
      annotations: { 'github.com/project-slug': 'acme/api', ...annotations },
    },
    spec: { type: 'service', owner: 'team', lifecycle: 'production' },
  };
}

const now = new Date('2025-06-01T12:00:00Z');

function setup(options: Partial<GithubActionsCollectorOptions> = {}) {
  const sleeps: number[] = [];
  const collector = createGithubActionsCollector({
    integrations,
    credentialsProvider:
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    sleep: async ms => {
      sleeps.push(ms);
    },
    ...options,
  });
  const collect = (e: Entity = entity()) =>
    collector.collect(e, createCollectorContext({ now }));
  return { collector, collect, sleeps };
}

interface Workflow {
  id: number;
  name: string;
  path: string;
  state?: string;
}

const ci: Workflow = { id: 1, name: 'CI', path: '.github/workflows/ci.yml' };
const deploy: Workflow = {
  id: 2,
  name: 'Deploy production',
  path: '.github/workflows/deploy.yml',
};
const labeler: Workflow = {
  id: 3,
  name: 'Labeler',
  path: '.github/workflows/labeler.yml',
};

function run(
  id: number,
  workflow: Workflow,
  conclusion: string,
  extra: Record<string, unknown> = {},
) {
  return {
    id,
    workflow_id: workflow.id,
    name: workflow.name,
    head_branch: 'main',
    head_sha: `sha-${id}`,
    event: 'push',
    status: 'completed',
    conclusion,
    html_url: `https://github.com/acme/api/actions/runs/${id}`,
    check_suite_id: id * 10,
    created_at: new Date(Date.UTC(2025, 4, 1, 0, 0, id)).toISOString(),
    ...extra,
  };
}

/** A fake GitHub for acme/api; records every request URL and its Authorization. */
function fakeGithub(options: {
  base?: string;
  workflows?: Workflow[];
  runs?: unknown[];
  workflowRuns?: Record<number, unknown[]>;
  /** Jobs of each run id. */
  jobs?: Record<number, unknown[]>;
  /** Log of each job id, served through a redirect to storage; a number is the status GitHub answers instead. */
  logs?: Record<number, string | number>;
  annotations?: Record<number, unknown[]>;
}) {
  const base = options.base ?? API;
  const requests: Array<{ url: string; authorization: string | null }> = [];
  const record = (request: Request) =>
    requests.push({
      url: request.url,
      authorization: request.headers.get('authorization'),
    });
  server.use(
    http.get(`${base}/repos/acme/api`, ({ request }) => {
      record(request);
      return HttpResponse.json({
        full_name: 'acme/api',
        default_branch: 'main',
        html_url: 'https://github.com/acme/api',
      });
    }),
    http.get(`${base}/repos/acme/api/actions/workflows`, ({ request }) => {
      record(request);
      const workflows = options.workflows ?? [];
      return HttpResponse.json({ total_count: workflows.length, workflows });
    }),
    http.get(`${base}/repos/acme/api/actions/runs`, ({ request }) => {
      record(request);
      const url = new URL(request.url);
      expect(url.searchParams.get('branch')).toBe('main');
      expect(url.searchParams.get('status')).toBe('completed');
      return HttpResponse.json({ workflow_runs: options.runs ?? [] });
    }),
    http.get(
      `${base}/repos/acme/api/actions/workflows/:id/runs`,
      ({ request, params }) => {
        record(request);
        return HttpResponse.json({
          workflow_runs: options.workflowRuns?.[Number(params.id)] ?? [],
        });
      },
    ),
    http.get(
      `${base}/repos/acme/api/actions/runs/:id/jobs`,
      ({ request, params }) => {
        record(request);
        expect(new URL(request.url).searchParams.get('filter')).toBe('latest');
        return HttpResponse.json({
          jobs: options.jobs?.[Number(params.id)] ?? [],
        });
      },
    ),
    http.get(
      `${base}/repos/acme/api/actions/jobs/:id/logs`,
      ({ request, params }) => {
        record(request);
        const log = options.logs?.[Number(params.id)] ?? 404;
        if (typeof log === 'number') {
          return HttpResponse.json({ message: 'Not Found' }, { status: log });
        }
        return new HttpResponse(null, {
          status: 302,
          headers: { location: `${LOG_STORAGE}/${params.id}?sig=signed` },
        });
      },
    ),
    http.get(`${LOG_STORAGE}/:id`, ({ request, params }) => {
      record(request);
      return new HttpResponse(String(options.logs?.[Number(params.id)]), {
        headers: { 'content-type': 'text/plain' },
      });
    }),
    http.get(
      `${base}/repos/acme/api/check-runs/:id/annotations`,
      ({ request, params }) => {
        record(request);
        return HttpResponse.json(
          options.annotations?.[Number(params.id)] ?? [],
        );
      },
    ),
  );
  return requests;
}

const compileErrors = [
  {
    annotation_level: 'failure',
    title: null,
    message: 'error[E0308]: mismatched types',
  },
  {
    annotation_level: 'failure',
    title: 'TS2322',
    message: "Type 'string' is not assignable to type 'number'.",
  },
  {
    annotation_level: 'failure',
    title: 'src/Main.java#L3',
    message: 'cannot find symbol: class Foo',
  },
];

describe('createGithubActionsCollector', () => {
  it('applies only to entities with the github.com/project-slug annotation', () => {
    const { collector } = setup();
    expect(collector.id).toBe('github-actions');
    expect(collector.evidenceKeys).toEqual(['build', 'pipeline']);
    expect(collector.appliesTo?.(entity())).toBe(true);
    const plain = entity();
    plain.metadata.annotations = {};
    expect(collector.appliesTo?.(plain)).toBe(false);
  });

  it('counts compilation errors of a failing build and reads a succeeded deployment', async () => {
    const requests = fakeGithub({
      workflows: [ci, deploy, labeler],
      runs: [
        // Newest first, as GitHub answers. A cancelled run and a fork's pull
        // request named `main` are no verdict on the default branch.
        run(9, ci, 'cancelled'),
        run(8, ci, 'success', { event: 'pull_request' }),
        run(7, deploy, 'success'),
        run(6, ci, 'failure'),
        run(5, labeler, 'failure'),
        run(4, ci, 'success'),
      ],
      jobs: {
        6: [
          { id: 601, name: 'build', conclusion: 'failure' },
          { id: 602, name: 'lint', conclusion: 'success' },
          { id: 603, name: 'test', conclusion: 'failure' },
        ],
      },
      logs: {
        601: cargoJobLog,
        602: cargoJobLog,
        // A failing test job: no compiler output, so nothing is added.
        603: 'Run cargo test\ntest result: FAILED. 3 passed; 1 failed\n',
      },
    });

    const evidence = await setup().collect();

    expect(evidence).toEqual([
      {
        key: 'build',
        value: {
          succeeded: false,
          compilationErrors: 6,
          errorGroups: [
            { code: 'E0432', message: 'unresolved import …', count: 3 },
            { code: 'E0308', message: 'mismatched types', count: 2 },
            {
              code: 'E0425',
              message: 'cannot find value … in this scope',
              count: 1,
            },
          ],
          warnings: 1,
          tools: ['rustc'],
          branch: 'main',
        },
        link: 'https://github.com/acme/api/actions/runs/6',
        observedAt: '2025-06-01T12:00:00.000Z',
        staleAfter: '2025-06-03T12:00:00.000Z',
      },
      {
        key: 'pipeline',
        value: {
          exists: true,
          latestRunSucceeded: true,
          name: 'Deploy production',
        },
        link: 'https://github.com/acme/api/actions/runs/7',
        observedAt: '2025-06-01T12:00:00.000Z',
        staleAfter: '2025-06-03T12:00:00.000Z',
      },
    ]);
    // The token of the github.com integration goes to GitHub only, never to
    // the log storage; only the failing jobs' logs were read, and no
    // annotations since the logs were there.
    const [github, storage] = [
      requests.filter(r => !r.url.startsWith(LOG_STORAGE)),
      requests.filter(r => r.url.startsWith(LOG_STORAGE)),
    ];
    expect(github.every(r => r.authorization === 'Bearer github-token')).toBe(
      true,
    );
    expect(
      storage.map(r => [new URL(r.url).pathname, r.authorization]),
    ).toEqual([
      ['/jobs/601', null],
      ['/jobs/603', null],
    ]);
    expect(requests.some(r => r.url.includes('annotations'))).toBe(false);
  });

  it('counts annotations, as a lower bound, for a job whose log GitHub no longer keeps', async () => {
    // 97 errors, of which GitHub kept 50 annotations.
    const kept = Array.from({ length: 50 }, (_, i) => compileErrors[i % 3]);
    const requests = fakeGithub({
      workflows: [ci],
      runs: [run(6, ci, 'failure')],
      jobs: { 6: [{ id: 601, name: 'build', conclusion: 'failure' }] },
      logs: { 601: 410 },
      annotations: {
        601: [
          ...kept,
          {
            annotation_level: 'failure',
            message: 'Process completed with exit code 101.',
          },
          { annotation_level: 'warning', title: 'TS6133', message: 'unused' },
        ],
      },
    });

    const [build] = await setup().collect();

    expect(build.value).toEqual({
      succeeded: false,
      compilationErrors: 50,
      compilationErrorsAtLeast: true,
      branch: 'main',
    });
    expect(
      requests
        .filter(r => r.url.includes('annotations'))
        .map(r => new URL(r.url).pathname),
    ).toEqual(['/repos/acme/api/check-runs/601/annotations']);
  });

  it('reads the head of a log longer than maxResponseBytes, and its count is then a lower bound', async () => {
    fakeGithub({
      workflows: [ci],
      runs: [run(6, ci, 'failure')],
      jobs: { 6: [{ id: 601, name: 'build', conclusion: 'failure' }] },
      logs: { 601: cargoJobLog.repeat(4) },
    });

    const [build] = await setup({ maxResponseBytes: 4096 }).collect();

    expect(build.value).toMatchObject({
      succeeded: false,
      compilationErrorsAtLeast: true,
      tools: ['rustc'],
    });
    expect(
      (build.value as { compilationErrors: number }).compilationErrors,
    ).toBeGreaterThan(0);
  });

  it('fails naming the repository when the log redirect has no https location', async () => {
    fakeGithub({
      workflows: [ci],
      runs: [run(6, ci, 'failure')],
      jobs: { 6: [{ id: 601, name: 'build', conclusion: 'failure' }] },
    });
    server.use(
      http.get(
        `${REPO}/actions/jobs/601/logs`,
        () =>
          new HttpResponse(null, {
            status: 302,
            headers: { location: 'http://logs.example.com/jobs/601' },
          }),
      ),
    );
    await expect(setup().collect()).rejects.toThrow(
      'GitHub answered 302 without an https log location for acme/api (GET /repos/acme/api/actions/jobs/601/logs)',
    );
  });

  it('needs every build workflow to succeed, and reports a failed deployment', async () => {
    const docs: Workflow = {
      id: 4,
      name: 'Build docs',
      path: '.github/workflows/docs.yml',
    };
    fakeGithub({
      workflows: [ci, docs, deploy],
      runs: [
        run(12, docs, 'success'),
        run(11, deploy, 'timed_out'),
        run(10, ci, 'failure'),
      ],
      jobs: { 10: [] },
    });

    const [build, pipeline] = await setup().collect();

    expect(build).toMatchObject({
      value: { succeeded: false, compilationErrors: 0 },
      link: 'https://github.com/acme/api/actions/runs/10',
    });
    expect(pipeline).toMatchObject({
      value: {
        exists: true,
        latestRunSucceeded: false,
        name: 'Deploy production',
      },
      link: 'https://github.com/acme/api/actions/runs/11',
    });
  });

  it('reports no pipeline when no workflow deploys, and reads no annotations for a green build', async () => {
    const requests = fakeGithub({
      workflows: [ci, labeler],
      runs: [run(3, ci, 'success')],
    });

    const [build, pipeline] = await setup().collect();

    expect(build).toMatchObject({
      key: 'build',
      value: { succeeded: true, compilationErrors: 0, branch: 'main' },
      link: 'https://github.com/acme/api/actions/runs/3',
    });
    expect(pipeline).toMatchObject({
      key: 'pipeline',
      value: { exists: false },
      link: 'https://github.com/acme/api/actions',
    });
    expect(
      requests.some(
        r => r.url.includes('/jobs') || r.url.includes('check-runs'),
      ),
    ).toBe(false);
  });

  it('reports a deployment workflow that never completed on the default branch as not run', async () => {
    const requests = fakeGithub({
      workflows: [
        ci,
        deploy,
        { ...labeler, name: 'Old deploy', state: 'disabled_manually' },
      ],
      runs: [run(3, ci, 'success')],
      // Only runs on other branches or still skipped: no verdict.
      workflowRuns: {
        [deploy.id]: [
          run(2, deploy, 'success', { head_branch: 'feature' }),
          run(1, deploy, 'skipped'),
        ],
      },
    });

    const [, pipeline] = await setup().collect();

    expect(pipeline.value).toEqual({
      exists: true,
      name: 'Deploy production',
    });
    expect(pipeline.value).not.toHaveProperty('latestRunSucceeded');
    // The workflow missing from the repository-wide page was asked for alone.
    expect(
      requests.filter(r =>
        r.url.includes(`/actions/workflows/${deploy.id}/runs`),
      ),
    ).toHaveLength(1);
  });

  it('reports why build evidence is missing when no workflow builds', async () => {
    fakeGithub({ workflows: [labeler] });

    const [build] = await setup().collect();

    expect(build.value).toBeUndefined();
    expect(build.error).toBe(
      'no active GitHub Actions workflow in acme/api matches the build pattern /build|ci|test|compile/i',
    );
  });

  it('follows the Link header through every page of workflows', async () => {
    fakeGithub({ runs: [run(1, ci, 'success'), run(2, deploy, 'success')] });
    server.use(
      http.get(`${REPO}/actions/workflows`, ({ request }) => {
        const page = new URL(request.url).searchParams.get('page') ?? '1';
        if (page === '1') {
          return HttpResponse.json(
            { total_count: 2, workflows: [ci] },
            {
              headers: {
                link: `<${REPO}/actions/workflows?per_page=100&page=2>; rel="next", <${REPO}/actions/workflows?per_page=100&page=2>; rel="last"`,
              },
            },
          );
        }
        return HttpResponse.json({ total_count: 2, workflows: [deploy] });
      }),
    );

    const [build, pipeline] = await setup().collect();

    expect(build.value).toMatchObject({ succeeded: true });
    expect(pipeline.value).toMatchObject({
      exists: true,
      latestRunSucceeded: true,
    });
  });

  it('never follows a Link header to another host', async () => {
    fakeGithub({});
    server.use(
      http.get(`${REPO}/actions/workflows`, () =>
        HttpResponse.json(
          { total_count: 2, workflows: [ci] },
          { headers: { link: '<https://evil.example.com/steal>; rel="next"' } },
        ),
      ),
    );

    await expect(setup().collect()).rejects.toThrow(
      'GitHub returned a link outside https://api.github.com/ for acme/api',
    );
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    fakeGithub({ workflows: [ci], runs: [run(1, ci, 'success')] });
    let calls = 0;
    server.use(
      http.get(REPO, () => {
        calls += 1;
        return calls === 1
          ? new HttpResponse(null, {
              status: 429,
              headers: { 'retry-after': '7' },
            })
          : HttpResponse.json({ default_branch: 'main' });
      }),
    );
    const { collect, sleeps } = setup();

    const [build] = await collect();

    expect(build.value).toMatchObject({ succeeded: true });
    expect(calls).toBe(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(6_000);
    expect(sleeps[0]).toBeLessThanOrEqual(7_000);
  });

  it('waits for X-RateLimit-Reset after a 403 with no requests remaining', async () => {
    fakeGithub({ workflows: [ci], runs: [run(1, ci, 'success')] });
    const reset = Math.ceil(Date.now() / 1000) + 20;
    let calls = 0;
    server.use(
      http.get(`${REPO}/actions/workflows`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json(
              { message: 'API rate limit exceeded' },
              {
                status: 403,
                headers: {
                  'x-ratelimit-remaining': '0',
                  'x-ratelimit-reset': String(reset),
                },
              },
            )
          : HttpResponse.json({ total_count: 1, workflows: [ci] });
      }),
    );
    const { collect, sleeps } = setup();

    const [build] = await collect();

    expect(build.value).toMatchObject({ succeeded: true });
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(18_000);
    expect(sleeps[0]).toBeLessThanOrEqual(21_000);
  });

  it('gives up when the rate limit resets later than the allowed wait, and does not call GitHub again until then', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 3600;
    let calls = 0;
    server.use(
      http.get(REPO, () => {
        calls += 1;
        return HttpResponse.json(
          { message: 'API rate limit exceeded' },
          {
            status: 403,
            headers: {
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(reset),
            },
          },
        );
      }),
    );
    const { collect, sleeps } = setup({ maxRateLimitWaitMs: 60_000 });
    const until = new Date(reset * 1000).toISOString();

    await expect(collect()).rejects.toThrow(
      `GitHub rate limited until ${until} (GET /repos/acme/api for acme/api)`,
    );
    await expect(collect()).rejects.toThrow(`rate limited until ${until}`);
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a 5xx with backoff and then throws with the status and the repository', async () => {
    let calls = 0;
    server.use(
      http.get(REPO, () => {
        calls += 1;
        return HttpResponse.json(
          { message: 'Server Error' },
          { status: 500, statusText: 'Internal Server Error' },
        );
      }),
    );
    const { collect, sleeps } = setup();

    await expect(collect()).rejects.toThrow(
      'GitHub answered 500 Internal Server Error for acme/api (GET /repos/acme/api) 4 times in a row: Server Error',
    );
    expect(calls).toBe(4);
    expect(sleeps).toEqual([1_000, 2_000, 4_000]);
  });

  it('recovers from a transient 502', async () => {
    fakeGithub({ workflows: [ci], runs: [run(1, ci, 'failure')] });
    let calls = 0;
    server.use(
      http.get(`${REPO}/commits/:sha/check-runs`, () => {
        calls += 1;
        return calls === 1
          ? new HttpResponse(null, { status: 502 })
          : HttpResponse.json({ check_runs: [] });
      }),
    );

    const [build] = await setup().collect();

    expect(build.value).toEqual({
      succeeded: false,
      compilationErrors: 0,
      branch: 'main',
    });
  });

  it('refuses a response over maxResponseBytes, named and without retrying, whether it declares its length or streams', async () => {
    let calls = 0;
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.enqueue(new Uint8Array(1024).fill(32));
        },
      });
    server.use(
      http.get(REPO, () => {
        calls++;
        return HttpResponse.json({ default_branch: 'x'.repeat(5000) });
      }),
    );
    await expect(setup({ maxResponseBytes: 4096 }).collect()).rejects.toThrow(
      'The GitHub response for acme/api (GET /repos/acme/api) is larger than 4096 bytes, the configured limit',
    );
    expect(calls).toBe(1);

    server.use(http.get(REPO, () => new HttpResponse(endless())));
    await expect(setup({ maxResponseBytes: 4096 }).collect()).rejects.toThrow(
      'is larger than 4096 bytes',
    );
  });

  it('throws naming the repository when it is not found', async () => {
    server.use(
      http.get(REPO, () =>
        HttpResponse.json({ message: 'Not Found' }, { status: 404 }),
      ),
    );

    await expect(setup().collect()).rejects.toThrow(
      'GitHub repository acme/api was not found, or the configured credentials cannot see it (404 from GET /repos/acme/api: Not Found)',
    );
  });

  it('throws on a 403 that is not a rate limit, without waiting', async () => {
    fakeGithub({});
    server.use(
      http.get(`${REPO}/actions/workflows`, () =>
        HttpResponse.json(
          { message: 'Resource not accessible by integration' },
          { status: 403, headers: { 'x-ratelimit-remaining': '4999' } },
        ),
      ),
    );
    const { collect, sleeps } = setup();

    await expect(collect()).rejects.toThrow(
      'GitHub denied access to acme/api; the token needs actions:read, checks:read and metadata:read (403 from GET /repos/acme/api/actions/workflows: Resource not accessible by integration)',
    );
    expect(sleeps).toEqual([]);
  });

  it('uses the GitHub Enterprise API and token of the host in the source location', async () => {
    const requests = fakeGithub({
      base: GHE_API,
      workflows: [ci],
      runs: [run(1, ci, 'success')],
    });

    const [build] = await setup().collect(
      entity({
        'backstage.io/source-location':
          'url:https://ghe.example.com/acme/api/tree/main/',
      }),
    );

    expect(build.value).toMatchObject({ succeeded: true });
    expect(requests.length).toBeGreaterThan(0);
    expect(
      requests.every(
        r =>
          r.url.startsWith(`${GHE_API}/repos/acme/api`) &&
          r.authorization === 'Bearer ghe-token',
      ),
    ).toBe(true);
  });

  it('uses the configured default host when the entity has no GitHub location', async () => {
    const requests = fakeGithub({
      base: GHE_API,
      workflows: [ci],
      runs: [run(1, ci, 'success')],
    });

    await setup({ host: 'ghe.example.com' }).collect();

    expect(requests.every(r => r.url.startsWith(GHE_API))).toBe(true);
  });

  it('rejects a malformed project slug and an unconfigured host', async () => {
    await expect(
      setup().collect(entity({ 'github.com/project-slug': 'acme/api/../x' })),
    ).rejects.toThrow(
      "The github.com/project-slug annotation 'acme/api/../x' is not of the form owner/name",
    );
    await expect(
      setup().collect(entity({ 'github.com/project-slug': '../..' })),
    ).rejects.toThrow('is not of the form owner/name');
    await expect(setup({ host: 'git.example.org' }).collect()).rejects.toThrow(
      'No GitHub integration is configured for git.example.org',
    );
    const withoutApi = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: { github: [{ host: 'git.example.org', token: 'x' }] },
      }),
    );
    await expect(
      setup({
        integrations: withoutApi,
        credentialsProvider:
          DefaultGithubCredentialsProvider.fromIntegrations(withoutApi),
        host: 'git.example.org',
      }).collect(),
    ).rejects.toThrow(
      'The integrations.github entry for git.example.org has no apiBaseUrl',
    );
  });

  it('takes custom workflow patterns', async () => {
    const pipelineWorkflow: Workflow = {
      id: 5,
      name: 'Ship it',
      path: '.github/workflows/ship.yml',
    };
    fakeGithub({
      workflows: [ci, pipelineWorkflow],
      runs: [run(2, pipelineWorkflow, 'success'), run(1, ci, 'success')],
    });

    const [build, pipeline] = await setup({
      buildPatterns: [/^CI$/],
      deployPatterns: [/ship/gi],
    }).collect();

    expect(build.value).toMatchObject({ succeeded: true });
    expect(pipeline.value).toEqual({
      exists: true,
      latestRunSucceeded: true,
      name: 'Ship it',
    });
  });
});
