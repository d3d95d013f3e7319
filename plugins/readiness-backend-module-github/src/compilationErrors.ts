import {
  buildEvidenceFromLogs,
  type CollectedEvidence,
  type NamedBuildLog,
  parseBuildLog,
} from '@readiness/plugin-readiness-node';
import type { GithubClient } from './GithubClient';

/**
 * The fields of a GitHub check-run annotation the compile-error rule reads.
 *
 * @public
 */
export interface GithubCheckAnnotation {
  annotation_level?: 'notice' | 'warning' | 'failure' | string;
  title?: string | null;
  message?: string | null;
  path?: string;
}

/**
 * Compiler diagnostics as GitHub Actions problem matchers turn them into
 * annotations. Kept to compiler wording so that failing tests, lint findings
 * and the generic "Process completed with exit code 1" are not counted.
 */
const COMPILER_DIAGNOSTICS: RegExp[] = [
  /\berror\[E\d{4}\]/, // rustc: error[E0308]: mismatched types
  /\bTS\d{4,5}\b/, // tsc: TS2322
  /\bCS\d{4}\b/, // C# compiler: CS0103
  /\bcompil(?:e|er|ation)\b/i, // "compile error", "compilation failed", "compiler error"
  /\bcannot find symbol\b/i, // javac
  /\bsyntax ?error\b/i, // most compilers and parsers
  /\bundefined reference to\b/i, // linkers
  /\bunresolved (?:reference|import|external)\b/i, // kotlinc, rustc, MSVC
  /\bmismatched types\b/i, // rustc
  /^undefined: \S/m, // go build
  /\buse of undeclared identifier\b/i, // clang
  /\bunknown type name\b/i, // clang, gcc
];

/**
 * The default rule for counting compilation errors: a check-run annotation
 * counts when its level is `failure` and its title or message reads like a
 * compiler diagnostic (rustc `error[E…]`, tsc `TS…`, C# `CS…`, "compile",
 * "cannot find symbol", "syntax error", "undefined reference to",
 * "unresolved reference", "mismatched types", go's "undefined: x", clang's
 * "use of undeclared identifier" and "unknown type name").
 *
 * @public
 */
export function defaultIsCompilationError(
  annotation: GithubCheckAnnotation,
): boolean {
  if (annotation.annotation_level !== 'failure') {
    return false;
  }
  const text = [annotation.title, annotation.message]
    .filter((part): part is string => typeof part === 'string')
    .join('\n');
  return COMPILER_DIAGNOSTICS.some(pattern => pattern.test(text));
}

type BuildEvidenceValue = NonNullable<
  Extract<CollectedEvidence, { key: 'build' }>['value']
>;

/** The fields of a workflow run's job the log reader needs. */
interface GithubJob {
  id: number;
  name?: string;
  conclusion?: string | null;
}

const MAX_JOB_PAGES = 5;
const MAX_ANNOTATION_PAGES = 10;

/**
 * The compilation errors of failed workflow runs, read from the logs of
 * their failing jobs (`GET .../actions/jobs/{id}/logs`) with
 * `parseBuildLog`, grouped by code. A job whose log GitHub no longer keeps
 * falls back to its check-run annotations (a job's id is its check run's);
 * GitHub keeps at most 50 annotations per job, so that count is only a lower
 * bound. A failing job whose log holds no compiler output (tests, lint)
 * adds nothing: a failed build with no count is "failed", never "0 errors".
 *
 * @internal
 */
export async function readCompilationErrors(options: {
  client: GithubClient;
  repoPath: string;
  runIds: number[];
  isCompilationError: (annotation: GithubCheckAnnotation) => boolean;
}): Promise<Omit<BuildEvidenceValue, 'succeeded' | 'branch'>> {
  const { client, repoPath, isCompilationError } = options;
  const logs: NamedBuildLog[] = [];
  let fromAnnotations = 0;
  for (const runId of options.runIds) {
    const jobs = await client.getAll<{ jobs?: GithubJob[] }, GithubJob>(
      `${repoPath}/actions/runs/${runId}/jobs?filter=latest&per_page=100`,
      body => body.jobs ?? [],
      MAX_JOB_PAGES,
    );
    const failing = jobs.filter(
      job => job.conclusion === 'failure' || job.conclusion === 'timed_out',
    );
    for (const job of failing) {
      const log = await client.getLog(
        `${repoPath}/actions/jobs/${job.id}/logs`,
      );
      if (!log) {
        const annotations = await client.getAll<
          GithubCheckAnnotation[],
          GithubCheckAnnotation
        >(
          `${repoPath}/check-runs/${job.id}/annotations?per_page=100`,
          body => (Array.isArray(body) ? body : []),
          MAX_ANNOTATION_PAGES,
        );
        fromAnnotations += annotations.filter(isCompilationError).length;
        continue;
      }
      const result = parseBuildLog(log.text);
      if (result.recognised) {
        logs.push({
          name: `job ${job.id}`,
          result: { ...result, atLeast: result.atLeast || log.truncated },
        });
      }
    }
  }
  const read = logs.length > 0 ? buildEvidenceFromLogs(logs) : undefined;
  const fromLogs = read && 'value' in read ? read.value : undefined;
  const compilationErrors =
    (fromLogs?.compilationErrors ?? 0) + fromAnnotations;
  const atLeast =
    Boolean(fromLogs?.compilationErrorsAtLeast) || fromAnnotations > 0;
  return {
    compilationErrors,
    ...(atLeast ? { compilationErrorsAtLeast: true } : {}),
    ...(fromLogs
      ? {
          errorGroups: fromLogs.errorGroups,
          warnings: fromLogs.warnings,
          tools: fromLogs.tools,
        }
      : {}),
  };
}
