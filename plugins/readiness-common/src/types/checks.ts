import type { FilterPredicate } from '@backstage/filter-predicates';
import type { Tier } from './tiers';

/**
 * The outcome of a check. `unknown` (missing, stale or failed-to-collect
 * evidence) is never treated as a pass.
 *
 * @public
 */
export type CheckStatus = 'pass' | 'fail' | 'unknown' | 'waived';

/**
 * How serious a failing check is. A failing `blocker` raises a stop-work order.
 *
 * @public
 */
export type CheckSeverity = 'blocker' | 'major' | 'minor';

/**
 * The score dimension a check contributes to.
 *
 * @public
 */
export type Dimension =
  'build' | 'security' | 'testing' | 'documentation' | 'operations';

/**
 * The five score dimensions, in display order.
 *
 * @public
 */
export const readinessDimensions: readonly Dimension[] = [
  'build',
  'security',
  'testing',
  'documentation',
  'operations',
];

/**
 * Ids of the built-in checks, which keep their TypeScript evaluators.
 *
 * @public
 */
export type BuiltInCheckId =
  | 'build.clean'
  | 'security.vulnerabilities'
  | 'quality.tests-pass'
  | 'security.audit'
  | 'delivery.pipeline'
  | 'quality.coverage'
  | 'security.hardening'
  | 'operations.monitoring'
  | 'docs.complete'
  | 'quality.benchmarks'
  | 'quality.tech-debt'
  | 'compliance.requirements'
  | 'operations.disaster-recovery'
  | 'operations.scalability'
  | 'security.certifications'
  | 'operations.on-call'
  | 'compliance.licenses';

/**
 * The id of a check: a built-in id, or a custom one namespaced with a dot
 * (`acme.has-slo`).
 *
 * @public
 */
export type CheckId = string;

/**
 * Where a check definition comes from: `built-in`, `custom` (app-config or
 * definition files) or the id of the pack that ships it.
 *
 * @public
 */
export type CheckSource = string;

/**
 * One-line summaries of a rule check by outcome, with `{{ path }}`
 * placeholders read from the rule's inputs (`{{ evidence.acme.slo.target }}`).
 *
 * @public
 */
export interface CheckSummaryTemplates {
  pass?: string;
  fail?: string;
  unknown?: string;
}

/**
 * What `compliance.licenses` accepts (`readiness.licenses`): SPDX license
 * ids, each optionally with `+` or `WITH <exception>`.
 *
 * @public
 */
export interface LicensePolicy {
  /** Licenses a package may be used under; empty allows any license not denied. */
  allow: string[];
  /** Licenses a package must not be used under only. */
  deny: string[];
  /** Whether a package of unknown license still lets the check pass. */
  acceptUnknown: boolean;
}

/**
 * A check as data: what it is, where it applies, its rule and its default
 * severity and thresholds.
 *
 * @public
 */
export interface CheckDefinition {
  id: CheckId;
  tier: Tier;
  dimension: Dimension;
  severity: CheckSeverity;
  title: string;
  /** When the check passes, in one sentence. */
  description: string;
  /** Named numeric thresholds; configurable per check. */
  thresholds: Readonly<Record<string, number>>;
  /**
   * The catalog entities the check applies to (a `@backstage/filter-predicates`
   * predicate); every entity when absent. A check that does not apply is
   * left out of the report.
   */
  appliesTo?: FilterPredicate;
  /**
   * A CEL expression over `entity`, `evidence`, `attestations` and `now`
   * that yields `true` (pass), `false` (fail) or `'pass'`, `'fail'`,
   * `'unknown'`. Required for every check but the built-ins, which keep
   * their TypeScript evaluators.
   */
  rule?: string;
  /** Summaries of a rule check by outcome. */
  summary?: CheckSummaryTemplates;
  /** What to do when a rule check fails, as templates; they become its `actions`. */
  remediation?: string[];
  /**
   * ISO date from which the check counts. Before it the check is reported
   * as `upcoming` and counts toward no tier, score, risk or stop-work.
   */
  effectiveFrom?: string;
  /** Where the definition comes from; `built-in` for the seed's checks. */
  source?: CheckSource;
}

/**
 * A check after configuration overrides were applied.
 *
 * @public
 */
export interface ResolvedCheck extends CheckDefinition {
  enabled: boolean;
}

/**
 * A titled link shown next to a check result.
 *
 * @public
 */
export interface EvidenceLink {
  title: string;
  /** Always http or https. */
  url: string;
}

/**
 * An accepted risk on one check of one entity, until `expiresAt`.
 *
 * @public
 */
export interface Waiver {
  id: string;
  checkId: CheckId;
  reason: string;
  /** Entity ref of who owns the accepted risk. */
  owner: string;
  /** Entity ref of the user who created the waiver. */
  createdBy: string;
  createdAt: string;
  expiresAt: string;
}

/**
 * The evaluation of one check for one entity.
 *
 * @public
 */
export interface CheckResult {
  id: CheckId;
  tier: Tier;
  dimension: Dimension;
  severity: CheckSeverity;
  title: string;
  status: CheckStatus;
  /** One line, for example "97 compilation errors on main". */
  summary: string;
  details: string[];
  evidenceLinks: EvidenceLink[];
  /** The evidence keys the check read, to tell which evidence moved it. */
  evidenceKeys?: string[];
  /** 0 to 1: partial credit towards the score. A waiver does not change it. */
  credit: number;
  /** Countable problems, used for stop-work progress (for example `compilationErrors`). */
  counters?: Record<string, number>;
  /** Concrete actions that would make the check pass. */
  actions: string[];
  /** The waiver that applies, when `status` is `waived`. */
  waiver?: Waiver;
  /**
   * True when the check's `effectiveFrom` is still ahead: its status is
   * shown, but it counts toward no tier, score, risk, remediation or
   * stop-work yet.
   */
  upcoming?: boolean;
  /** The check's `effectiveFrom`, when it has one. */
  effectiveFrom?: string;
}
