/**
 * Readiness frontend plugin: readiness tiers, scores and stop-work orders on the entity page.
 *
 * @packageDocumentation
 */
export {
  readinessPlugin,
  EntityReadinessCard,
  EntityStopWorkBanner,
  ReadinessScorecardPage,
} from './plugin';
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
  EntitySummary,
  EvidenceLink,
  GateResponse,
  HistoryEntry,
  ReadinessReport,
  RemediationPlan,
  RiskLevel,
  StopWorkOrder,
  SummariesResponse,
  Tier,
  Waiver,
} from '@readiness/plugin-readiness-common';
