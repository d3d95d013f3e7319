/**
 * How many records an advisory source holds for one ecosystem, and how
 * recent the newest is.
 *
 * @public
 */
export interface AdvisoryEcosystemRecords {
  /** OSV ecosystem name, for example `Go` or `crates.io`. */
  ecosystem: string;
  records: number;
  /** The newest `modified` among the ecosystem's records (ISO 8601). */
  newestModified?: string;
}

/**
 * Which advisory source answered a vulnerability scan, what it covers and
 * how fresh it is. A scan is only as good as its source: a locked package of
 * an ecosystem the source holds no records for was not checked, and data
 * older than `maxAgeDays` may miss recent advisories; either makes
 * `security.vulnerabilities` unknown.
 *
 * @public
 */
export interface AdvisorySourceReport {
  /** `osv-api`: the online OSV API; `directory`: an offline directory. */
  kind: 'osv-api' | 'directory';
  /** Where it is: the API's base URL or the directory's path. */
  location: string;
  /**
   * The ecosystems the source holds records for. Absent when it covers every
   * OSV ecosystem (the online API).
   */
  ecosystems?: AdvisoryEcosystemRecords[];
  /**
   * Ecosystems of the scanned lockfiles the source holds no records for:
   * their packages were not checked.
   */
  uncovered: string[];
  /**
   * The newest `modified` among all records (ISO 8601), when the data is a
   * copy; absent for a live source.
   */
  newestModified?: string;
  /** How old a copy may be before the scan is stale; absent for a live source. */
  maxAgeDays?: number;
}
