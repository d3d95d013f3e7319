import type {
  Attestation,
  CheckId,
  CheckRegression,
  CollectionRunProgress,
  DistributionSnapshot,
  EntitySummaryRow,
  Evidence,
  ReadinessCounts,
  ReadinessReport,
  RiskLevel,
  StopWorkTransition,
  Tier,
  Waiver,
  WaiverState,
  WaiverTransition,
} from '@readiness/plugin-readiness-common';
import type { CollectionBudgetStore } from './collectionBudgetStore';
import type { CollectionQueueStore } from './collectionQueueStore';

/**
 * Catalog facts stored beside a report, so summaries can be filtered and
 * sorted without asking the catalog.
 *
 * @internal
 */
export type EntityMetadata = Pick<
  EntitySummaryRow,
  | 'entityRef'
  | 'kind'
  | 'namespace'
  | 'name'
  | 'title'
  | 'owner'
  | 'system'
  | 'lifecycle'
>;

/**
 * Evidence as stored: the latest per entity, source and key. `staleReason`
 * says why it is stale when a later collection failed and it was kept.
 *
 * @internal
 */
export type StoredEvidence = Evidence & {
  staleReason?: string;
  runId?: string;
};

/** @internal */
export interface EvidenceReadOptions {
  /** Keys whose detached parts are read; every key's when omitted. */
  detailKeys?: readonly string[];
}

/** @internal */
export type StopWorkOrigin = 'automatic' | 'manual';

/**
 * A stop-work order as recorded: automatic ones open and close with the
 * evaluation, manual ones are issued and lifted by people.
 *
 * @internal
 */
export interface StopWorkOrderRecord {
  id: string;
  entityRef: string;
  origin: StopWorkOrigin;
  reason?: string;
  issuedBy?: string;
  beganAt: string;
  blockers: CheckId[];
  countsAtStart: Record<string, number>;
  liftedAt?: string;
  liftedBy?: string;
  liftReason?: string;
  beganNotifiedAt?: string;
  liftedNotifiedAt?: string;
}

/**
 * What an evaluation reads from the store about one entity.
 *
 * @internal
 */
export interface StoredEvaluationInputs {
  evidence: StoredEvidence[];
  /** Active (not revoked) attestations, oldest first. */
  attestations: Attestation[];
  /** Active (not revoked) waivers, oldest first. */
  waivers: Waiver[];
  /** The open manual stop-work order, if any. */
  manualStopWork?: StopWorkOrderRecord;
}

/**
 * A collection run's progress as stored.
 *
 * @internal
 */
export interface CollectionRunRecord extends CollectionRunCounters {
  id: string;
  task: string;
  startedAt: string;
  finishedAt?: string;
  updatedAt: string;
}

/**
 * A run's counters, as `GET /v1/collection` reports them.
 *
 * @internal
 */
export type CollectionRunCounters = Pick<
  CollectionRunProgress,
  'entitiesDone' | 'entitiesTotal' | 'entitiesFailed'
>;

/**
 * The automatic stop-work order an evaluation opened or lifted, as recorded.
 *
 * @internal
 */
export interface StopWorkOrderChange {
  began?: StopWorkOrderRecord;
  lifted?: StopWorkOrderRecord;
}

/**
 * What is stored about an entity when its next evaluation is saved, read
 * under the entity's lock.
 *
 * @internal
 */
export interface StoredEvaluationState {
  /** The stored report's point in history, if there is a report. */
  previous?: HistoryPoint;
  openAutomaticOrder?: StopWorkOrderRecord;
}

/**
 * What saving an evaluation writes besides the report: decided by the
 * caller, recorded by the store.
 *
 * @internal
 */
export interface EvaluationWrites {
  /** Whether the report is a new point in the entity's history. */
  history: boolean;
  stopWork: StopWorkTransition;
  /** Checks that went from pass to fail since the stored report. */
  regressions?: readonly CheckRegression[];
  /** A check that regressed and was told within this time is not told again. */
  regressionWindowMs?: number;
}

/**
 * What saving an evaluation changed that someone should hear about.
 *
 * @internal
 */
export interface SavedEvaluation extends StopWorkOrderChange {
  /** Recorded regressions the owner has not been told about yet. */
  regressions?: CheckRegression[];
}

/** @internal */
export interface AuditEntry {
  entityRef: string;
  actor: string;
  action: string;
  details: Record<string, unknown>;
  at: string;
}

/**
 * What the history follows: tier, score, stop-work and risk.
 *
 * @internal
 */
export interface HistoryPoint {
  tier: Tier | null;
  score: number;
  stopWork: boolean;
  risk: RiskLevel;
}

/** @internal */
export interface HistoryEntryRecord extends HistoryPoint {
  entityRef: string;
  recordedAt: string;
}

/** @internal */
export type SummarySort =
  'entityRef' | 'name' | 'score' | 'tier' | 'evaluatedAt';

/**
 * Filters over the stored summaries. Filters combine with AND; a list
 * filter matches any of its values.
 *
 * @internal
 */
export interface SummaryFilter {
  tier?: Array<Tier | 'none'>;
  stopWork?: boolean;
  owner?: string[];
  system?: string[];
  lifecycle?: string[];
  /** Matched case-insensitively. */
  kind?: string[];
  namespace?: string[];
  entityRefs?: string[];
  belowRequiredTier?: boolean;
  /** Case-insensitive substring of the entity name or title. */
  q?: string;
}

/**
 * A page request over the stored summaries.
 *
 * @internal
 */
export interface SummaryQuery extends SummaryFilter {
  sort?: SummarySort;
  order?: 'asc' | 'desc';
  cursor?: string;
  limit: number;
}

/**
 * A stored summary row: the common summary plus the catalog facts.
 *
 * @internal
 */
export type StoredSummary = EntitySummaryRow & { tierRank: number };

/** @internal */
export interface SummaryPage {
  items: StoredSummary[];
  nextCursor?: string;
  totalCount: number;
}

/**
 * Persistence of the Readiness backend.
 *
 * @internal
 */
export interface ReadinessStore
  extends CollectionQueueStore, CollectionBudgetStore {
  /**
   * Replaces the evidence per source and key with what was received now
   * (`now` is stamped as its receipt time). With an `actor` (pushed by a
   * pipeline or a person) it is stored as pushed and written to the audit
   * log too, and an item of a CI run already applied is left out (the
   * service refuses a push under a collector's source before). Returns how
   * many were applied; without an `actor`, only those that changed what
   * the engine reads (a collected item equal to the stored one in value,
   * error, link and freshness only has its times refreshed, and is not
   * counted).
   */
  upsertEvidence(
    entityRef: string,
    evidence: Array<Evidence & { runId?: string }>,
    options: { now: Date; actor?: string },
  ): Promise<number>;
  /**
   * Keeps the last evidence of a failed collection and marks it stale (its
   * staleAfter moves to now at the latest), so it can no longer pass.
   * Returns how many rows changed: turned stale or given another reason.
   */
  markEvidenceStale(
    entityRef: string,
    source: string,
    keys: string[],
    reason: string,
    options: { now: Date },
  ): Promise<number>;
  /**
   * The entity's evidence with whole values, or with the detached parts
   * (evidenceDetail.ts) of `detailKeys` only: evaluations read no more.
   */
  listEvidence(
    entityRef: string,
    options?: EvidenceReadOptions,
  ): Promise<StoredEvidence[]>;
  /**
   * Evidence, active attestations and waivers and the open manual order of
   * many entities, read in bulk; every ref asked for has an entry.
   */
  listEvaluationInputs(
    entityRefs: string[],
    options?: EvidenceReadOptions,
  ): Promise<Map<string, StoredEvaluationInputs>>;

  getReport(entityRef: string): Promise<ReadinessReport | undefined>;
  /**
   * Stores a report with its summary row and what `decide` asks for (a
   * history row, the automatic order opened or lifted), in one transaction
   * under the entity's lock. A report older than the stored one is not
   * stored, and `decide` is not called.
   */
  saveEvaluation(options: {
    entity: EntityMetadata;
    report: ReadinessReport;
    now: Date;
    decide(stored: StoredEvaluationState): EvaluationWrites;
  }): Promise<SavedEvaluation>;
  /** The entity's recorded regressions, newest first (100 unless `limit`). */
  listRegressions(
    entityRef: string,
    options?: { since?: Date; limit?: number },
  ): Promise<Array<CheckRegression & { ownerNotified: boolean }>>;
  /**
   * History points of the entities the filter matches, from `since` on, each
   * entity's last point before `since` included, oldest first; with the
   * entity's required tier.
   */
  listHistoryOf(
    filter: SummaryFilter,
    since: Date,
  ): Promise<Array<HistoryEntryRecord & { requiredTier: Tier | null }>>;
  listSummaries(query: SummaryQuery): Promise<SummaryPage>;
  /** Counts per tier, stop-work and required-tier gaps over the filtered rows. */
  countSummaries(filter?: SummaryFilter): Promise<ReadinessCounts>;
  /** The same counts per owner or per system (rows without one are left out). */
  countSummariesBy(
    column: 'owner' | 'system',
    filter?: SummaryFilter,
  ): Promise<Map<string, ReadinessCounts>>;
  /** Distinct owners, systems and lifecycles, for filter pickers. */
  listFacets(filter?: SummaryFilter): Promise<{
    owners: string[];
    systems: string[];
    lifecycles: string[];
  }>;
  /** Stores the current distribution as the snapshot of `now`'s UTC day. */
  recordDistributionSnapshot(options: { now: Date }): Promise<void>;
  /** Snapshots from the UTC day `since` (YYYY-MM-DD) on, oldest first. */
  listDistributionSnapshots(since: string): Promise<DistributionSnapshot[]>;
  getHistory(
    entityRef: string,
    options?: { since?: Date; limit?: number },
  ): Promise<HistoryEntryRecord[]>;

  getOpenStopWorkOrders(entityRef: string): Promise<StopWorkOrderRecord[]>;
  /** The latest run of every task, latest started first. */
  listLatestCollectionRuns(): Promise<CollectionRunRecord[]>;
  /** Every stop-work order of the entity, open or lifted, newest first. */
  listStopWorkOrders(entityRef: string): Promise<StopWorkOrderRecord[]>;
  issueManualStopWork(options: {
    entityRef: string;
    issuedBy: string;
    reason: string;
    blockers: CheckId[];
    countsAtStart: Record<string, number>;
    now: Date;
  }): Promise<StopWorkOrderRecord>;
  /** Lifts the open manual order; undefined when there is none. */
  liftManualStopWork(options: {
    entityRef: string;
    liftedBy: string;
    reason: string;
    now: Date;
  }): Promise<StopWorkOrderRecord | undefined>;
  /** Records that owners were told; false when it was already recorded. */
  markStopWorkNotified(
    orderId: string,
    transition: 'began' | 'lifted',
    options: { now: Date },
  ): Promise<boolean>;
  /**
   * Which of the recipients are told of this transition of the entity's
   * stop-work state now, recording it for them: those told nothing about
   * the entity within the last `windowMs`, and those last told of a lift
   * when an order begins. The others are held back (coalesced).
   */
  claimNotificationRecipients(options: {
    entityRef: string;
    recipients: string[];
    transition: 'began' | 'lifted';
    windowMs: number;
    now: Date;
  }): Promise<string[]>;
  /**
   * Recipients of the entity that had a change held back, whose window has
   * ended, and who were last told a state other than `state` (the current
   * one): they are recorded as told `state` now. Held-back changes of the
   * others are dropped, since what they were told holds.
   */
  claimHeldBackNotifications(options: {
    entityRef: string;
    state: 'began' | 'lifted';
    windowMs: number;
    now: Date;
  }): Promise<string[]>;

  addAttestation(
    entityRef: string,
    attestation: Attestation,
    options: { now: Date },
  ): Promise<void>;
  listAttestations(entityRef: string): Promise<Attestation[]>;
  revokeAttestation(options: {
    entityRef: string;
    id: string;
    revokedBy: string;
    now: Date;
  }): Promise<boolean>;

  /** Stores a waiver with the first steps of its trail. */
  addWaiver(
    entityRef: string,
    waiver: Waiver,
    options: { trail: WaiverTransition[] },
  ): Promise<void>;
  /** The entity's waivers in every state (or those given), oldest first. */
  listWaivers(
    entityRef: string,
    options?: { states?: WaiverState[] },
  ): Promise<Waiver[]>;
  getWaiver(entityRef: string, id: string): Promise<Waiver | undefined>;
  /**
   * Moves a waiver from one of the `from` states to `to`, recording who,
   * when and why; undefined when it is in none of them (or another writer
   * moved it first).
   */
  transitionWaiver(options: {
    entityRef: string;
    id: string;
    from: WaiverState[];
    to: WaiverState;
    actor: string;
    reason?: string;
    at: Date;
  }): Promise<Waiver | undefined>;
  /** A waiver's audit trail, oldest first. */
  listWaiverTransitions(
    entityRef: string,
    id: string,
  ): Promise<WaiverTransition[]>;

  listAuditLog(entityRef: string): Promise<AuditEntry[]>;

  /** Notes that these entities are still in the catalog. */
  markSeenInCatalog(
    entityRefs: string[],
    options: { now: Date },
  ): Promise<void>;
  /**
   * Deletes everything stored about entities not seen in the catalog since
   * the cutoff, and history older than the retention; returns the entity refs removed.
   */
  deleteExpired(options: {
    notSeenSince: Date;
    historyBefore?: Date;
  }): Promise<string[]>;
  /**
   * Deletes the stored repository revisions no entity reads any more (not
   * fetched since the cutoff), then the lockfiles no revision refers to.
   */
  deleteUnreferencedInventory(options: {
    fetchedBefore: Date;
  }): Promise<{ revisions: number; lockfiles: number }>;
}
