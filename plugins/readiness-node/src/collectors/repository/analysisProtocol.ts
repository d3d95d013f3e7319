import type { RepositorySnapshot } from '../../repository';
import type { ParsedLockfiles, RepositoryFacts } from './repositoryFacts';
import type { RepositoryAnalysisPatterns } from './repositoryPatterns';

/** What the pool sends a worker: one snapshot to analyse. */
export interface AnalysisTask {
  id: number;
  snapshot: RepositorySnapshot;
  patterns: RepositoryAnalysisPatterns;
  parsedLockfiles?: ParsedLockfiles;
}

/** What a worker answers: that it loaded, or one task's facts or error. */
export type AnalysisReply =
  | { type: 'ready' }
  | { id: number; facts: RepositoryFacts }
  | { id: number; error: string };
