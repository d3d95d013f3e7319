import type { RepositorySnapshot } from '../../repository';
import {
  collectRepositoryFacts,
  type ParsedLockfiles,
  type RepositoryFacts,
} from './repositoryFacts';
import type { RepositoryAnalysisPatterns } from './repositoryPatterns';

/**
 * Computes the {@link RepositoryFacts} of a snapshot: on this thread, or
 * elsewhere (see {@link createRepositoryAnalysisPool}).
 *
 * @public
 */
export interface RepositoryAnalyzer {
  analyze(
    snapshot: RepositorySnapshot,
    patterns: RepositoryAnalysisPatterns,
    options?: {
      signal?: AbortSignal;
      /** Lockfiles parsed before, used instead of parsing them again. */
      parsedLockfiles?: ParsedLockfiles;
    },
  ): Promise<RepositoryFacts>;
}

/**
 * Parses on the calling thread, yielding to the event loop between files:
 * what the CLI uses, and the backend when no worker thread can start.
 *
 * @public
 */
export const inThreadRepositoryAnalyzer: RepositoryAnalyzer = {
  async analyze(snapshot, patterns, options) {
    options?.signal?.throwIfAborted();
    return collectRepositoryFacts(snapshot, patterns, options?.parsedLockfiles);
  },
};
