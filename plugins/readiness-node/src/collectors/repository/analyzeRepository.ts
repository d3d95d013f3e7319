import type {
  CoverageReportSummary,
  DependencyHealthFinding,
  RepositoryFilesEvidenceValue,
  VulnerabilitiesEvidenceValue,
  VulnerabilityFinding,
} from '@readiness/plugin-readiness-common';
import {
  advisorySourceReport,
  type AdvisorySource,
  coverageOf,
  packageKey,
  type PackageQuery,
  toFindings,
} from '../../advisories';
import {
  isLockfile,
  type LockedPackage,
  parseLockfile,
  selectLockfiles,
} from '../../lockfiles';
import { coverageReportFormat, parseCoverageReport } from '../../coverage';
import type { RepositorySnapshot } from '../../repository';
import type { CollectedEvidence } from '../types';
import { compileGlobs } from './globs';
import { isMarkdownReadme, markdownHeadings } from './readme';
import { analyzeWorkflow, compileDeployPatterns } from './workflows';

const SOURCE_EXTENSIONS = [
  'rs', 'ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'py', 'go', 'java', 'kt',
  'rb', 'php', 'cs', 'c', 'h', 'cc', 'cpp', 'hpp', 'swift', 'scala',
]; // prettier-ignore

const CI_CONFIG =
  /^(\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.yml|Jenkinsfile|\.circleci\/config\.yml|azure-pipelines\.yml|bitbucket-pipelines\.yml)$/;
const GITHUB_WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/;
const README = /^readme(\.[a-z]+)?$/i;
const DOCS = /^(docs\/.+|mkdocs\.ya?ml)$/i;
const RUNBOOK = /(^|\/)(runbooks?\/.+|runbook(\.[a-z]+)?)$/i;
const SECURITY_POLICY = /^(\.github\/|docs\/)?security\.(md|txt|rst)$/i;
const DEPENDENCY_UPDATES =
  /^(\.github\/dependabot\.ya?ml|(\.github\/)?renovate\.json5?|\.renovaterc(\.json5?)?)$/i;
const CODEOWNERS = /^(\.github\/|docs\/)?CODEOWNERS$/;
// A marker counts where it opens a comment (`// TODO`, `# FIXME:`, ` * TODO`,
// `<!-- TODO`, `-- TODO`), not where the word is written in code or prose
// ("counts TODO markers" in a string is not technical debt).
const TODO_MARKER =
  /(?:\/\/[/!]?|\/\*+!?|^[ \t]*\*|#|<!--|(?:^|[ \t])--|;)[ \t]*[-@]?[ \t]*(?:TODO|FIXME)\b/gm;
// Test files by name or folder, across the common ecosystems (jest/vitest,
// pytest, go test, RSpec, Maven/Gradle src/test/).
const TEST_PATH =
  /(^|\/)(tests?|__tests__|spec)\/|\.(test|spec)\.[^/.]+$|(^|\/)test_[^/]*\.py$|_test\.(go|py)$|_spec\.rb$/i;
// Rust unit tests live next to the code, inside `#[cfg(test)]` modules.
const RUST_TEST = /#\[(?:[\w:]+::)?test\]|#\[cfg\(test\)\]/;
// The evidence schema bounds name lists to 100 names.
const MAX_LISTED = 100;

function extensionOf(path: string) {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot <= slash + 1 ? '' : path.slice(dot + 1).toLocaleLowerCase('en-US');
}

/**
 * Which files the repository analysis treats specially. Each is optional,
 * meant to come from `readiness.collectors.repository` config.
 *
 * @public
 */
export interface RepositoryAnalysisPatterns {
  /**
   * File extensions (without the dot) of source code, replacing the
   * built-in list: TODO markers are counted and test files found in these.
   */
  sourceExtensions?: string[];
  /**
   * Globs of the files whose TODO/FIXME markers count, replacing "every
   * source file"; `!`-prefixed globs exclude (alone, they exclude from the
   * default). A glob without `/` matches the file name at any depth
   * (`*.rs`), one with `/` is anchored at the root (`src/**\/*.ts`).
   */
  todoGlobs?: string[];
  /**
   * Patterns matched against a GitHub Actions workflow's name, file name,
   * job ids, job names and called workflows to decide that it deploys
   * (strings are case-insensitive regular expressions). Default
   * `/deploy|release|publish|cd\b/i`. A job with an `environment:` always
   * deploys.
   */
  deployPatterns?: Array<string | RegExp>;
}

interface CompiledPatterns {
  isSourceFile(path: string): boolean;
  isTodoFile(path: string): boolean;
  deployPatterns: RegExp[];
}

/** Compiles once per collector; throws on invalid configuration. */
function compilePatterns(
  patterns: RepositoryAnalysisPatterns = {},
): CompiledPatterns {
  let extensions = SOURCE_EXTENSIONS;
  if (patterns.sourceExtensions !== undefined) {
    extensions = patterns.sourceExtensions.map(e =>
      e.replace(/^\./, '').toLocaleLowerCase('en-US'),
    );
    // No source files would count no TODO markers: a silent pass.
    if (
      extensions.length === 0 ||
      extensions.some(e => !/^[\w.+-]+$/.test(e))
    ) {
      throw new Error(
        `sourceExtensions must be a non-empty list of file extensions, got ${JSON.stringify(patterns.sourceExtensions)}`,
      );
    }
  }
  const sourceSet = new Set(extensions);
  const isSourceFile = (path: string) => sourceSet.has(extensionOf(path));
  const isTodoFile =
    patterns.todoGlobs === undefined
      ? isSourceFile
      : compileGlobs(patterns.todoGlobs, isSourceFile);
  return {
    isSourceFile,
    isTodoFile,
    deployPatterns: compileDeployPatterns(patterns.deployPatterns),
  };
}

const DEFAULT_PATTERNS = compilePatterns();

function isOfInterest(path: string, compiled: CompiledPatterns) {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return (
    isLockfile(path) ||
    compiled.isSourceFile(path) ||
    compiled.isTodoFile(path) ||
    coverageReportFormat(path) !== undefined ||
    CI_CONFIG.test(path) ||
    README.test(path) ||
    DOCS.test(path) ||
    RUNBOOK.test(path) ||
    SECURITY_POLICY.test(path) ||
    DEPENDENCY_UPDATES.test(path) ||
    CODEOWNERS.test(path) ||
    README.test(name)
  );
}

/**
 * Whether the repository analysis needs a file, with the default patterns:
 * lockfiles, docs and policy files, CI configuration, coverage reports and
 * source files (for TODO markers and tests). Used as the read filter, so
 * nothing else is read. See {@link createRepositoryFileFilter} for
 * configured patterns.
 *
 * @public
 */
export function isRepositoryFileOfInterest(path: string): boolean {
  return isOfInterest(path, DEFAULT_PATTERNS);
}

/**
 * The read filter for configured patterns (a `todoGlobs` file must be read
 * to count its markers). Throws on invalid patterns, so bad configuration
 * fails when the collector is created.
 *
 * @public
 */
export function createRepositoryFileFilter(
  patterns?: RepositoryAnalysisPatterns,
): (path: string) => boolean {
  const compiled = compilePatterns(patterns);
  return path => isOfInterest(path, compiled);
}

/**
 * Options of {@link analyzeRepository}.
 *
 * @public
 */
export interface AnalyzeRepositoryOptions extends RepositoryAnalysisPatterns {
  /** Where advisories come from: OSV online or a directory of OSV records. */
  advisories: AdvisorySource;
  now: Date;
  /** How long the evidence stays fresh; default 2 days. */
  freshForMs?: number;
  /** A link to where a person can see the repository. */
  link?: string;
  signal?: AbortSignal;
}

/**
 * Turns the files of a repository into evidence: vulnerabilities in locked
 * dependencies, unmaintained or yanked dependencies, which documentation and
 * policy files exist (with the README's size and headings, and the number of
 * test files), TODO/FIXME markers, committed coverage reports, and whether a
 * deployment pipeline is configured. A file that could not be read or
 * parsed, or a version that cannot be matched, keeps the affected evidence
 * from passing, and says why.
 *
 * @public
 */
export async function analyzeRepository(
  snapshot: RepositorySnapshot,
  options: AnalyzeRepositoryOptions,
): Promise<CollectedEvidence[]> {
  const observedAt = options.now.toISOString();
  const staleAfter = new Date(
    options.now.getTime() + (options.freshForMs ?? 2 * 86_400_000),
  ).toISOString();
  const stamp = {
    observedAt,
    staleAfter,
    ...(options.link ? { link: options.link } : {}),
  };
  const patterns = compilePatterns(options);
  // Existence does not need the content: a file skipped for its size is
  // still there.
  const paths = [
    ...new Set([
      ...snapshot.files.keys(),
      ...snapshot.skipped.map(s => s.path),
    ]),
  ];

  const evidence: CollectedEvidence[] = [];
  evidence.push(
    ...(await dependencyEvidence(snapshot, options).then(
      ({ vulnerabilities, dependencyHealth }) => {
        const [unread] = vulnerabilities.unreadable;
        const [unpinned] = vulnerabilities.unpinned;
        // An unread lockfile or a requirement with no locked version may hide
        // an unmaintained or yanked dependency, so no findings then is not a
        // clean bill of health.
        const gap = unread
          ? `could not read ${unread.file}: ${unread.reason}`
          : unpinned &&
            `${unpinned.name} in ${unpinned.file} has no locked version and was not checked`;
        return [
          { key: 'vulnerabilities' as const, value: vulnerabilities, ...stamp },
          gap && dependencyHealth.length === 0
            ? { key: 'dependency-health' as const, error: gap, ...stamp }
            : {
                key: 'dependency-health' as const,
                value: { findings: dependencyHealth },
                ...stamp,
              },
        ];
      },
      error => {
        const message = `advisory lookup failed: ${(error as Error).message}`;
        return [
          { key: 'vulnerabilities' as const, error: message, ...stamp },
          { key: 'dependency-health' as const, error: message, ...stamp },
        ];
      },
    )),
  );

  const files: RepositoryFilesEvidenceValue = {
    readme: paths.some(path => README.test(path)),
    docs: paths.some(path => DOCS.test(path)),
    runbook: paths.some(path => RUNBOOK.test(path)),
    securityPolicy: paths.some(path => SECURITY_POLICY.test(path)),
    dependencyUpdates: paths.some(path => DEPENDENCY_UPDATES.test(path)),
    codeowners: paths.some(path => CODEOWNERS.test(path)),
    ...readmeFacts(snapshot),
    testFiles: countTestFiles(snapshot, paths, patterns),
  };
  evidence.push({ key: 'repository-files', value: files, ...stamp });

  const unreadSources = snapshot.skipped.filter(s =>
    patterns.isTodoFile(s.path),
  );
  if (unreadSources.length > 0) {
    // A count over part of the code would understate the debt.
    evidence.push({
      key: 'todo-markers',
      error: `could not read ${unreadSources[0].path}: ${unreadSources[0].reason}${
        unreadSources.length > 1
          ? ` (and ${unreadSources.length - 1} more files)`
          : ''
      }`,
      ...stamp,
    });
  } else {
    let count = 0;
    for (const [path, content] of snapshot.files) {
      if (patterns.isTodoFile(path)) {
        count += content.match(TODO_MARKER)?.length ?? 0;
      }
    }
    evidence.push({ key: 'todo-markers', value: { count }, ...stamp });
  }

  const coverage = coverageEvidence(snapshot, paths);
  if (coverage) {
    // The report's own link, if any, is not known; the repository link
    // would not show the coverage.
    evidence.push({ key: 'coverage', ...coverage, observedAt, staleAfter });
  }

  const pipeline = pipelineEvidence(snapshot, paths, patterns);
  if (pipeline) {
    evidence.push({ key: 'pipeline', value: pipeline, ...stamp });
  }
  return evidence;
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
function countTestFiles(
  snapshot: RepositorySnapshot,
  paths: string[],
  patterns: CompiledPatterns,
): number {
  let count = 0;
  for (const path of paths) {
    if (!patterns.isSourceFile(path)) {
      continue;
    }
    const content = snapshot.files.get(path);
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
function coverageEvidence(
  snapshot: RepositorySnapshot,
  paths: string[],
):
  | { value: { linePercent: number; reports: CoverageReportSummary[] } }
  | { error: string }
  | undefined {
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
      linePercent: Math.min(...reports.map(r => r.linePercent)),
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
function pipelineEvidence(
  snapshot: RepositorySnapshot,
  paths: string[],
  patterns: CompiledPatterns,
): { exists: false; workflows?: string[] } | undefined {
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
    const workflow = analyzeWorkflow(path, content, patterns.deployPatterns);
    if ('error' in workflow || workflow.deploys) {
      return undefined;
    }
  }
  return { exists: false, workflows: ciPaths.slice(0, MAX_LISTED) };
}

async function dependencyEvidence(
  snapshot: RepositorySnapshot,
  options: AnalyzeRepositoryOptions,
): Promise<{
  vulnerabilities: VulnerabilitiesEvidenceValue;
  dependencyHealth: DependencyHealthFinding[];
}> {
  const unreadable: VulnerabilitiesEvidenceValue['unreadable'] = [];
  const unpinned: VulnerabilitiesEvidenceValue['unpinned'] = [];
  for (const skipped of snapshot.skipped) {
    if (isLockfile(skipped.path)) {
      unreadable.push({ file: skipped.path, reason: skipped.reason });
    }
  }

  const packages: LockedPackage[] = [];
  const queue = selectLockfiles([...snapshot.files.keys()]);
  const seen = new Set(queue);
  while (queue.length > 0) {
    const path = queue.shift()!;
    const result = parseLockfile(path, snapshot.files.get(path)!);
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
    packages.push(...result.packages);
    unpinned.push(...result.unpinned);
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

  const queries: PackageQuery[] = packages.map(p => ({
    ecosystem: p.ecosystem,
    name: p.name,
    version: p.version,
  }));
  const advisories = await options.advisories.findAdvisories(queries, {
    signal: options.signal,
    onProblem: problem => {
      if (problem.kind === 'undecidable-version') {
        const lockfile =
          packages.find(p => packageKey(p) === problem.packageKey)?.path ??
          problem.packageKey;
        unreadable.push({
          file: lockfile,
          reason: `cannot tell whether ${problem.packageName} ${problem.version} is affected by ${problem.advisoryId}: ${problem.reason}`,
        });
      } else if (problem.kind === 'unread-record') {
        // Any package may be affected: the scan cannot be clean.
        unreadable.push({
          file: `advisory record ${problem.file}`,
          reason: `${problem.reason}, so whether it affects a locked package is unknown`,
        });
      }
    },
  });

  // Packages of an ecosystem the source does not cover were not checked.
  const coverage = await coverageOf(options.advisories);

  const findings = new Map<string, VulnerabilityFinding>();
  const health = new Map<string, DependencyHealthFinding>();
  for (const pkg of packages) {
    const vulns = advisories.get(packageKey(pkg)) ?? [];
    if (vulns.length === 0) {
      continue;
    }
    const result = toFindings(pkg, vulns, { lockfile: pkg.path });
    for (const finding of result.vulnerabilities) {
      findings.set(
        `${finding.advisoryId}|${finding.packageName}|${finding.version}`,
        finding,
      );
    }
    for (const finding of result.dependencyHealth) {
      health.set(
        `${finding.kind}|${finding.packageName}|${finding.version}`,
        finding,
      );
    }
  }

  return {
    vulnerabilities: {
      scannedPackages: new Set(packages.map(p => packageKey(p))).size,
      findings: [...findings.values()],
      unreadable,
      unpinned,
      ...(coverage
        ? {
            advisorySource: advisorySourceReport(
              coverage,
              packages.map(p => p.ecosystem),
            ),
          }
        : {}),
    },
    dependencyHealth: [...health.values()],
  };
}
