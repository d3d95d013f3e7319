import type { Entity } from '@backstage/catalog-model';
import type {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import type {
  CollectedEvidence,
  CollectorContext,
  ReadinessCollector,
} from '@readiness/plugin-readiness-node';
import {
  defaultIsCompilationError,
  type GithubCheckAnnotation,
  readCompilationErrors,
} from './compilationErrors';
import { GithubClient, type RateLimitState, type Sleep } from './GithubClient';
import {
  GITHUB_PROJECT_SLUG_ANNOTATION,
  openGithubRepository,
} from './githubRepository';
import { deploymentEvidence } from './deployments';

/**
 * Default pattern for build workflows, matched on name and path.
 *
 * @public
 */
export const DEFAULT_BUILD_WORKFLOW_PATTERN = /build|ci|test|compile/i;

/**
 * Default pattern for deployment workflows, matched on name and path.
 *
 * @public
 */
export const DEFAULT_DEPLOY_WORKFLOW_PATTERN = /deploy|release|publish|cd\b/i;

/**
 * Options of {@link createGithubActionsCollector}.
 *
 * @public
 */
export interface GithubActionsCollectorOptions {
  /** The adopter's SCM integrations; `integrations.github` gives API base URLs. */
  integrations: ScmIntegrationRegistry;
  /** Gives a token (personal or GitHub App) for a repository URL. */
  credentialsProvider: GithubCredentialsProvider;
  /** A workflow builds when any pattern matches its name or path. */
  buildPatterns?: RegExp[];
  /** A workflow deploys when any pattern matches its name or path. */
  deployPatterns?: RegExp[];
  /**
   * The GitHub host of entities whose source location is not on a
   * configured GitHub host; default `github.com`.
   */
  host?: string;
  /** The longest rate-limit wait before giving up; default 30 seconds. */
  maxRateLimitWaitMs?: number;
  /** Retries of a 5xx answer or a network error, with backoff; default 3. */
  maxServerErrorRetries?: number;
  /**
   * Largest GitHub response body read, in bytes; default 8 MiB. A larger
   * answer fails the collection (its evidence turns stale and its checks
   * unknown), naming the limit. A job log is read up to this size instead,
   * and its error count is then a lower bound.
   */
  maxResponseBytes?: number;
  /** How long the evidence stays fresh; default 2 days. */
  freshForMs?: number;
  /**
   * Which failing annotations are compilation errors, read only for jobs
   * whose log GitHub no longer keeps; see {@link defaultIsCompilationError}.
   */
  isCompilationError?: (annotation: GithubCheckAnnotation) => boolean;
  /**
   * The GitHub deployment environment whose deployments are read as
   * `deployments` evidence (DORA metrics), for example `production`; none
   * are read when absent.
   */
  deploymentEnvironment?: string;
  /** For tests; the global fetch by default. */
  fetch?: typeof fetch;
  /** For tests; a timer that honours the abort signal by default. */
  sleep?: Sleep;
}

interface GithubRepository {
  default_branch: string;
  full_name?: string;
  html_url?: string;
}

interface GithubWorkflow {
  id: number;
  name: string;
  path: string;
  state?: string;
  html_url?: string;
}

interface GithubWorkflowRun {
  id: number;
  workflow_id: number;
  name?: string | null;
  head_branch?: string | null;
  head_sha: string;
  event?: string;
  status?: string | null;
  conclusion?: string | null;
  html_url: string;
  check_suite_id?: number;
  created_at?: string;
}

interface LatestRun {
  workflow: GithubWorkflow;
  run: GithubWorkflowRun;
  succeeded: boolean;
}

const DEFAULT_FRESH_FOR_MS = 2 * 86_400_000;
const MAX_WORKFLOW_PAGES = 10;
const RUNS_PER_WORKFLOW = 20;

/**
 * Conclusions that are a verdict on the code. Cancelled, skipped, neutral,
 * stale and action_required runs say nothing about it (a newer push
 * cancelled the run, a path filter skipped it), so the run before counts.
 */
const VERDICTS: Record<string, boolean> = {
  success: true,
  failure: false,
  timed_out: false,
  startup_failure: false,
};

/** Without `g`/`y` a pattern keeps no state between `test` calls. */
function stateless(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
}

function matches(workflow: GithubWorkflow, patterns: RegExp[]): boolean {
  return patterns.some(
    pattern => pattern.test(workflow.name) || pattern.test(workflow.path),
  );
}

/** Push builds of the default branch only: a fork's PR branch may be called `main` too. */
function countsAsDefaultBranchRun(
  run: GithubWorkflowRun,
  branch: string,
): boolean {
  return (
    run.status === 'completed' &&
    run.head_branch === branch &&
    run.event !== 'pull_request' &&
    run.event !== 'pull_request_target' &&
    typeof run.conclusion === 'string' &&
    run.conclusion in VERDICTS
  );
}

function newestFirst(a: GithubWorkflowRun, b: GithubWorkflowRun): number {
  return (
    Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? '') ||
    b.id - a.id
  );
}

function workflowNames(workflows: GithubWorkflow[]): string {
  return workflows.map(w => w.name).join(', ');
}

function names(runs: LatestRun[]): string {
  return workflowNames(runs.map(r => r.workflow));
}

function describePatterns(patterns: RegExp[]): string {
  return patterns.map(String).join(' or ');
}

/**
 * The `github-actions` collector: for entities with the
 * `github.com/project-slug` annotation it reads the repository's default
 * branch, the latest completed run of each build and deployment workflow on
 * it, and counts compilation errors in the logs of the failing build runs'
 * failing jobs (annotations, a lower bound, where a log is gone). It produces `build` and `pipeline` evidence. Every GitHub failure
 * (rate limit beyond the allowed wait, 5xx after retries, 401/403/404)
 * throws, so the backend keeps the last evidence marked stale and the checks
 * become unknown with the reason; a failure never produces a passing value.
 *
 * @public
 */
export function createGithubActionsCollector(
  options: GithubActionsCollectorOptions,
): ReadinessCollector {
  const buildPatterns = (
    options.buildPatterns ?? [DEFAULT_BUILD_WORKFLOW_PATTERN]
  ).map(stateless);
  const deployPatterns = (
    options.deployPatterns ?? [DEFAULT_DEPLOY_WORKFLOW_PATTERN]
  ).map(stateless);
  const isCompilationError =
    options.isCompilationError ?? defaultIsCompilationError;
  const freshForMs = options.freshForMs ?? DEFAULT_FRESH_FOR_MS;
  const rateLimits: RateLimitState = new Map();

  /** The latest verdict on the default branch per workflow id. */
  async function latestRuns(
    client: GithubClient,
    repoPath: string,
    branch: string,
    workflows: GithubWorkflow[],
  ): Promise<Map<number, LatestRun>> {
    const result = new Map<number, LatestRun>();
    if (workflows.length === 0) {
      return result;
    }
    const query = `branch=${encodeURIComponent(branch)}&status=completed`;
    // One repository-wide page usually holds every workflow's latest run;
    // only workflows missing from it cost a request of their own.
    const { body } = await client.get<{ workflow_runs?: GithubWorkflowRun[] }>(
      `${repoPath}/actions/runs?${query}&per_page=100`,
    );
    const recent = (body.workflow_runs ?? [])
      .filter(run => countsAsDefaultBranchRun(run, branch))
      .sort(newestFirst);
    for (const workflow of workflows) {
      let run = recent.find(r => r.workflow_id === workflow.id);
      if (!run) {
        const own = await client.get<{ workflow_runs?: GithubWorkflowRun[] }>(
          `${repoPath}/actions/workflows/${workflow.id}/runs?${query}&per_page=${RUNS_PER_WORKFLOW}`,
        );
        run = (own.body.workflow_runs ?? [])
          .filter(r => countsAsDefaultBranchRun(r, branch))
          .sort(newestFirst)[0];
      }
      if (run) {
        result.set(workflow.id, {
          workflow,
          run,
          succeeded: VERDICTS[run.conclusion as string],
        });
      }
    }
    return result;
  }

  function runsOf(
    workflows: GithubWorkflow[],
    latest: Map<number, LatestRun>,
  ): LatestRun[] {
    return workflows
      .flatMap(workflow => latest.get(workflow.id) ?? [])
      .sort((a, b) => newestFirst(a.run, b.run));
  }

  return {
    id: 'github-actions',
    title: 'GitHub Actions',
    evidenceKeys: options.deploymentEnvironment
      ? ['build', 'pipeline', 'deployments']
      : ['build', 'pipeline'],
    appliesTo: entity =>
      Boolean(entity.metadata.annotations?.[GITHUB_PROJECT_SLUG_ANNOTATION]),
    async collect(
      entity: Entity,
      ctx: CollectorContext,
    ): Promise<CollectedEvidence[]> {
      const { client, repoPath, repository, host } = await openGithubRepository(
        entity,
        {
          ...options,
          logger: ctx.logger,
          signal: ctx.signal,
          rateLimits,
        },
      );

      const { body: repo } = await client.get<GithubRepository>(repoPath);
      const branch = repo.default_branch;
      if (!branch) {
        throw new Error(`GitHub returned no default branch for ${repository}`);
      }
      const actionsLink = `${repo.html_url ?? `https://${host}/${repository}`}/actions`;

      const workflows = (
        await client.getAll<{ workflows?: GithubWorkflow[] }, GithubWorkflow>(
          `${repoPath}/actions/workflows?per_page=100`,
          body => body.workflows ?? [],
          MAX_WORKFLOW_PAGES,
        )
      )
        // A disabled workflow neither builds nor deploys.
        .filter(w => !w.state || w.state === 'active');
      const buildWorkflows = workflows.filter(w => matches(w, buildPatterns));
      const deployWorkflows = workflows.filter(w => matches(w, deployPatterns));
      const latest = await latestRuns(
        client,
        repoPath,
        branch,
        workflows.filter(
          w => buildWorkflows.includes(w) || deployWorkflows.includes(w),
        ),
      );
      const buildRuns = runsOf(buildWorkflows, latest);
      const deployRuns = runsOf(deployWorkflows, latest);

      const stamp = {
        observedAt: ctx.now.toISOString(),
        staleAfter: new Date(ctx.now.getTime() + freshForMs).toISOString(),
      };
      const evidence: CollectedEvidence[] = [];

      // Build: every build workflow's latest verdict must be a success, so a
      // newer green docs build cannot hide a red compile.
      if (buildWorkflows.length === 0) {
        evidence.push({
          key: 'build',
          error: `no active GitHub Actions workflow in ${repository} matches the build pattern ${describePatterns(buildPatterns)}`,
          link: actionsLink,
          ...stamp,
        });
      } else if (buildRuns.length === 0) {
        evidence.push({
          key: 'build',
          error: `no completed run of ${workflowNames(buildWorkflows)} on ${branch} in ${repository} yet`,
          link: actionsLink,
          ...stamp,
        });
      } else {
        const failed = buildRuns.filter(r => !r.succeeded);
        const errors =
          failed.length > 0
            ? await readCompilationErrors({
                client,
                repoPath,
                runIds: failed.map(({ run }) => run.id),
                isCompilationError,
              })
            : { compilationErrors: 0 };
        evidence.push({
          key: 'build',
          value: { succeeded: failed.length === 0, ...errors, branch },
          link: (failed[0] ?? buildRuns[0]).run.html_url,
          ...stamp,
        });
      }

      // Pipeline: latestRunSucceeded only when a completed run exists, since
      // its absence means "has not run yet" to the engine.
      if (deployWorkflows.length === 0) {
        evidence.push({
          key: 'pipeline',
          value: { exists: false },
          link: actionsLink,
          ...stamp,
        });
      } else if (deployRuns.length === 0) {
        evidence.push({
          key: 'pipeline',
          value: {
            exists: true,
            name: workflowNames(deployWorkflows),
          },
          link: actionsLink,
          ...stamp,
        });
      } else {
        const failed = deployRuns.filter(r => !r.succeeded);
        evidence.push({
          key: 'pipeline',
          value: {
            exists: true,
            latestRunSucceeded: failed.length === 0,
            name: names(failed.length > 0 ? failed : deployRuns),
          },
          link: (failed[0] ?? deployRuns[0]).run.html_url,
          ...stamp,
        });
      }
      if (options.deploymentEnvironment) {
        evidence.push(
          await deploymentEvidence({
            client,
            repoPath,
            environment: options.deploymentEnvironment,
            now: ctx.now,
            link: `${repo.html_url ?? `https://${host}/${repository}`}/deployments`,
            stamp,
            signal: ctx.signal,
          }),
        );
      }
      return evidence;
    },
  };
}
