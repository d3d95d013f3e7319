import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  ci,
  deploy,
  fakeGithubOn,
  REPO,
  run,
  setup,
} from './__testUtils__/fakeGithub';
import { MAX_DEPLOYMENTS } from './deployments';

const server = setupServer();
registerMswTestHooks(server);
const fakeGithub = fakeGithubOn(server);

/** A time `days` before the tests' collection time (2025-06-01T12:00Z). */
const daysAgo = (days: number) =>
  new Date(
    Date.parse('2025-06-01T12:00:00Z') - days * 86_400_000,
  ).toISOString();

/** GitHub's deployments API for acme/api; records what was asked. */
function fakeDeployments(options: {
  deployments: Array<{ id: number; sha: string; created_at: string }>;
  statuses: Record<number, Array<{ state: string; created_at: string }>>;
  /** The oldest commit of each `base...head` comparison. */
  oldestCommit: Record<string, string>;
  failDeployments?: boolean;
}) {
  const asked: string[] = [];
  server.use(
    http.get(`${REPO}/deployments`, ({ request }) => {
      asked.push(request.url);
      if (options.failDeployments) {
        return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
      }
      return HttpResponse.json(options.deployments);
    }),
    http.get(`${REPO}/deployments/:id/statuses`, ({ params, request }) => {
      asked.push(request.url);
      return HttpResponse.json(options.statuses[Number(params.id)] ?? []);
    }),
    http.get(`${REPO}/compare/:range`, ({ params, request }) => {
      asked.push(request.url);
      const date = options.oldestCommit[String(params.range)];
      return HttpResponse.json({
        commits: date ? [{ commit: { committer: { date } } }] : [],
      });
    }),
  );
  return asked;
}

describe('GitHub deployments as evidence', () => {
  const workflows = {
    workflows: [ci, deploy],
    runs: [run(2, deploy, 'success'), run(1, ci, 'success')],
  };

  it('reads finished deployments of the environment with their verdict and lead time', async () => {
    fakeGithub(workflows);
    const asked = fakeDeployments({
      // Newest first, as GitHub answers.
      deployments: [
        { id: 4, sha: 'd', created_at: daysAgo(1) },
        { id: 3, sha: 'c', created_at: daysAgo(2) },
        { id: 2, sha: 'b', created_at: daysAgo(3) },
        { id: 1, sha: 'a', created_at: daysAgo(4) },
        { id: 0, sha: 'z', created_at: daysAgo(120) },
      ],
      statuses: {
        // Replaced by a later deployment after it succeeded.
        1: [
          { state: 'inactive', created_at: daysAgo(3) },
          { state: 'success', created_at: daysAgo(4) },
          { state: 'in_progress', created_at: daysAgo(4) },
        ],
        2: [{ state: 'failure', created_at: daysAgo(3) }],
        3: [{ state: 'success', created_at: daysAgo(2) }],
        // Still running: no verdict yet.
        4: [{ state: 'in_progress', created_at: daysAgo(1) }],
      },
      oldestCommit: { 'a...c': daysAgo(2.5) },
    });
    const { collect, collector } = setup({
      deploymentEnvironment: 'production',
    });
    expect(collector.evidenceKeys).toContain('deployments');

    const evidence = await collect();
    const deployments = evidence.find(e => e.key === 'deployments');
    expect(deployments).toMatchObject({
      link: 'https://github.com/acme/api/deployments',
      value: {
        deployments: [
          {
            id: '3',
            sha: 'c',
            succeeded: true,
            deployedAt: daysAgo(2),
            committedAt: daysAgo(2.5),
            environment: 'production',
          },
          { id: '2', sha: 'b', succeeded: false, deployedAt: daysAgo(3) },
          { id: '1', sha: 'a', succeeded: true, deployedAt: daysAgo(4) },
        ],
      },
    });
    // The first deployment has no predecessor to measure its commits from.
    expect(
      (deployments?.value as { deployments: object[] }).deployments[2],
    ).not.toHaveProperty('committedAt');
    const deploymentsUrl = new URL(asked[0]);
    expect(deploymentsUrl.searchParams.get('environment')).toBe('production');
    expect(deploymentsUrl.searchParams.get('per_page')).toBe(
      String(MAX_DEPLOYMENTS),
    );
    // The 120-day-old deployment is outside the lookback: its statuses are not read.
    expect(asked.some(url => url.includes('/deployments/0/'))).toBe(false);
  });

  it('a failure to read deployments is their error only; build and pipeline still count', async () => {
    fakeGithub(workflows);
    fakeDeployments({
      deployments: [],
      statuses: {},
      oldestCommit: {},
      failDeployments: true,
    });
    const evidence = await setup({
      deploymentEnvironment: 'production',
    }).collect();
    expect(evidence.map(e => [e.key, e.error === undefined])).toEqual([
      ['build', true],
      ['pipeline', true],
      ['deployments', false],
    ]);
    expect(evidence[2].error).toMatch(
      /could not read the production deployments: .*404/,
    );
  });

  it('reads no deployments unless an environment is configured', async () => {
    fakeGithub(workflows);
    const asked = fakeDeployments({
      deployments: [],
      statuses: {},
      oldestCommit: {},
    });
    const { collect, collector } = setup();
    expect(collector.evidenceKeys).not.toContain('deployments');
    expect((await collect()).map(e => e.key)).toEqual(['build', 'pipeline']);
    expect(asked).toEqual([]);
  });
});
