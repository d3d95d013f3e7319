export {
  analyzeRepository,
  type AnalyzeRepositoryOptions,
} from './analyzeRepository';
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
export type { RepositoryFacts } from './repositoryFacts';
