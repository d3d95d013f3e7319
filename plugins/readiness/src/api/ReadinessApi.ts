import { createApiRef } from '@backstage/core-plugin-api';
import type {
  Attestation,
  GateResponse,
  HistoryEntry,
  ReadinessReport,
  SummariesQuery,
  SummariesResponse,
  Tier,
  Waiver,
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
  /** Score, tier and stop-work over time. */
  getHistory(entityRef: string): Promise<HistoryEntry[]>;
  /** Whether the entity may be deployed with at least `minTier`. */
  getGate(entityRef: string, minTier: Tier): Promise<GateResponse>;
  /** Current attestations of the entity. */
  listAttestations(entityRef: string): Promise<Attestation[]>;
  /** Current waivers of the entity. */
  listWaivers(entityRef: string): Promise<Waiver[]>;
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
