import type { CheckId, CheckResult, CheckStatus, Dimension } from './checks';
import type { Tier } from './tiers';
import type { AdvisorySourceReport } from './advisorySources';
import type { Finding } from './findings';
import type { DeliveryMetrics } from './delivery';

/**
 * Whether a tier is achieved, with the checks of that tier.
 *
 * @public
 */
export interface TierResult {
  tier: Tier;
  /** True only when this tier and every lower tier have only passing or waived checks. */
  achieved: boolean;
  checks: CheckId[];
  /** How many of `checks` pass or are waived. */
  passed: number;
}

/**
 * 0-100 overall, and one sub-score per dimension that has enabled checks.
 *
 * @public
 */
export interface ReadinessScore {
  overall: number;
  dimensions: Partial<Record<Dimension, number>>;
}

/**
 * A stop-work order issued by a person.
 *
 * @public
 */
export interface ManualStopWork {
  /** Entity ref of the user who issued it. */
  issuedBy: string;
  issuedAt: string;
  reason: string;
}

/**
 * Progress on one counter since the stop-work order started.
 *
 * @public
 */
export interface StopWorkProgress {
  /** For example `compilationErrors`. */
  counter: string;
  /** For example "compilation errors resolved 57/97". */
  label: string;
  resolved: number;
  total: number;
}

/**
 * The stop-work state of an entity. Feed it back into the next evaluation so
 * that `since` and `countsAtStart` persist.
 *
 * @public
 */
export interface StopWorkOrder {
  active: boolean;
  /** True when failing blockers (not only a manual order) keep it active. */
  automatic: boolean;
  manual?: ManualStopWork;
  /** Enabled blocker checks that currently fail. */
  blockers: CheckId[];
  /**
   * Blockers of the running order whose evidence is now unknown. They keep the
   * order active: a collector outage must not lift a stop-work order.
   */
  unverifiedBlockers: CheckId[];
  /** ISO timestamp when the order started; absent when inactive. */
  since?: string;
  /** Counter values when the order started. */
  countsAtStart: Record<string, number>;
  progress: StopWorkProgress[];
  /**
   * Blockers whose counters no `progress` entry covers: each is resolved when
   * its check passes. Set by `evaluateReadiness`; absent from a bare
   * stop-work transition.
   */
  blockersWithoutProgress?: CheckId[];
}

/**
 * Risk levels, from worst to best.
 *
 * @public
 */
export type RiskLevel = 'critical' | 'high' | 'manageable' | 'none';

/**
 * The areas a risk register groups risks by, in display order.
 *
 * @public
 */
export const riskAreas = [
  'security',
  'reliability',
  'continuity',
  'compliance',
  'delivery',
] as const;

/**
 * An area of the risk register.
 *
 * @public
 */
export type RiskArea = (typeof riskAreas)[number];

/**
 * One entry of the risk register.
 *
 * @public
 */
export interface Risk {
  area: RiskArea;
  /** Critical when a blocker fails; high when a production check fails or a blocker is unknown; else manageable. */
  level: Exclude<RiskLevel, 'none'>;
  /** For example "unverified: no build evidence". */
  statement: string;
  /** The checks behind the risk. */
  checks: CheckId[];
  /** True when the checks are unknown rather than failing. */
  unverified: boolean;
}

/**
 * Something in place that lowers risk: a passing check, or part of one.
 *
 * @public
 */
export interface RiskPositive {
  area: RiskArea;
  statement: string;
  checks: CheckId[];
}

/**
 * The entity's risk register and its overall level.
 *
 * @public
 */
export interface RiskAssessment {
  /** The worst level in `risks`; `none` only when there is no risk. */
  level: RiskLevel;
  /** The checks behind the risks at `level`. */
  contributors: CheckId[];
  /** The register, worst first, then by area. */
  risks: Risk[];
  /** What is in place, by area. */
  inPlace: RiskPositive[];
}

/**
 * Remediation phases, in the order work should happen: the immediate response
 * to a stop-work order (0-24 h), then blockers, production and enterprise
 * checks.
 *
 * @public
 */
export const remediationPhaseIds = [
  'immediate',
  'stabilise',
  'production',
  'enterprise',
] as const;

/**
 * A remediation phase.
 *
 * @public
 */
export type RemediationPhaseId = (typeof remediationPhaseIds)[number];

/**
 * One thing to do.
 *
 * @public
 */
export interface RemediationItem {
  /** Absent for the immediate response, which concerns the whole entity. */
  checkId?: CheckId;
  /**
   * `collect-evidence` when the check is unknown rather than failing;
   * `respond` for the immediate response to a stop-work order.
   */
  kind: 'fix' | 'collect-evidence' | 'respond';
  /** A concrete action, for example "upgrade sqlx to 0.8.1 or later (RUSTSEC-2024-0363)". */
  action: string;
  /** Set when the check is waived: the fix is still due by then. */
  waivedUntil?: string;
  /** Entity ref of who does it; absent when the entity has no known owner. */
  owner?: string;
  /** When it is due: the end of its phase, or the waiver's expiry. */
  dueAt?: string;
  /** True when it is not done and `dueAt` has passed. */
  overdue?: boolean;
  /** True when it is already done (the gate closed by the stop-work order). */
  done?: boolean;
}

/**
 * One phase of the remediation plan, with its time box.
 *
 * @public
 */
export interface RemediationPhase {
  phase: RemediationPhaseId;
  title: string;
  items: RemediationItem[];
  /** When the phase's time box starts and ends (absent in reports stored before timelines). */
  startsAt?: string;
  dueAt?: string;
}

/**
 * Failing and unknown checks grouped in phases. Phases without items are omitted.
 *
 * @public
 */
export interface RemediationPlan {
  /** The start of the time boxes: when the stop-work order started, or the plan did. */
  startedAt?: string;
  phases: RemediationPhase[];
}

/**
 * The full readiness report of one entity.
 *
 * @public
 */
export interface ReadinessReport {
  entityRef: string;
  evaluatedAt: string;
  /** Highest achieved tier, or null. */
  tier: Tier | null;
  /** The tier required for the entity's lifecycle, when configured. */
  requiredTier?: Tier;
  meetsRequiredTier?: boolean;
  tiers: TierResult[];
  /** Results of the enabled checks, in definition order. */
  checks: CheckResult[];
  /**
   * The pack whose checks were evaluated (`readiness.packs`), when it is
   * not the default `seed`.
   */
  pack?: string;
  score: ReadinessScore;
  stopWork: StopWorkOrder;
  risk: RiskAssessment;
  remediation: RemediationPlan;
  /** True when any evidence used by the checks is stale. */
  stale: boolean;
  /**
   * True when nothing has been collected yet: every check is unknown, apart
   * from enterprise checks failing for want of an attestation.
   */
  noEvidence: boolean;
  /**
   * The advisory sources the vulnerability scan used: which ecosystems they
   * cover, with how many records and how fresh. Absent without a scan.
   */
  advisorySources?: AdvisorySourceReport[];
  /**
   * Every vulnerability and dependency-health finding of the latest scan,
   * one per advisory, package, version and lockfile. Reports stored before
   * findings existed lack it until they are evaluated again.
   */
  findings: Finding[];
  /**
   * DORA's four metrics from deployment and incident evidence. Absent when
   * there is neither.
   */
  delivery?: DeliveryMetrics;
}

/**
 * One small row per entity, for scorecards and catalog filters.
 *
 * @public
 */
export interface EntitySummary {
  entityRef: string;
  tier: Tier | null;
  score: number;
  stopWork: boolean;
  risk: RiskLevel;
  counts: Record<CheckStatus, number>;
  evaluatedAt: string;
  stale: boolean;
  /** The tier required for the entity's lifecycle, when configured. */
  requiredTier?: Tier;
  /** True when a tier is required and the entity does not reach it. */
  belowRequiredTier?: boolean;
}

/**
 * A summary as the backend serves it: the summary plus the catalog facts
 * stored beside it (owner and system as full entity refs).
 *
 * @public
 */
export interface EntitySummaryRow extends EntitySummary {
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  owner?: string;
  system?: string;
  lifecycle?: string;
}
