export type {
  AdvisoryProblem,
  AdvisorySource,
  FindAdvisoriesOptions,
  OsvAffected,
  OsvEvent,
  OsvRange,
  OsvSeverity,
  OsvVulnerability,
  PackageQuery,
} from './types';
export {
  canonicalEcosystem,
  lockfileEcosystems,
  normalizePackageName,
  packageKey,
  parsePackageKey,
} from './packageKey';
export { compareEcosystemVersions } from './versionOrder';
export {
  affectedEntryNamesPackage,
  isVersionAffected,
  matchAffectedEntry,
  type AffectedDecision,
  type AffectedStatus,
} from './versions';
export { cvssBaseScore, severityFromCvssScore } from './cvss';
export {
  severityOf,
  toFindings,
  type AdvisoryFindings,
  type ToFindingsOptions,
} from './findings';
export {
  DEFAULT_OSV_BASE_URL,
  OsvClient,
  OsvRequestError,
  type OsvClientOptions,
  type OsvClientStats,
} from './OsvClient';
export {
  advisorySourceReport,
  coverageOf,
  type AdvisoryCoverage,
} from './advisoryCoverage';
export {
  countZipEntries,
  DEFAULT_OSV_ARCHIVE_BASE_URL,
  readZipArchive,
  type AdvisoryArchiveEntry,
} from './zipArchive';
export {
  DirectoryAdvisorySource,
  createNodeAdvisoryFileReader,
  type AdvisoryFileReader,
  type DirectoryAdvisoryIndex,
  type DirectoryAdvisorySourceOptions,
} from './DirectoryAdvisorySource';
