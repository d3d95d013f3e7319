import type {
  CoverageReportSummary,
  RepositoryFilesEvidenceValue,
} from '@readiness/plugin-readiness-common';
import type { AdvisorySource } from '../../advisories';
import type { RegistryHealthSource } from '../../registries';
import { coverageReportFormat, parseCoverageReport } from '../../coverage';
import type { RepositorySnapshot } from '../../repository';
import type { CollectedEvidence } from '../types';
import { dependencyEvidence } from './dependencyEvidence';
import { isMarkdownReadme, markdownHeadings } from './readme';
import {
  CI_CONFIG,
  CODEOWNERS,
  type CompiledPatterns,
  compilePatterns,
  DEPENDENCY_UPDATES,
  DOCS,
  extensionOf,
  GITHUB_WORKFLOW,
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
 * Options of {@link analyzeRepository}.
 *
 * @public
 */
export interface AnalyzeRepositoryOptions extends RepositoryAnalysisPatterns {
  /** Where advisories come from: OSV online or a directory of OSV records. */
  advisories: AdvisorySource;
  /**
   * npm deprecations and crates.io yanks; without it those signals are
   * reported unchecked.
   */
  registries?: RegistryHealthSource;
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
          gap && dependencyHealth.findings.length === 0
            ? { key: 'dependency-health' as const, error: gap, ...stamp }
            : {
                key: 'dependency-health' as const,
                value: dependencyHealth,
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
    let todoFiles = 0;
    for (const [path, content] of snapshot.files) {
      if (patterns.isTodoFile(path)) {
        count += countTodoMarkers(content);
        todoFiles += 1;
      }
    }
    evidence.push({
      key: 'todo-markers',
      value: { count, files: todoFiles },
      ...stamp,
    });
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
