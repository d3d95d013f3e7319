export {
  coverageReportFormat,
  parseCoverageReport,
  type CoverageReportFormat,
  type CoverageReportResult,
} from './parseCoverageReport';
