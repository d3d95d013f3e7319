import type {
  DependencyHealthEvidenceValue,
  VulnerabilitiesEvidenceValue,
} from '@readiness/plugin-readiness-common';
import type { AdvisorySource } from '../advisories';
import { lockfileEvidence } from '../collectors/repository/dependencyEvidence';
import {
  inThreadRepositoryAnalyzer,
  type RepositoryAnalyzer,
} from '../collectors/repository/repositoryAnalyzer';
import type { RepositoryFacts } from '../collectors/repository/repositoryFacts';
import type { RegistryHealthSource } from '../registries';

/**
 * What the packages of a pushed SBOM are listed under, as the lockfile of
 * its findings and the file of its inventory entries.
 *
 * @public
 */
export const PUSHED_SBOM_FILE = 'pushed SBOM';

/**
 * Options of {@link analyzePushedSbom}.
 *
 * @public
 */
export interface AnalyzePushedSbomOptions {
  advisories: AdvisorySource;
  /** npm deprecations and crates.io yanks; unchecked when absent. */
  registries?: RegistryHealthSource;
  /**
   * Where the document is parsed; default this thread. The backend passes
   * its worker-thread pool, so a large SBOM does not hold up requests.
   */
  analyzer?: RepositoryAnalyzer;
  /** The advisory and registry lookups give up after this long. */
  timeoutMs: number;
}

/**
 * The evidence a pushed SBOM gives, or why it cannot be read.
 *
 * @public
 */
export type PushedSbomAnalysis =
  | {
      evidence: Array<
        | { key: 'vulnerabilities'; value: VulnerabilitiesEvidenceValue }
        | { key: 'dependency-health'; value: DependencyHealthEvidenceValue }
        | { key: 'vulnerabilities' | 'dependency-health'; error: string }
      >;
    }
  | { unreadable: string };

/**
 * Reads a pushed SBOM (CycloneDX JSON or XML, SPDX 2.x JSON) with the parser
 * that reads SBOMs in repositories, and matches its packages against
 * advisories and registries as the repository collector matches lockfiles.
 * A document that is not a readable SBOM is `unreadable`, with the parser's
 * reason, which may quote the document: callers decide whether to show it.
 * A lookup that fails or outlasts `timeoutMs` makes both evidence items an
 * error naming why, never a clean scan.
 *
 * @public
 */
export async function analyzePushedSbom(
  document: string,
  options: AnalyzePushedSbomOptions,
): Promise<PushedSbomAnalysis> {
  // The SBOM parser tells the formats apart by file name, then by content.
  const name = document.trimStart().startsWith('<') ? 'sbom.xml' : 'sbom.json';
  const facts = await (options.analyzer ?? inThreadRepositoryAnalyzer).analyze(
    {
      location: PUSHED_SBOM_FILE,
      files: new Map([[name, document]]),
      skipped: [],
    },
    // Nothing but the document is in the snapshot, so no other facts.
    {},
  );
  const [unread] = facts.lockfiles.unreadable;
  if (unread) {
    return { unreadable: unread.reason };
  }
  const lockfiles: RepositoryFacts['lockfiles'] = {
    packages: facts.lockfiles.packages.map(pkg => ({
      ...pkg,
      path: PUSHED_SBOM_FILE,
    })),
    unpinned: facts.lockfiles.unpinned.map(entry => ({
      ...entry,
      file: PUSHED_SBOM_FILE,
    })),
    unreadable: [],
  };
  const signal = AbortSignal.timeout(options.timeoutMs);
  const { advisories, registries } = options;
  const evidence = await lockfileEvidence(lockfiles, {
    advisories: {
      findAdvisories: (queries, findOptions) =>
        bounded(
          advisories.findAdvisories(queries, { ...findOptions, signal }),
          signal,
          options.timeoutMs,
        ),
      ...(advisories.coverage
        ? { coverage: () => advisories.coverage!() }
        : {}),
    },
    ...(registries
      ? {
          registries: {
            checkPackages: queries =>
              bounded(
                registries.checkPackages(queries, { signal }),
                signal,
                options.timeoutMs,
              ),
          },
        }
      : {}),
    signal,
  });
  return { evidence };
}

/** Settles by the deadline even when a source does not heed the signal. */
function bounded<T>(
  work: Promise<T>,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      const fail = () =>
        reject(new Error(`no answer within ${Math.ceil(timeoutMs / 1000)} s`));
      if (signal.aborted) fail();
      else signal.addEventListener('abort', fail, { once: true });
    }),
  ]);
}
