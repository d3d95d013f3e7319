import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { setupServer } from 'msw/node';
import {
  ci,
  compileErrors,
  deploy,
  entity,
  fakeGithubOn,
  GHE_API,
  labeler,
  run,
  setup,
  type Workflow,
} from './__testUtils__/fakeGithub';

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
      checkRuns: {
        'sha-6': [
          {
            id: 601,
            name: 'build',
            conclusion: 'failure',
            check_suite: { id: 60 },
            output: { annotations_count: 5 },
          },
          {
            id: 602,
            name: 'lint',
            conclusion: 'success',
            check_suite: { id: 60 },
            output: { annotations_count: 1 },
          },
          {
            id: 699,
            name: 'another app on the same commit',
            conclusion: 'failure',
            check_suite: { id: 99 },
            output: { annotations_count: 1 },
          },
        ],
      },
      annotations: {
        601: [
          ...compileErrors,
          {
            annotation_level: 'failure',
            message: 'Process completed with exit code 101.',
          },
          { annotation_level: 'warning', title: 'TS6133', message: 'unused' },
        ],
        602: [compileErrors[0]],
        699: [compileErrors[0]],
      },
    });

    const evidence = await setup().collect();

    expect(evidence).toEqual([
      {
        key: 'build',
        value: { succeeded: false, compilationErrors: 3, branch: 'main' },
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
    // The token of the github.com integration, and only the failing check
    // run of the failing workflow run was read.
    expect(requests.every(r => r.authorization === 'Bearer github-token')).toBe(
      true,
    );
    const annotationReads = requests.filter(r => r.url.includes('annotations'));
    expect(annotationReads.map(r => new URL(r.url).pathname)).toEqual([
      '/repos/acme/api/check-runs/601/annotations',
    ]);
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
      checkRuns: { 'sha-10': [] },
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
    expect(requests.some(r => r.url.includes('check-runs'))).toBe(false);
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
