import { createApiRef } from '@backstage/core-plugin-api';
import type {
  CampaignProgress,
  AffectedEntitiesResponse,
  Attestation,
  DistributionResponse,
  DistributionSnapshot,
  EntityRollupResponse,
  EntitySummaryRow,
  GateResponse,
  EntityHistory,
  HistoryEntry,
  ReadinessReport,
  ReadinessRollup,
  RollupsQuery,
  SummariesQuery,
  SummariesResponse,
  Tier,
  StopWorkOrderEntry,
  Waiver,
  WaiverCreateRequest,
} from '@readiness/plugin-readiness-common';

/**
 * Query of {@link ReadinessApi.getSummaries}; every field is optional and the
 * backend applies its defaults (50 rows, sorted by entity ref).
 *
 * @public
 */
export type ReadinessSummariesQuery = Partial<SummariesQuery>;

/**
 * Client of the readiness backend (`/api/readiness`).
 *
 * @public
 */
export interface ReadinessApi {
  /** The full readiness report of an entity. */
  getReport(entityRef: string): Promise<ReadinessReport>;
  /** Collects evidence and evaluates the entity now; needs `readiness.entity.refresh`. */
  refresh(entityRef: string): Promise<ReadinessReport>;
  /** One small row per entity, for scorecards and catalog filters. */
  getSummaries(query?: ReadinessSummariesQuery): Promise<SummariesResponse>;
  /**
   * The summaries of these entities in one request (at most 1000 refs);
   * entities without a report are left out.
   */
  getSummariesByRefs(entityRefs: string[]): Promise<EntitySummaryRow[]>;
  /** Counts per tier, stop-work and required-tier gaps, and the filter facets. */
  getDistribution(): Promise<DistributionResponse>;
  /**
   * The distribution per UTC day over the last `days` days (default 90), of
   * one owner's or system's components when `cut` names one.
   */
  getDistributionTrend(
    days?: number,
    cut?: { owner?: string; system?: string },
  ): Promise<DistributionSnapshot[]>;
  /** Roll-ups by owner (with nested groups) or by system, weakest first. */
  getRollups(by: RollupsQuery['by']): Promise<ReadinessRollup[]>;
  /** Active campaigns with their progress and trend. */
  listCampaigns(): Promise<CampaignProgress[]>;
  /** The roll-up of a Group, System or Domain and the components holding it back. */
  getEntityRollup(entityRef: string): Promise<EntityRollupResponse>;
  /** Score, tier and stop-work over time. */
  getHistory(entityRef: string): Promise<HistoryEntry[]>;
  /** History points, since when the current tier holds, and regressions. */
  getEntityHistory(entityRef: string): Promise<EntityHistory>;
  /** Whether the entity may be deployed with at least `minTier`. */
  getGate(entityRef: string, minTier: Tier): Promise<GateResponse>;
  /** Current attestations of the entity. */
  listAttestations(entityRef: string): Promise<Attestation[]>;
  /** The entity's waivers in every state, oldest first. */
  listWaivers(entityRef: string): Promise<Waiver[]>;
  /**
   * Requests a waiver; needs `readiness.waiver.create`. Pending until
   * approved, unless the caller holds `readiness.waiver.approve`.
   */
  requestWaiver(
    entityRef: string,
    request: WaiverCreateRequest,
  ): Promise<Waiver>;
  /**
   * Approves or denies a pending waiver (`readiness.waiver.approve`; a
   * denial needs a reason), or revokes one (`readiness.waiver.delete`).
   */
  decideWaiver(
    entityRef: string,
    id: string,
    decision: 'approve' | 'deny' | 'revoke',
    reason?: string,
  ): Promise<Waiver>;
  /** Every stop-work order of the entity, open or lifted, newest first. */
  listStopWorkOrders(entityRef: string): Promise<StopWorkOrderEntry[]>;
  /** What depends on the entity while it is under stop-work, as the caller may see it. */
  getAffectedEntities(entityRef: string): Promise<AffectedEntitiesResponse>;
  /** Issues a manual stop-work order; needs `readiness.stopwork.manage`. */
  issueStopWork(entityRef: string, reason: string): Promise<ReadinessReport>;
  /** Lifts the manual stop-work order; needs `readiness.stopwork.manage`. */
  liftStopWork(entityRef: string, reason: string): Promise<ReadinessReport>;
}

/**
 * Reference to the {@link ReadinessApi}.
 *
 * @public
 */
export const readinessApiRef = createApiRef<ReadinessApi>({
  id: 'plugin.readiness.service',
});
