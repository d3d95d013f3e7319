import { coverageReportFormat } from '../../coverage';
import { isLockfile } from '../../lockfiles';
import { compileGlobs } from './globs';
import { compileDeployPatterns } from './workflows';

const SOURCE_EXTENSIONS = [
  'rs', 'ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'py', 'go', 'java', 'kt',
  'rb', 'php', 'cs', 'c', 'h', 'cc', 'cpp', 'hpp', 'swift', 'scala',
]; // prettier-ignore

export const CI_CONFIG =
  /^(\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.yml|Jenkinsfile|\.circleci\/config\.yml|azure-pipelines\.yml|bitbucket-pipelines\.yml)$/;
export const GITHUB_WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/;
export const README = /^readme(\.[a-z]+)?$/i;
export const DOCS = /^(docs\/.+|mkdocs\.ya?ml)$/i;
export const RUNBOOK = /(^|\/)(runbooks?\/.+|runbook(\.[a-z]+)?)$/i;
export const SECURITY_POLICY = /^(\.github\/|docs\/)?security\.(md|txt|rst)$/i;
export const DEPENDENCY_UPDATES =
  /^(\.github\/dependabot\.ya?ml|(\.github\/)?renovate\.json5?|\.renovaterc(\.json5?)?)$/i;
export const CODEOWNERS = /^(\.github\/|docs\/)?CODEOWNERS$/;
// Where OSPS-LE-03.01 looks for the project's license: a LICENSE or COPYING
// file at the root (LICENSE-MIT, COPYING.txt, ...) or a LICENSES/ folder.
export const LICENSE =
  /^((licen[cs]e|copying)(-[a-z0-9]+)*(\.(md|txt|rst|markdown|adoc))?|licen[cs]es?\/[^/]+)$/i;
export const CONTRIBUTING = /^(\.github\/|docs\/)?contributing(\.[a-z]+)?$/i;
// Test files by name or folder, across the common ecosystems (jest/vitest,
// pytest, go test, RSpec, Maven/Gradle src/test/).
export const TEST_PATH =
  /(^|\/)(tests?|__tests__|spec)\/|\.(test|spec)\.[^/.]+$|(^|\/)test_[^/]*\.py$|_test\.(go|py)$|_spec\.rb$/i;
// Rust unit tests live next to the code, inside `#[cfg(test)]` modules.
export const RUST_TEST = /#\[(?:[\w:]+::)?test\]|#\[cfg\(test\)\]/;

export function extensionOf(path: string) {
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

export interface CompiledPatterns {
  isSourceFile(path: string): boolean;
  isTodoFile(path: string): boolean;
  deployPatterns: RegExp[];
}

/** Compiles once per collector; throws on invalid configuration. */
export function compilePatterns(
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
    LICENSE.test(path) ||
    CONTRIBUTING.test(path) ||
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
