export {
  analyzeRepository,
  isRepositoryFileOfInterest,
  type AnalyzeRepositoryOptions,
} from './analyzeRepository';
export {
  createRepositoryCollector,
  type RepositoryCollectorOptions,
} from './createRepositoryCollector';
