import { type Document, isScalar, parseDocument, visit } from 'yaml';
import {
  lineAt,
  MAX_YAML_NESTING,
  yamlNestingDepth,
} from '../../lockfiles/util';

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

/** The first key repeated in one mapping, in time linear in the keys. */
function duplicateKey(doc: Document): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Map(_, map) {
      const keys = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key !== undefined && keys.has(key)) {
          found = key;
          return visit.BREAK;
        }
        if (key !== undefined) keys.add(key);
      }
      return undefined;
    },
  });
  return found;
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
  // No pretty errors: building their excerpts ran out of memory on a
  // workflow of 150,000 `[`. The library's duplicate-key check is
  // quadratic; GitHub refuses duplicates, so they are found in one pass.
  if (yamlNestingDepth(content) > MAX_YAML_NESTING) {
    return {
      path,
      error: `YAML nested deeper than ${MAX_YAML_NESTING} levels`,
    };
  }
  const doc = parseDocument(content, {
    prettyErrors: false,
    uniqueKeys: false,
  });
  const [problem] = doc.errors;
  if (problem) {
    return {
      path,
      error: `${problem.message.split('\n')[0]} at line ${lineAt(content, problem.pos[0])}`,
    };
  }
  const duplicate = duplicateKey(doc);
  if (duplicate !== undefined) {
    return {
      path,
      error: `duplicate key ${JSON.stringify(duplicate.slice(0, 100))}`,
    };
  }
  let workflow: unknown;
  try {
    workflow = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
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
