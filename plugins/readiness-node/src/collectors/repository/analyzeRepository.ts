import type { AdvisorySource } from '../../advisories';
import type {
  RegistryHealthSource,
  RegistryLicenseSource,
} from '../../registries';
import type { RepositorySnapshot } from '../../repository';
import type { CollectedEvidence } from '../types';
import { lockfileEvidence } from './dependencyEvidence';
import { licenseEvidence } from './licenseEvidence';
import {
  inThreadRepositoryAnalyzer,
  type RepositoryAnalyzer,
} from './repositoryAnalyzer';
import type { RepositoryFacts } from './repositoryFacts';
import type { RepositoryAnalysisPatterns } from './repositoryPatterns';

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
  /**
   * Declared licenses from npm, PyPI and crates.io; without it only the
   * licenses SBOMs state are known.
   */
  licenses?: RegistryLicenseSource;
  now: Date;
  /** How long the evidence stays fresh; default 2 days. */
  freshForMs?: number;
  /** A link to where a person can see the repository. */
  link?: string;
  signal?: AbortSignal;
  /**
   * Where the files are parsed; default on this thread, yielding to the
   * event loop between files. The backend passes a worker-thread pool
   * ({@link createRepositoryAnalysisPool}).
   */
  analyzer?: RepositoryAnalyzer;
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
  const patterns: RepositoryAnalysisPatterns = {
    sourceExtensions: options.sourceExtensions,
    todoGlobs: options.todoGlobs,
    deployPatterns: options.deployPatterns,
  };
  const facts = await (options.analyzer ?? inThreadRepositoryAnalyzer).analyze(
    snapshot,
    patterns,
    { signal: options.signal },
  );
  return repositoryEvidence(facts, options);
}

/**
 * The evidence of {@link analyzeRepository} from facts computed before (or
 * read back from a store): advisories, registries and licenses are asked
 * now, so a new advisory is found in an unchanged repository.
 *
 * @public
 */
export async function repositoryEvidence(
  facts: RepositoryFacts,
  options: Omit<AnalyzeRepositoryOptions, 'analyzer'>,
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

  const evidence: CollectedEvidence[] = [];
  for (const item of await lockfileEvidence(facts.lockfiles, options)) {
    evidence.push({ ...item, ...stamp });
  }

  evidence.push(
    await licenseEvidence(facts.lockfiles.packages, options).then(
      value => ({ key: 'licenses' as const, value, ...stamp }),
      error => ({
        key: 'licenses' as const,
        error: `license lookup failed: ${(error as Error).message}`,
        ...stamp,
      }),
    ),
  );
  evidence.push({ key: 'repository-files', value: facts.files, ...stamp });
  evidence.push({ key: 'todo-markers', ...facts.todoMarkers, ...stamp });
  if (facts.coverage) {
    // The report's own link, if any, is not known; the repository link
    // would not show the coverage.
    evidence.push({
      key: 'coverage',
      ...facts.coverage,
      observedAt,
      staleAfter,
    });
  }
  if (facts.pipeline) {
    evidence.push({ key: 'pipeline', value: facts.pipeline, ...stamp });
  }
  return evidence;
}
