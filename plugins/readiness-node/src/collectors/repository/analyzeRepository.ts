import type {
  DependencyHealthFinding,
  RepositoryFilesEvidenceValue,
  VulnerabilitiesEvidenceValue,
  VulnerabilityFinding,
} from '@readiness/plugin-readiness-common';
import {
  type AdvisorySource,
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
import type { RepositorySnapshot } from '../../repository';
import type { CollectedEvidence } from '../types';

const SOURCE_EXTENSIONS = new Set([
  'rs', 'ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'py', 'go', 'java', 'kt',
  'rb', 'php', 'cs', 'c', 'h', 'cc', 'cpp', 'hpp', 'swift', 'scala',
]); // prettier-ignore

const CI_CONFIG =
  /^(\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.yml|Jenkinsfile|\.circleci\/config\.yml|azure-pipelines\.yml|bitbucket-pipelines\.yml)$/;
const README = /^readme(\.[a-z]+)?$/i;
const DOCS = /^(docs\/.+|mkdocs\.ya?ml)$/i;
const RUNBOOK = /(^|\/)(runbooks?\/.+|runbook(\.[a-z]+)?)$/i;
const SECURITY_POLICY = /^(\.github\/|docs\/)?security\.(md|txt|rst)$/i;
const DEPENDENCY_UPDATES =
  /^(\.github\/dependabot\.ya?ml|(\.github\/)?renovate\.json5?|\.renovaterc(\.json5?)?)$/i;
const CODEOWNERS = /^(\.github\/|docs\/)?CODEOWNERS$/;
const TODO_MARKER = /\b(?:TODO|FIXME)\b/g;

function extensionOf(path: string) {
  const dot = path.lastIndexOf('.');
  return dot === -1 ? '' : path.slice(dot + 1).toLocaleLowerCase('en-US');
}

function isSourceFile(path: string) {
  return SOURCE_EXTENSIONS.has(extensionOf(path));
}

/**
 * Whether the repository analysis needs a file: lockfiles, docs and policy
 * files, CI configuration and source files (for TODO markers). Used as the
 * read filter, so nothing else is read.
 *
 * @public
 */
export function isRepositoryFileOfInterest(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return (
    isLockfile(path) ||
    isSourceFile(path) ||
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
 * Options of {@link analyzeRepository}.
 *
 * @public
 */
export interface AnalyzeRepositoryOptions {
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
 * policy files exist, TODO/FIXME markers, and whether any CI pipeline is
 * configured. A file that could not be read or parsed, or a version that
 * cannot be matched, keeps the affected evidence from passing, and says why.
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
  const paths = [...snapshot.files.keys()];

  const evidence: CollectedEvidence[] = [];
  evidence.push(
    ...(await dependencyEvidence(snapshot, options).then(
      ({ vulnerabilities, dependencyHealth }) => {
        const [unread] = vulnerabilities.unreadable;
        return [
          { key: 'vulnerabilities' as const, value: vulnerabilities, ...stamp },
          // An unread lockfile may hide an unmaintained dependency, so no
          // findings then is not a clean bill of health.
          unread && dependencyHealth.length === 0
            ? {
                key: 'dependency-health' as const,
                error: `could not read ${unread.file}: ${unread.reason}`,
                ...stamp,
              }
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
  };
  evidence.push({ key: 'repository-files', value: files, ...stamp });

  const unreadSources = snapshot.skipped.filter(s => isSourceFile(s.path));
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
      if (isSourceFile(path)) {
        count += content.match(TODO_MARKER)?.length ?? 0;
      }
    }
    evidence.push({ key: 'todo-markers', value: { count }, ...stamp });
  }

  // Only the absence of any CI configuration is certain from the files; a
  // configured pipeline's results come from CI itself.
  if (!paths.some(path => CI_CONFIG.test(path))) {
    evidence.push({ key: 'pipeline', value: { exists: false }, ...stamp });
  }
  return evidence;
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
      unreadable.push({ file: path, reason: result.error });
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
      }
    },
  });

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
    },
    dependencyHealth: [...health.values()],
  };
}
