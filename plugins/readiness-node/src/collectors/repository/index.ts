export {
  analyzeRepository,
  type AnalyzeRepositoryOptions,
  repositoryEvidence,
} from './analyzeRepository';
export {
  lockfileKeyId,
  type LockfileKey,
  type RepositoryInventoryStore,
  type StoredLockfile,
  type StoredRepositoryRevision,
} from './inventory';
export {
  createRepositoryFileFilter,
  isRepositoryFileOfInterest,
  type RepositoryAnalysisPatterns,
} from './repositoryPatterns';
export { DEFAULT_DEPLOY_PATTERNS } from './workflows';
export {
  createRepositoryCollector,
  type RepositoryCollectorOptions,
} from './createRepositoryCollector';
export {
  createRepositoryAnalysisPool,
  type RepositoryAnalysisPool,
  type RepositoryAnalysisPoolOptions,
} from './createRepositoryAnalysisPool';
export {
  inThreadRepositoryAnalyzer,
  type RepositoryAnalyzer,
} from './repositoryAnalyzer';
export type { ParsedLockfiles, RepositoryFacts } from './repositoryFacts';
