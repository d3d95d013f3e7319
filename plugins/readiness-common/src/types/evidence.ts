import type {
  DeploymentsEvidenceValue,
  IncidentsEvidenceValue,
  SloEvidenceValue,
} from './deliveryEvidence';
import type {
  VulnerabilitiesEvidenceValue,
  DependencyHealthEvidenceValue,
  LicensesEvidenceValue,
} from './dependencyEvidence';

/**
 * The kinds of evidence the engine understands. Each key has its own value
 * shape, see {@link EvidenceValues}.
 *
 * @public
 */
export type EvidenceKey =
  | 'build'
  | 'tests'
  | 'coverage'
  | 'vulnerabilities'
  | 'dependency-health'
  | 'pipeline'
  | 'repository-files'
  | 'todo-markers'
  | 'catalog'
  | 'benchmark'
  | 'load-test'
  | 'dr-drill'
  | 'deployments'
  | 'incidents'
  | 'slo'
  | 'licenses';

/**
 * Evidence keys that CI may push through the REST API. The others are only
 * produced by collectors.
 *
 * @public
 */
export type PushableEvidenceKey =
  | 'build'
  | 'tests'
  | 'coverage'
  | 'benchmark'
  | 'load-test'
  | 'dr-drill'
  | 'pipeline'
  | 'dependency-health'
  | 'deployments'
  | 'incidents'
  | 'slo';

/**
 * Result of the latest default-branch build.
 *
 * @public
 */
export interface BuildEvidenceValue {
  succeeded: boolean;
  compilationErrors: number;
  branch?: string;
  /**
   * True when `compilationErrors` is a lower bound: it was read from GitHub
   * check-run annotations (at most 50 per job), from a log cut at its size
   * cap, or from a compiler that stops early (go's "too many errors").
   */
  compilationErrorsAtLeast?: boolean;
  /**
   * The errors grouped by compiler code (or by message where the compiler
   * has no codes), most frequent first; absent when no log was read.
   */
  errorGroups?: CompilationErrorGroup[];
  /** Compiler warnings in the log; they do not count as errors. */
  warnings?: number;
  /** The compilers and build tools whose output was recognised, for example `rustc`. */
  tools?: string[];
}

/**
 * Compilation errors of one kind, for example `E0432` "unresolved import …" ×14.
 *
 * @public
 */
export interface CompilationErrorGroup {
  /** The compiler's code (`E0432`, `TS2304`, `-Werror=unused-variable`); absent when it has none. */
  code?: string;
  /** The first such message, with quoted names replaced by `…`. */
  message: string;
  count: number;
}

/**
 * Result of the latest default-branch test run.
 *
 * @public
 */
export interface TestsEvidenceValue {
  passed: boolean;
  total?: number;
  failed?: number;
}

/**
 * Line coverage of the latest test run.
 *
 * @public
 */
export interface CoverageEvidenceValue {
  /** 0 to 100. */
  linePercent: number;
  /**
   * The reports the value was read from, when there were several (for
   * example one per package of a monorepo); `linePercent` is then the lowest.
   */
  reports?: CoverageReportSummary[];
}

/**
 * Line coverage of one coverage report.
 *
 * @public
 */
export interface CoverageReportSummary {
  /** Repository-relative path of the report, for example `coverage/lcov.info`. */
  file: string;
  /** 0 to 100. */
  linePercent: number;
}

/**
 * Whether a deployment pipeline exists, and how its latest run went.
 *
 * @public
 */
export interface PipelineEvidenceValue {
  exists: boolean;
  /** Absent when the pipeline has not run yet. */
  latestRunSucceeded?: boolean;
  name?: string;
  /**
   * CI workflow files found in the repository when none of them deploys,
   * so "no deployment pipeline" can say what exists instead.
   */
  workflows?: string[];
}

/**
 * Which well-known files the repository contains.
 *
 * @public
 */
export interface RepositoryFilesEvidenceValue {
  readme: boolean;
  /** A docs/ folder (TechDocs comes from catalog evidence). */
  docs: boolean;
  runbook: boolean;
  /** SECURITY.md */
  securityPolicy: boolean;
  /** Dependabot or Renovate configuration. */
  dependencyUpdates: boolean;
  codeowners: boolean;
  /**
   * A LICENSE or COPYING file, or a LICENSES/ folder, at the root. Optional
   * because evidence stored before it existed lacks it.
   */
  license?: boolean;
  /** CONTRIBUTING (root, .github/ or docs/); optional, as `license`. */
  contributing?: boolean;
  /** Size of the root README in bytes; absent when unknown. */
  readmeBytes?: number;
  /**
   * Level 1 and 2 headings of the root README, in order; absent when the
   * README is not markdown or was not read.
   */
  readmeSections?: string[];
  /**
   * Number of test files (by name, folder or test attributes). Context only:
   * whether the tests pass comes from test evidence.
   */
  testFiles?: number;
}

/**
 * Number of TODO/FIXME markers in the source tree.
 *
 * @public
 */
export interface TodoMarkersEvidenceValue {
  count: number;
  /**
   * Source files read for the count; 0 means nothing was looked at. Absent
   * in evidence that does not say.
   */
  files?: number;
}

/**
 * What the software catalog (and repository configuration) says about the
 * entity. The string arrays hold references (annotation values, URLs).
 *
 * @public
 */
export interface CatalogEvidenceValue {
  owner?: string;
  lifecycle?: string;
  system?: string;
  techdocs: boolean;
  monitoring: string[];
  alerting: string[];
  onCall: string[];
  errorTracking: string[];
  /**
   * Code-quality analysis (SonarQube). Context for `quality.tech-debt`; it
   * decides no check. Optional because evidence stored before it existed
   * lacks it.
   */
  codeQuality?: string[];
  /**
   * Service-level objectives linked from the entity (`readiness.io/slo`).
   * Optional because evidence stored before it existed lacks it.
   */
  slo?: string[];
}

/**
 * A reported benchmark or load-test result.
 *
 * @public
 */
export interface TargetResultEvidenceValue {
  met: boolean;
  name?: string;
  value?: number;
  target?: number;
  unit?: string;
}

/**
 * A reported disaster-recovery drill. It was performed at the evidence's
 * `observedAt`.
 *
 * @public
 */
export interface DrDrillEvidenceValue {
  succeeded: boolean;
}

/**
 * The value shape of each evidence key.
 *
 * @public
 */
export interface EvidenceValues {
  build: BuildEvidenceValue;
  tests: TestsEvidenceValue;
  coverage: CoverageEvidenceValue;
  vulnerabilities: VulnerabilitiesEvidenceValue;
  'dependency-health': DependencyHealthEvidenceValue;
  pipeline: PipelineEvidenceValue;
  'repository-files': RepositoryFilesEvidenceValue;
  'todo-markers': TodoMarkersEvidenceValue;
  catalog: CatalogEvidenceValue;
  benchmark: TargetResultEvidenceValue;
  'load-test': TargetResultEvidenceValue;
  'dr-drill': DrDrillEvidenceValue;
  deployments: DeploymentsEvidenceValue;
  incidents: IncidentsEvidenceValue;
  slo: SloEvidenceValue;
  licenses: LicensesEvidenceValue;
}

/**
 * Fields every evidence item has, whatever its key.
 *
 * @public
 */
export interface EvidenceBase {
  /** Collector id, or `push` for evidence sent by CI. */
  source: string;
  /** ISO timestamp of the observation. */
  observedAt: string;
  /** ISO timestamp from which the evidence no longer counts. */
  staleAfter: string;
  /** Where a person can verify the evidence (http or https). */
  link?: string;
  /** Set when collection failed; the value is then absent. */
  error?: string;
  /**
   * ISO timestamp at which the backend received it, by the backend's clock.
   * It, not `observedAt` (which the sender chooses), orders observations.
   */
  receivedAt?: string;
  /**
   * True when CI or a person pushed it. A collector's usable evidence of the
   * same key outranks pushed evidence.
   */
  pushed?: boolean;
}

/**
 * Evidence of one specific key.
 *
 * @public
 */
export type EvidenceOf<K extends EvidenceKey> = EvidenceBase & {
  key: K;
  /** Absent when `error` is set. */
  value?: EvidenceValues[K];
};

/**
 * The key of an evidence kind a collector module registers, namespaced by
 * its organisation: `acme.slo`. Built-in keys never contain a dot.
 *
 * @public
 */
export type NamespacedEvidenceKey = `${string}.${string}`;

/**
 * Evidence of a kind a collector module registered. The backend checks the
 * value against the kind's schema before storing it; the engine treats it
 * as opaque data that custom check rules read.
 *
 * @public
 */
export type CustomEvidence = EvidenceBase & {
  key: NamespacedEvidenceKey;
  /** Absent when `error` is set. */
  value?: unknown;
};

/**
 * One observed fact about an entity. A discriminated union on `key`: the
 * built-in kinds, and the kinds collector modules register.
 *
 * @public
 */
export type Evidence =
  | {
      [K in EvidenceKey]: EvidenceOf<K>;
    }[EvidenceKey]
  | CustomEvidence;

/**
 * What a person can attest to: a built-in kind, or a namespaced one
 * (`osps.ac-l1`) that a pack's or a custom check's rule reads.
 *
 * @public
 */
export type AttestationKind =
  | 'compliance'
  | 'disaster-recovery'
  | 'certification'
  | 'security-audit'
  | 'on-call'
  | `${string}.${string}`;

/**
 * Evidence recorded by a person. It counts only until `expiresAt`.
 *
 * @public
 */
export interface Attestation {
  id: string;
  kind: AttestationKind;
  summary: string;
  /** Where the attested fact can be verified (http or https). */
  evidenceLink: string;
  /** Entity ref of the user who attested. */
  attestedBy: string;
  attestedAt: string;
  expiresAt: string;
}
