export {
  buildEvidenceFromLogs,
  DEFAULT_BUILD_LOG_MAX_CHARS,
  parseBuildLog,
  type BuildLogResult,
  type BuildLogSummary,
  type NamedBuildLog,
  type ParseBuildLogOptions,
} from './parseBuildLog';
export { readPushedBuildLogs } from './readPushedBuildLogs';
