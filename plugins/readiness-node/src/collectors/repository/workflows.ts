import { parse } from 'yaml';

/**
 * The default patterns that mark a GitHub Actions workflow as deploying.
 *
 * @public
 */
export const DEFAULT_DEPLOY_PATTERNS: readonly RegExp[] = [
  /deploy|release|publish|cd\b/i,
];

/**
 * What a GitHub Actions workflow file says about deployment.
 *
 * @internal
 */
export type WorkflowAnalysis =
  | { path: string; name?: string; deploys: boolean }
  | { path: string; error: string };

/**
 * Compiles configured deploy patterns: strings become case-insensitive
 * regular expressions; `g` and `y` flags are dropped, since they make
 * `test()` depend on earlier calls. Throws on an invalid pattern.
 *
 * @internal
 */
export function compileDeployPatterns(
  patterns: ReadonlyArray<string | RegExp> | undefined,
): RegExp[] {
  if (patterns === undefined) {
    return [...DEFAULT_DEPLOY_PATTERNS];
  }
  return patterns.map(pattern => {
    if (pattern instanceof RegExp) {
      return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    }
    try {
      return new RegExp(pattern, 'i');
    } catch (error) {
      throw new Error(
        `invalid deploy pattern ${JSON.stringify(pattern)}: ${(error as Error).message}`,
      );
    }
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether a workflow deploys: its name, file name, a job id, job name or
 * called reusable workflow matches a deploy pattern, or a job targets an
 * `environment:` (GitHub environments are for deployments). Step names are
 * not looked at: "Publish test results" and `cargo build --release` are
 * common in workflows that only test.
 *
 * @internal
 */
export function analyzeWorkflow(
  path: string,
  content: string,
  deployPatterns: readonly RegExp[],
): WorkflowAnalysis {
  let workflow: unknown;
  try {
    // Errors still throw at this level; warnings are not printed.
    workflow = parse(content, { logLevel: 'error' });
  } catch (error) {
    // The first line names the problem and its position; the rest is an
    // excerpt of the file.
    return { path, error: (error as Error).message.split('\n')[0] };
  }
  if (!isRecord(workflow)) {
    return { path, error: 'not a workflow: expected a mapping' };
  }
  const jobs = workflow.jobs;
  if (!isRecord(jobs)) {
    return { path, error: 'not a workflow: no jobs' };
  }
  const name = typeof workflow.name === 'string' ? workflow.name : undefined;
  const fileName = path.slice(path.lastIndexOf('/') + 1);
  const labels = [fileName, ...(name ? [name] : [])];
  let environment = false;
  for (const [id, job] of Object.entries(jobs)) {
    labels.push(id);
    if (!isRecord(job)) {
      continue;
    }
    for (const field of ['name', 'uses'] as const) {
      if (typeof job[field] === 'string') {
        labels.push(job[field] as string);
      }
    }
    if (job.environment !== undefined && job.environment !== null) {
      environment = true;
    }
  }
  const deploys =
    environment ||
    labels.some(label => deployPatterns.some(pattern => pattern.test(label)));
  return { path, ...(name ? { name } : {}), deploys };
}
