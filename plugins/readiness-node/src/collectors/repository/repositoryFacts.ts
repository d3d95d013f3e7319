import type {
  CoverageReportSummary,
  RepositoryFilesEvidenceValue,
  VulnerabilitiesEvidenceValue,
} from '@readiness/plugin-readiness-common';
import { coverageReportFormat, parseCoverageReport } from '../../coverage';
import {
  isLockfile,
  type LockedPackage,
  type LockfileParseResult,
  parseLockfile,
  selectLockfiles,
} from '../../lockfiles';
import type { RepositorySnapshot } from '../../repository';
import { isMarkdownReadme, markdownHeadings } from './readme';
import {
  CI_CONFIG,
  CODEOWNERS,
  type CompiledPatterns,
  compilePatterns,
  CONTRIBUTING,
  DEPENDENCY_UPDATES,
  DOCS,
  extensionOf,
  GITHUB_WORKFLOW,
  LICENSE,
  README,
  type RepositoryAnalysisPatterns,
  RUNBOOK,
  RUST_TEST,
  SECURITY_POLICY,
  TEST_PATH,
} from './repositoryPatterns';
import { countTodoMarkers } from './todoMarkers';
import { analyzeWorkflow } from './workflows';

// The evidence schema bounds name lists to 100 names.
const MAX_LISTED = 100;

/**
 * What the files of a repository say before any advisory is looked up: the
 * CPU-bound part of the analysis (parsing lockfiles, READMEs, coverage
 * reports and workflows, counting markers), plain data so it can be
 * computed in a worker thread and sent back.
 *
 * @public
 */
export interface RepositoryFacts {
  lockfiles: {
    packages: LockedPackage[];
    unpinned: VulnerabilitiesEvidenceValue['unpinned'];
    unreadable: VulnerabilitiesEvidenceValue['unreadable'];
    /**
     * The lockfiles parsed by this analysis (not given to it as already
     * parsed), in the order their packages are listed, with what of each
     * result `packages` and `unpinned` do not carry: what a store needs to
     * keep each result by content. Absent in facts read back from a store.
     */
    parsed?: Array<{ path: string; includes?: string[]; error?: string }>;
  };
  files: RepositoryFilesEvidenceValue;
  todoMarkers: { value: { count: number; files: number } } | { error: string };
  coverage?:
    | { value: { linePercent: number; reports: CoverageReportSummary[] } }
    | { error: string };
  pipeline?: { exists: false; workflows?: string[] };
}

/** Lets other work run between two files of one repository. */
const yieldToEventLoop = () =>
  new Promise<void>(resolve => setImmediate(resolve));

/**
 * Computes {@link RepositoryFacts}, yielding to the event loop between
 * files, so on the main thread one large repository delays other requests
 * by at most one file's work (each file is capped by the read limits).
 *
 * @internal
 */
export async function collectRepositoryFacts(
  snapshot: RepositorySnapshot,
  patternOptions: RepositoryAnalysisPatterns,
  parsedLockfiles?: ParsedLockfiles,
): Promise<RepositoryFacts> {
  const patterns = compilePatterns(patternOptions);
  // Existence does not need the content: a file skipped for its size is
  // still there.
  const paths = [
    ...new Set([
      ...snapshot.files.keys(),
      ...snapshot.skipped.map(s => s.path),
    ]),
  ];
  const lockfiles = await parseLockfiles(snapshot, parsedLockfiles ?? {});
  const files: RepositoryFilesEvidenceValue = {
    readme: paths.some(path => README.test(path)),
    docs: paths.some(path => DOCS.test(path)),
    runbook: paths.some(path => RUNBOOK.test(path)),
    securityPolicy: paths.some(path => SECURITY_POLICY.test(path)),
    dependencyUpdates: paths.some(path => DEPENDENCY_UPDATES.test(path)),
    codeowners: paths.some(path => CODEOWNERS.test(path)),
    license: paths.some(path => LICENSE.test(path)),
    contributing: paths.some(path => CONTRIBUTING.test(path)),
    ...readmeFacts(snapshot),
    testFiles: await countTestFiles(snapshot, paths, patterns),
  };
  await yieldToEventLoop();
  return {
    lockfiles,
    files,
    todoMarkers: await todoMarkers(snapshot, patterns),
    coverage: await coverageEvidence(snapshot, paths),
    pipeline: await pipelineEvidence(snapshot, paths, patterns),
  };
}

/**
 * Lockfiles of a snapshot already parsed elsewhere (the same bytes under
 * the same name, in another repository or revision), by path: used as they
 * are instead of being parsed again.
 *
 * @public
 */
export type ParsedLockfiles = Record<string, LockfileParseResult>;

/**
 * The locked packages of every lockfile in the snapshot, with each lockfile
 * that could not be read and each requirement with no locked version.
 */
async function parseLockfiles(
  snapshot: RepositorySnapshot,
  known: ParsedLockfiles,
): Promise<RepositoryFacts['lockfiles']> {
  const unreadable: RepositoryFacts['lockfiles']['unreadable'] = [];
  const unpinned: RepositoryFacts['lockfiles']['unpinned'] = [];
  for (const skipped of snapshot.skipped) {
    if (isLockfile(skipped.path)) {
      unreadable.push({ file: skipped.path, reason: skipped.reason });
    }
  }

  const packages: LockedPackage[] = [];
  const parsed: NonNullable<RepositoryFacts['lockfiles']['parsed']> = [];
  const queue = selectLockfiles([...snapshot.files.keys()]);
  const seen = new Set(queue);
  while (queue.length > 0) {
    const path = queue.shift()!;
    let result = Object.hasOwn(known, path) ? known[path] : undefined;
    if (!result) {
      await yieldToEventLoop();
      result = parseLockfile(path, snapshot.files.get(path)!);
      parsed.push({
        path,
        ...(result.includes ? { includes: result.includes } : {}),
        ...(result.error ? { error: result.error } : {}),
      });
    }
    if (result.error) {
      // The parser's message names the file already; evidence adds it back.
      const prefix = `could not read ${path}: `;
      unreadable.push({
        file: path,
        reason: result.error.startsWith(prefix)
          ? result.error.slice(prefix.length)
          : result.error,
      });
      continue;
    }
    // A loop, not push(...): a go.mod of 130,000 requirements overflowed
    // the call stack as spread arguments.
    for (const pkg of result.packages) packages.push(pkg);
    for (const requirement of result.unpinned) unpinned.push(requirement);
    // `-r base.txt` pins live in the included file: parse it too, or say it
    // was not read, so an include-only requirements.txt is never clean.
    for (const include of result.includes ?? []) {
      if (seen.has(include)) {
        continue;
      }
      seen.add(include);
      if (snapshot.files.has(include)) {
        queue.push(include);
      } else {
        unreadable.push({
          file: include,
          reason: `included by ${path} but not read`,
        });
      }
    }
  }
  return { packages, unpinned, unreadable, parsed };
}

/** TODO/FIXME markers, or why they cannot be counted. */
async function todoMarkers(
  snapshot: RepositorySnapshot,
  patterns: CompiledPatterns,
): Promise<RepositoryFacts['todoMarkers']> {
  const unreadSources = snapshot.skipped.filter(s =>
    patterns.isTodoFile(s.path),
  );
  if (unreadSources.length > 0) {
    // A count over part of the code would understate the debt.
    return {
      error: `could not read ${unreadSources[0].path}: ${unreadSources[0].reason}${
        unreadSources.length > 1
          ? ` (and ${unreadSources.length - 1} more files)`
          : ''
      }`,
    };
  }
  let count = 0;
  let files = 0;
  for (const [path, content] of snapshot.files) {
    if (patterns.isTodoFile(path)) {
      count += countTodoMarkers(content);
      files += 1;
      await yieldToEventLoop();
    }
  }
  return { value: { count, files } };
}

/** Size and headings of the root README (markdown preferred, then largest). */
function readmeFacts(
  snapshot: RepositorySnapshot,
): Pick<RepositoryFilesEvidenceValue, 'readmeBytes' | 'readmeSections'> {
  const readmes = [...snapshot.files]
    .filter(([path]) => README.test(path))
    .map(([path, content]) => ({
      path,
      content,
      bytes: Buffer.byteLength(content, 'utf8'),
      markdown: isMarkdownReadme(path),
    }))
    .sort(
      (a, b) =>
        Number(b.markdown) - Number(a.markdown) ||
        b.bytes - a.bytes ||
        a.path.localeCompare(b.path),
    );
  const [readme] = readmes;
  if (!readme) {
    return {};
  }
  return {
    readmeBytes: readme.bytes,
    ...(readme.markdown
      ? { readmeSections: markdownHeadings(readme.content) }
      : {}),
  };
}

/**
 * Test files by path (read or not), plus Rust files with test attributes.
 * Context for the tests check, never a test result.
 */
async function countTestFiles(
  snapshot: RepositorySnapshot,
  paths: string[],
  patterns: CompiledPatterns,
): Promise<number> {
  let count = 0;
  for (const path of paths) {
    if (!patterns.isSourceFile(path)) {
      continue;
    }
    const content = snapshot.files.get(path);
    if (content !== undefined && extensionOf(path) === 'rs') {
      await yieldToEventLoop();
    }
    if (
      TEST_PATH.test(path) ||
      (extensionOf(path) === 'rs' &&
        content !== undefined &&
        RUST_TEST.test(content))
    ) {
      count += 1;
    }
  }
  return count;
}

/**
 * Line coverage of the coverage reports committed in the repository: the
 * lowest when there are several (each package of a monorepo must meet the
 * bar), and an error when any cannot be read, since the unread one may be
 * the lowest.
 */
async function coverageEvidence(
  snapshot: RepositorySnapshot,
  paths: string[],
): Promise<RepositoryFacts['coverage']> {
  const reportPaths = paths
    .filter(path => coverageReportFormat(path) !== undefined)
    .sort();
  if (reportPaths.length === 0) {
    return undefined;
  }
  const problems: Array<{ file: string; reason: string }> = [];
  const reports: CoverageReportSummary[] = [];
  for (const file of reportPaths) {
    const content = snapshot.files.get(file);
    if (content === undefined) {
      const reason =
        snapshot.skipped.find(s => s.path === file)?.reason ?? 'not read';
      problems.push({ file, reason });
      continue;
    }
    await yieldToEventLoop();
    const result = parseCoverageReport(file, content);
    if ('error' in result) {
      problems.push({ file, reason: result.error });
    } else {
      reports.push({ file, linePercent: result.linePercent });
    }
  }
  if (problems.length > 0) {
    const [first] = problems;
    return {
      error: `could not read ${first.file}: ${first.reason}${
        problems.length > 1 ? ` (and ${problems.length - 1} more reports)` : ''
      }`,
    };
  }
  return {
    value: {
      linePercent: reports.reduce(
        (lowest, r) => Math.min(lowest, r.linePercent),
        Infinity,
      ),
      reports: reports.slice(0, MAX_LISTED),
    },
  };
}

/**
 * What the CI configuration says about a deployment pipeline. A file cannot
 * say whether the last run succeeded, so a deploying workflow yields no
 * evidence (CI reports its runs); only "no CI at all" and "GitHub workflows
 * that only build and test" are certain, and both mean no deployment
 * pipeline. Other CI systems, and workflows that cannot be read, are left to
 * CI evidence rather than guessed at.
 */
async function pipelineEvidence(
  snapshot: RepositorySnapshot,
  paths: string[],
  patterns: CompiledPatterns,
): Promise<RepositoryFacts['pipeline']> {
  const ciPaths = paths.filter(path => CI_CONFIG.test(path)).sort();
  if (ciPaths.length === 0) {
    return { exists: false };
  }
  if (!ciPaths.every(path => GITHUB_WORKFLOW.test(path))) {
    return undefined;
  }
  for (const path of ciPaths) {
    const content = snapshot.files.get(path);
    if (content === undefined) {
      return undefined;
    }
    await yieldToEventLoop();
    const workflow = analyzeWorkflow(path, content, patterns.deployPatterns);
    if ('error' in workflow || workflow.deploys) {
      return undefined;
    }
  }
  return { exists: false, workflows: ciPaths.slice(0, MAX_LISTED) };
}
