import type {
  DependencyHealthKind,
  VulnerabilitySeverity,
} from './dependencyEvidence';

/**
 * What a finding is: a known vulnerability, or one of the dependency-health
 * kinds.
 *
 * @public
 */
export type FindingKind = 'vulnerability' | DependencyHealthKind;

/**
 * Whether a locked dependency ships: `prod`, only `dev`, or `unknown` when
 * the lockfile does not say (yarn.lock, go.sum, requirements.txt).
 *
 * @public
 */
export type DependencyScope = 'prod' | 'dev' | 'unknown';

/**
 * A vulnerability's severity, or `informational` for a dependency-health
 * finding (unmaintained, unsound, yanked, deprecated), which has none.
 *
 * @public
 */
export type FindingSeverity = VulnerabilitySeverity | 'informational';

/**
 * Whether a finding was already in the baseline a scan was compared with.
 *
 * @public
 */
export type FindingBaselineStatus = 'new' | 'known';

/**
 * One advisory on one package version in one lockfile: the unit that text,
 * SARIF and the card show. Every field is present (null where the evidence
 * has no value), so consumers of the JSON need no guessing.
 *
 * @public
 */
export interface Finding {
  /** A vulnerability, or which kind of unhealthy dependency. */
  kind: FindingKind;
  /**
   * The advisory id (`RUSTSEC-2024-0363`, `GHSA-…`); for a dependency-health
   * finding without an advisory (a registry's deprecation),
   * `readiness/<kind>-dependency`.
   */
  id: string;
  /** Other ids of the advisory (`CVE-…`, `GHSA-…`). */
  aliases: string[];
  /** OSV ecosystem name, for example `crates.io` or `npm`. */
  ecosystem: string;
  /** The package name, as the ecosystem spells it. */
  package: string;
  /** The locked version. */
  version: string;
  /** Repository-relative path of the lockfile; null when not recorded. */
  file: string | null;
  /** Whether the version ships, as the lockfile says. */
  scope: DependencyScope;
  /** The advisory's severity; `informational` for dependency health. */
  severity: FindingSeverity;
  /** CVSS base score, 0 to 10; null when the advisory gives no vector. */
  cvss: number | null;
  /** Versions that fix it, in the ecosystem's order; empty when none does. */
  fixed: string[];
  /** The advisory's one-line summary. */
  summary: string;
  /** What to do, worded as the remediation plan words it. */
  remediation: string;
  /** Where a person can read the advisory; null when there is none. */
  link: string | null;
  /** Set when the scan was compared with a baseline (`readiness scan --baseline`). */
  baseline?: FindingBaselineStatus;
  /** The approved waiver that covers this vulnerability, when one does. */
  waiverId?: string;
}

/**
 * The fields that identify a finding from one scan to the next. `kind` is
 * any string, so a baseline written by another version of the tool still
 * reads (a kind this one does not know matches nothing).
 *
 * @public
 */
export type FindingKeyFields = Pick<
  Finding,
  'id' | 'ecosystem' | 'package' | 'version' | 'file'
> & { kind: string };
