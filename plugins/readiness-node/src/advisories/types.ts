import type { AdvisoryCoverage } from './advisoryCoverage';

/**
 * One locked dependency version to look up in an advisory database.
 *
 * @public
 */
export interface PackageQuery {
  /**
   * OSV ecosystem name: `crates.io`, `npm`, `Go`, `PyPI`, `RubyGems`,
   * `Packagist` (other OSV names are passed through as they are).
   */
  ecosystem: string;
  name: string;
  /** The exact locked version. Go versions keep their `v` prefix. */
  version: string;
}

/**
 * An OSV event of a range: exactly one of the fields is set.
 *
 * @public
 */
export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

/**
 * An OSV affected range.
 *
 * @public
 */
export interface OsvRange {
  /** `SEMVER`, `ECOSYSTEM` or `GIT`. */
  type: string;
  repo?: string;
  events: OsvEvent[];
  database_specific?: Record<string, unknown>;
}

/**
 * One affected package of an OSV record.
 *
 * @public
 */
export interface OsvAffected {
  package?: { ecosystem: string; name: string; purl?: string };
  ranges?: OsvRange[];
  versions?: string[];
  ecosystem_specific?: Record<string, unknown>;
  database_specific?: Record<string, unknown>;
}

/**
 * A severity score of an OSV record, for example
 * `{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/...' }`.
 *
 * @public
 */
export interface OsvSeverity {
  type: string;
  score: string;
}

/**
 * An OSV vulnerability record (the fields Readiness reads; see
 * https://ossf.github.io/osv-schema/). Records come from the network or from
 * files: code reading them must not trust the declared types, every field may
 * be missing or malformed.
 *
 * @public
 */
export interface OsvVulnerability {
  id: string;
  modified: string;
  published?: string;
  withdrawn?: string;
  aliases?: string[];
  related?: string[];
  summary?: string;
  details?: string;
  severity?: OsvSeverity[];
  affected?: OsvAffected[];
  references?: Array<{ type?: string; url: string }>;
  database_specific?: Record<string, unknown>;
  schema_version?: string;
}

/**
 * Something an advisory source could not do, reported instead of thrown so a
 * scan can continue; the caller decides what it means (a check with an
 * undecidable package should be `unknown`, never `pass`).
 *
 * - `malformed-record`: an advisory file was skipped (offline source).
 * - `unread-record`: an advisory file was not read (larger than the limit,
 *   offline source); it may affect any package, so every lookup reports it.
 * - `undecidable-version`: whether the version is affected by the advisory
 *   could not be decided (unparseable version, unusable ranges).
 * - `invalid-query`: the package query itself was unusable (empty name or
 *   version); it has no entry in the result.
 *
 * @public
 */
export type AdvisoryProblem =
  | { kind: 'malformed-record'; file: string; reason: string }
  | { kind: 'unread-record'; file: string; reason: string }
  | {
      kind: 'undecidable-version';
      packageKey: string;
      ecosystem: string;
      packageName: string;
      version: string;
      advisoryId: string;
      reason: string;
    }
  | { kind: 'invalid-query'; packageKey: string; reason: string };

/**
 * Options of {@link AdvisorySource.findAdvisories}.
 *
 * @public
 */
export interface FindAdvisoriesOptions {
  /** Aborts the lookup (for example the collector's per-entity timeout). */
  signal?: AbortSignal;
  /** Receives the problems met while answering this call. */
  onProblem?: (problem: AdvisoryProblem) => void;
}

/**
 * A database of advisories that can be asked which advisories affect which
 * locked package versions. Implemented online by {@link OsvClient} and
 * offline by {@link DirectoryAdvisorySource}.
 *
 * @public
 */
export interface AdvisorySource {
  /**
   * The advisories affecting each package. The result has one entry per
   * distinct valid package, keyed by {@link packageKey} (an empty array when
   * no advisory affects it). Duplicated queries are answered once.
   */
  findAdvisories(
    packages: PackageQuery[],
    options?: FindAdvisoriesOptions,
  ): Promise<Map<string, OsvVulnerability[]>>;
  /**
   * Which ecosystems the source holds records for and how fresh they are,
   * so a scan of an ecosystem it does not cover is unknown, never clean.
   * A source without it states nothing about its coverage.
   */
  coverage?(): Promise<AdvisoryCoverage>;
  /**
   * Called once per collection cycle, before its lookups, with every
   * package of the stored inventories: a source that asks a service asks
   * for all of them at once (noticing advisories published since) and
   * answers the lookups that follow from what it got; a source that reads
   * records reads them again.
   */
  prefetch?(
    packages: PackageQuery[],
    options?: { signal?: AbortSignal },
  ): Promise<void>;
}
