/**
 * OSV ecosystem names of the lockfile formats this module reads.
 *
 * @public
 */
export type Ecosystem =
  | 'crates.io'
  | 'npm'
  | 'Go'
  | 'PyPI'
  | 'RubyGems'
  | 'Packagist'
  | 'NuGet'
  | 'Maven'
  | 'Pub'
  | 'Hex'
  | 'SwiftURL';

/**
 * One dependency version locked by a lockfile.
 *
 * @public
 */
export interface LockedPackage {
  ecosystem: Ecosystem;
  /**
   * The registry name (PEP 503-normalised for PyPI, the module path for Go,
   * `group:artifact` for Maven, the repository URL without scheme or `.git`
   * for SwiftURL).
   */
  name: string;
  /** The exact locked version, without a leading `v` (Go, Packagist). */
  version: string;
  /**
   * `true` when only development dependencies need it, `false` when a
   * production dependency does, `undefined` when the format does not say.
   */
  dev: boolean | undefined;
  /** Repository-relative path of the lockfile, as given to {@link parseLockfile}. */
  path: string;
  /**
   * The declared license, where the file states one (SBOMs do; none of the
   * lockfile formats read here carries a license).
   */
  license?: string;
}

/**
 * What {@link parseLockfile} read from one lockfile.
 *
 * @public
 */
export interface LockfileParseResult {
  /** The lockfile path, as given. */
  file: string;
  /**
   * Absent when the file name is not a supported lockfile, and for SBOMs,
   * whose packages each carry their own.
   */
  ecosystem?: Ecosystem;
  /** Deduplicated, sorted by name then version; empty when `error` is set. */
  packages: LockedPackage[];
  /**
   * Requirements without an exact version, which cannot be checked against
   * advisories (requirements.txt ranges and URLs, git or branch dependencies).
   */
  unpinned: Array<{ file: string; name: string }>;
  /**
   * Other files this one pulls in (`-r` / `-c` in requirements.txt), as
   * repository-relative paths (URLs as written). They are not parsed here:
   * the caller reads them, or reports them unread, otherwise their
   * requirements go unchecked. Absent when there are none.
   */
  includes?: string[];
  /**
   * Set when the file could not be read: `could not read <file>: <reason>`.
   * The file's dependencies are then unknown, never clean.
   */
  error?: string;
}

/**
 * Options of {@link parseLockfile}.
 *
 * @public
 */
export interface ParseLockfileOptions {
  /** Larger content is refused (an error, not a partial read). Default 10 MiB. */
  maxBytes?: number;
}
