/**
 * Readiness frontend plugin: readiness tiers, scores and stop-work orders on the entity page.
 *
 * @packageDocumentation
 */
export {
  readinessPlugin,
  EntityReadinessCard,
  EntityReadinessHistoryCard,
  EntityReadinessRollupCard,
  EntityStopWorkBanner,
  ReadinessScorecardPage,
} from './plugin';
export { isReadinessRollupAvailable } from './components/EntityReadinessRollupCard/isReadinessRollupAvailable';
export {
  createReadinessTierColumn,
  EntityReadinessFilter,
  EntityReadinessTierCell,
  ReadinessTierPicker,
} from './components/CatalogFilter';
export type {
  ReadinessEntityFilters,
  ReadinessTierFilterValue,
} from './components/CatalogFilter';
export { isStopWorkActive } from './components/StopWorkBanner/isStopWorkActive';
export { readinessApiRef } from './api/ReadinessApi';
export type { ReadinessApi, ReadinessSummariesQuery } from './api/ReadinessApi';
export { ReadinessClient } from './api/ReadinessClient';
export { rootRouteRef } from './routes';
export type {
  Attestation,
  CheckId,
  CheckResult,
  CheckStatus,
  DistributionResponse,
  DistributionSnapshot,
  EntityHistory,
  EntityRollupResponse,
  CheckRegression,
  EntitySummary,
  EntitySummaryRow,
  EvidenceLink,
  GateResponse,
  HistoryEntry,
  ReadinessCounts,
  ReadinessReport,
  ReadinessRollup,
  RemediationPlan,
  RiskLevel,
  StopWorkOrder,
  SummariesResponse,
  Tier,
  Waiver,
} from '@readiness/plugin-readiness-common';
