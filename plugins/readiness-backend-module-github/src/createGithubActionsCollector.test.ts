import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ci,
  compileErrors,
  deploy,
  entity,
  fakeGithubOn,
  GHE_API,
  labeler,
  LOG_STORAGE,
  REPO,
  run,
  setup,
  type Workflow,
} from './__testUtils__/fakeGithub';

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
const fakeGithub = fakeGithubOn(server);

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
    // Outside GitHub's own name rules, even where today's URL would stay in /repos/.
    for (const slug of [
      '../user',
      'acme/..',
      'ac_me/api',
      '-acme/api',
      'acme-/api',
      'ac--me/api',
      `${'a'.repeat(40)}/api`,
      `acme/${'a'.repeat(101)}`,
      'acme/a pi',
    ]) {
      await expect(
        setup().collect(entity({ 'github.com/project-slug': slug })),
      ).rejects.toThrow(`'${slug}' is not of the form owner/name`);
    }
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
