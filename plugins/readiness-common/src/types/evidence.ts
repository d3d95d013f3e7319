import type { AdvisorySourceReport } from './advisorySources';
import type { DependencyScope } from './findings';

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
 * Severity of a vulnerability finding. `unknown` means the advisory source
 * gave none; such a finding is still a vulnerability.
 *
 * @public
 */
export type VulnerabilitySeverity =
  'critical' | 'high' | 'medium' | 'low' | 'unknown';

/**
 * One known vulnerability affecting one locked dependency version.
 *
 * @public
 */
export interface VulnerabilityFinding {
  /** For example `RUSTSEC-2023-0071` or `GHSA-...`. */
  advisoryId: string;
  aliases: string[];
  /** OSV ecosystem name, for example `crates.io` or `npm`. */
  ecosystem: string;
  packageName: string;
  version: string;
  severity: VulnerabilitySeverity;
  cvssScore?: number;
  summary: string;
  /** Versions that fix the advisory; empty when no fix exists. */
  fixedVersions: string[];
  /**
   * The fixed version to upgrade to: the lowest one above `version` in the
   * ecosystem's own version order (the collector knows it; this package
   * does not), or the lowest one when none is above. Absent when there is
   * no fix or the fixes cannot be ordered.
   */
  nearestFixed?: string;
  link: string;
  /** Repository-relative path of the lockfile the version was read from. */
  lockfile?: string;
  /** Whether the version ships, per the lockfile; absent when not recorded. */
  scope?: DependencyScope;
}

/**
 * Result of scanning lockfiles against an advisory database.
 *
 * @public
 */
export interface VulnerabilitiesEvidenceValue {
  scannedPackages: number;
  findings: VulnerabilityFinding[];
  /** Lockfiles that exist but could not be parsed: the scan is incomplete. */
  unreadable: Array<{ file: string; reason: string }>;
  /** Requirements without a locked version: they cannot be checked. */
  unpinned: Array<{ file: string; name: string }>;
  /** The advisory source that answered: its coverage and freshness. */
  advisorySource?: AdvisorySourceReport;
  /**
   * The locked packages, one per ecosystem, name and version, for SBOMs: at
   * most `maxInventoryPackages`. Absent in evidence stored before it existed.
   */
  inventory?: InventoryPackage[];
  /** True when more packages were locked than `inventory` keeps. */
  inventoryTruncated?: boolean;
}

/**
 * One locked package of a repository's inventory.
 *
 * @public
 */
export interface InventoryPackage {
  /** OSV ecosystem name, for example `npm`. */
  ecosystem: string;
  name: string;
  version: string;
  /** `true` when only development needs it, `false` when production does; absent when unknown. */
  dev?: boolean;
  /** Repository-relative paths of the lockfiles and SBOMs that lock it. */
  files: string[];
}

/**
 * Why a dependency is considered unhealthy.
 *
 * @public
 */
export type DependencyHealthKind =
  'unmaintained' | 'unsound' | 'deprecated' | 'yanked';

/**
 * A dependency-health signal that comes from a package registry rather than
 * from the advisory source: npm's `deprecated` in the registry's package
 * metadata, crates.io's `yanked` in its sparse index.
 *
 * @public
 */
export type DependencyHealthSignal = 'npm-deprecated' | 'crates-yanked';

/**
 * Every {@link DependencyHealthSignal}: by default each is required.
 *
 * @public
 */
export const dependencyHealthSignals = [
  'npm-deprecated',
  'crates-yanked',
] as const satisfies readonly DependencyHealthSignal[];

/**
 * One unmaintained, unsound, deprecated or yanked dependency.
 *
 * @public
 */
export interface DependencyHealthFinding {
  ecosystem: string;
  packageName: string;
  version: string;
  kind: DependencyHealthKind;
  advisoryId?: string;
  summary: string;
  link?: string;
  /** Repository-relative path of the lockfile the version was read from. */
  lockfile?: string;
  /** Whether the version ships, per the lockfile; absent when not recorded. */
  scope?: DependencyScope;
  /** Versions that fix the advisory (an unsound one may have a fix). */
  fixedVersions?: string[];
  /** The fixed version to upgrade to, in the ecosystem's version order. */
  nearestFixed?: string;
}

/**
 * A dependency-health signal that could not be checked for a scan, and why
 * (offline, or the registry could not be asked).
 *
 * @public
 */
export interface UncheckedHealthSignal {
  signal: DependencyHealthSignal;
  reason: string;
  /** How many locked packages it was not checked for. */
  packages: number;
}

/**
 * Result of a dependency-health audit.
 *
 * @public
 */
export interface DependencyHealthEvidenceValue {
  findings: DependencyHealthFinding[];
  /**
   * Unique locked packages audited; 0 means nothing was audited. Absent in
   * evidence that does not say (pushed, or stored before it was recorded).
   */
  scannedPackages?: number;
  /** Registry signals that could not be checked: the audit is incomplete. */
  unchecked?: UncheckedHealthSignal[];
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
 * One production deployment. It counts toward deployment frequency when it
 * succeeded, toward the change failure rate either way.
 *
 * @public
 */
export interface DeploymentEvent {
  /** The deployment's id in the tool that made it. */
  id?: string;
  /** ISO timestamp at which the deployment finished. */
  deployedAt: string;
  /** False when the deployment itself failed. */
  succeeded: boolean;
  /**
   * True when the deployed change degraded the service (rolled back, hot-fixed
   * or caused an incident), even though the deployment succeeded.
   */
  changeFailure?: boolean;
  /** ISO timestamp of the oldest commit it shipped, for lead time for changes. */
  committedAt?: string;
  environment?: string;
  /** The deployed revision. */
  sha?: string;
}

/**
 * The deployments of a recent period, newest or oldest first. Each push or
 * collection replaces the list, so it carries the whole metrics window.
 *
 * @public
 */
export interface DeploymentsEvidenceValue {
  deployments: DeploymentEvent[];
}

/**
 * One production incident (a service degradation that needed a fix).
 *
 * @public
 */
export interface IncidentEvent {
  id?: string;
  /** ISO timestamp at which the service degraded. */
  startedAt: string;
  /** ISO timestamp at which service was restored; absent while open. */
  resolvedAt?: string;
  /** The id of the deployment that caused it, which is then a change failure. */
  deploymentId?: string;
}

/**
 * The incidents of a recent period; each push replaces the list.
 *
 * @public
 */
export interface IncidentsEvidenceValue {
  incidents: IncidentEvent[];
}

/**
 * One service-level objective on record.
 *
 * @public
 */
export interface ServiceLevelObjective {
  name: string;
  /** The objective in percent, for example 99.9. */
  targetPercent: number;
  /** Where the objective and its burn rate are tracked. */
  link?: string;
}

/**
 * Service-level objectives on record for the entity.
 *
 * @public
 */
export interface SloEvidenceValue {
  objectives: ServiceLevelObjective[];
}

/**
 * The declared license of one locked package.
 *
 * @public
 */
export interface PackageLicense {
  /** OSV ecosystem name, for example `npm`. */
  ecosystem: string;
  name: string;
  version: string;
  /**
   * The license as its source states it, ideally an SPDX expression
   * (`MIT OR Apache-2.0`); absent when no source names one.
   */
  license?: string;
  /** Where the license was read: an SBOM's path, or `registry`. */
  source?: string;
}

/**
 * The licenses of a repository's locked packages, one entry per ecosystem,
 * name and version.
 *
 * @public
 */
export interface LicensesEvidenceValue {
  /** At most `maxInventoryPackages`. */
  packages: PackageLicense[];
  /** True when more packages were locked than `packages` keeps. */
  truncated?: boolean;
  /**
   * Sources that could not be asked (offline, no registry configured, an
   * error), and for how many packages: their licenses stay unknown.
   */
  unchecked?: Array<{ reason: string; packages: number }>;
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
 * One observed fact about an entity. A discriminated union on `key`.
 *
 * @public
 */
export type Evidence = {
  [K in EvidenceKey]: EvidenceOf<K>;
}[EvidenceKey];

/**
 * What a person can attest to.
 *
 * @public
 */
export type AttestationKind =
  | 'compliance'
  | 'disaster-recovery'
  | 'certification'
  | 'security-audit'
  | 'on-call';

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
