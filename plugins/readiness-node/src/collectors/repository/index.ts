export {
  analyzeRepository,
  createRepositoryFileFilter,
  isRepositoryFileOfInterest,
  type AnalyzeRepositoryOptions,
  type RepositoryAnalysisPatterns,
} from './analyzeRepository';
export { DEFAULT_DEPLOY_PATTERNS } from './workflows';
export {
  createRepositoryCollector,
  type RepositoryCollectorOptions,
} from './createRepositoryCollector';
