import type { DeploymentEvent } from '@readiness/plugin-readiness-common';
import type { CollectedEvidence } from '@readiness/plugin-readiness-node';
import type { GithubClient } from './GithubClient';

/** Deployments read per collection: one statuses and one compare call each. */
export const MAX_DEPLOYMENTS = 50;
/** Days of deployments read; the engine's window (default 30) lies within. */
export const DEPLOYMENT_LOOKBACK_DAYS = 90;

interface GithubDeployment {
  id: number;
  sha: string;
  environment?: string;
  created_at: string;
}

interface GithubDeploymentStatus {
  state: string;
  created_at: string;
}

interface GithubComparison {
  commits?: Array<{ commit?: { committer?: { date?: string } } }>;
}

/** A finished deployment's verdict: success, or a failure or error. */
function verdictOf(
  statuses: GithubDeploymentStatus[],
): { succeeded: boolean; at: string } | undefined {
  // GitHub lists statuses newest first; `inactive` only says a later
  // deployment replaced this one, so the verdict is the newest decisive one.
  for (const status of statuses) {
    const at = Date.parse(status.created_at);
    if (Number.isNaN(at)) {
      continue;
    }
    if (status.state === 'success') {
      return { succeeded: true, at: new Date(at).toISOString() };
    }
    if (status.state === 'failure' || status.state === 'error') {
      return { succeeded: false, at: new Date(at).toISOString() };
    }
  }
  return undefined;
}

/**
 * The finished deployments of `environment` in the last
 * {@link DEPLOYMENT_LOOKBACK_DAYS}, newest first, at most
 * {@link MAX_DEPLOYMENTS}. A deployment's lead time starts at the oldest
 * commit since the previous successful deployment (GitHub's compare), so a
 * batch of old commits is not measured by its newest one.
 *
 * @internal
 */
export async function readDeployments(options: {
  client: GithubClient;
  repoPath: string;
  environment: string;
  now: Date;
}): Promise<DeploymentEvent[]> {
  const { client, repoPath, environment } = options;
  const since = options.now.getTime() - DEPLOYMENT_LOOKBACK_DAYS * 86_400_000;
  const { body } = await client.get<GithubDeployment[]>(
    `${repoPath}/deployments?environment=${encodeURIComponent(environment)}&per_page=${MAX_DEPLOYMENTS}`,
  );
  const recent = (Array.isArray(body) ? body : []).filter(
    d => Date.parse(d.created_at) > since,
  );

  const finished: Array<DeploymentEvent & { sha: string }> = [];
  for (const deployment of recent) {
    const { body: statuses } = await client.get<GithubDeploymentStatus[]>(
      `${repoPath}/deployments/${encodeURIComponent(String(deployment.id))}/statuses?per_page=100`,
    );
    const verdict = verdictOf(Array.isArray(statuses) ? statuses : []);
    if (verdict) {
      finished.push({
        id: String(deployment.id),
        deployedAt: verdict.at,
        succeeded: verdict.succeeded,
        environment,
        sha: deployment.sha,
      });
    }
  }

  // Oldest first, so each deployment knows the previous successful one.
  const chronological = [...finished].sort(
    (a, b) => Date.parse(a.deployedAt) - Date.parse(b.deployedAt),
  );
  let previousSha: string | undefined;
  for (const deployment of chronological) {
    if (!deployment.succeeded) {
      continue;
    }
    if (previousSha && previousSha !== deployment.sha) {
      // Compare lists commits oldest first: the first page's first is the oldest.
      const { body: comparison } = await client.get<GithubComparison>(
        `${repoPath}/compare/${encodeURIComponent(previousSha)}...${encodeURIComponent(deployment.sha)}?per_page=1`,
      );
      const committedAt = comparison.commits?.[0]?.commit?.committer?.date;
      if (committedAt && !Number.isNaN(Date.parse(committedAt))) {
        deployment.committedAt = new Date(committedAt).toISOString();
      }
    }
    previousSha = deployment.sha;
  }
  return finished;
}

/**
 * The `deployments` evidence of one repository. A failure to read them is
 * this key's error only, so the build and pipeline verdicts still count.
 *
 * @internal
 */
export async function deploymentEvidence(options: {
  client: GithubClient;
  repoPath: string;
  environment: string;
  now: Date;
  link: string;
  stamp: { observedAt: string; staleAfter: string };
  signal?: AbortSignal;
}): Promise<CollectedEvidence> {
  const { link, stamp } = options;
  try {
    return {
      key: 'deployments',
      value: { deployments: await readDeployments(options) },
      link,
      ...stamp,
    };
  } catch (error) {
    if (options.signal?.aborted) {
      throw error;
    }
    return {
      key: 'deployments',
      error: `could not read the ${options.environment} deployments: ${(error as Error).message}`,
      link,
      ...stamp,
    };
  }
}
