import type {
  AdvisoryEcosystemRecords,
  AdvisorySourceReport,
} from '@readiness/plugin-readiness-common';
import { canonicalEcosystem } from './packageKey';
import type { AdvisorySource } from './types';

/**
 * What an advisory source covers and how fresh it is, before a scan says
 * which ecosystems it needed.
 *
 * @public
 */
export type AdvisoryCoverage = Omit<AdvisorySourceReport, 'uncovered'>;

// OSV ecosystem names (`crates.io`, `GitHub Actions`, `Red Hat`) once the
// release suffix is cut. Records are input: names that are not shaped like
// one, or more ecosystems than OSV has, are not counted as coverage (their
// records are still matched), so the report stays small and printable.
const ECOSYSTEM_NAME = /^[A-Za-z0-9][A-Za-z0-9. _-]{0,63}$/;
const MAX_ECOSYSTEMS = 200;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Counts records per ecosystem, by their own `affected[].package.ecosystem`,
 * and the newest `modified`. Ecosystem folders are remembered so one that
 * holds no record is listed with 0 (present, but covering nothing).
 *
 * @internal
 */
export class EcosystemTally {
  readonly #records = new Map<string, number>();
  readonly #newest = new Map<string, number>();
  readonly #notAfterMs: number;

  /** Dates after `notAfterMs` (the load time) are not believed. */
  constructor(notAfterMs: number) {
    this.#notAfterMs = notAfterMs;
  }

  folder(name: string) {
    const ecosystem = this.#countable(name);
    if (ecosystem && !this.#records.has(ecosystem)) {
      this.#records.set(ecosystem, 0);
    }
  }

  /** The canonical name, when it may be counted. */
  #countable(name: string): string | undefined {
    const ecosystem = canonicalEcosystem(name.split(':')[0]);
    if (!ECOSYSTEM_NAME.test(ecosystem)) return undefined;
    if (!this.#records.has(ecosystem) && this.#records.size >= MAX_ECOSYSTEMS) {
      return undefined;
    }
    return ecosystem;
  }

  record(record: { modified?: unknown; affected?: unknown }) {
    const ecosystems = new Set<string>();
    for (const entry of Array.isArray(record.affected) ? record.affected : []) {
      const pkg: unknown = isRecord(entry) ? entry.package : undefined;
      if (isRecord(pkg) && typeof pkg.ecosystem === 'string') {
        // `Debian:12` is the Debian ecosystem's release 12.
        const ecosystem = this.#countable(pkg.ecosystem);
        if (ecosystem) ecosystems.add(ecosystem);
      }
    }
    const modified =
      typeof record.modified === 'string' ? Date.parse(record.modified) : NaN;
    // A record modified in the future would make old data look fresh.
    const dated = !Number.isNaN(modified) && modified <= this.#notAfterMs;
    for (const ecosystem of ecosystems) {
      this.#records.set(ecosystem, (this.#records.get(ecosystem) ?? 0) + 1);
      if (dated && modified > (this.#newest.get(ecosystem) ?? -Infinity)) {
        this.#newest.set(ecosystem, modified);
      }
    }
  }

  result(): {
    ecosystems: AdvisoryEcosystemRecords[];
    newestModified?: string;
  } {
    const ecosystems = [...this.#records]
      .sort(([a], [b]) => a.localeCompare(b, 'en'))
      .map(([ecosystem, records]) => {
        const newest = this.#newest.get(ecosystem);
        return {
          ecosystem,
          records,
          ...(newest !== undefined
            ? { newestModified: new Date(newest).toISOString() }
            : {}),
        };
      });
    const newest = Math.max(...this.#newest.values());
    return {
      ecosystems,
      ...(Number.isFinite(newest)
        ? { newestModified: new Date(newest).toISOString() }
        : {}),
    };
  }
}

/**
 * The report of a scan's source: its coverage plus the scanned ecosystems
 * it holds no records for. An ecosystem is covered when the source holds at
 * least one record for it; one present with none (an empty folder, an empty
 * `all.zip`) is not, since an empty export cannot be told from a failed
 * download. A source that lists no ecosystems covers every one (the OSV API).
 *
 * @public
 */
export function advisorySourceReport(
  coverage: AdvisoryCoverage,
  scannedEcosystems: Iterable<string>,
): AdvisorySourceReport {
  const held = new Set(
    coverage.ecosystems?.filter(e => e.records > 0).map(e => e.ecosystem),
  );
  const uncovered =
    coverage.ecosystems === undefined
      ? []
      : [...new Set([...scannedEcosystems].map(canonicalEcosystem))]
          .filter(ecosystem => !held.has(ecosystem))
          .sort((a, b) => a.localeCompare(b, 'en'));
  return { ...coverage, uncovered };
}

/**
 * The coverage of a source that can say it, or undefined (a custom source
 * that predates coverage; its scans state no source).
 *
 * @public
 */
export async function coverageOf(
  source: AdvisorySource,
): Promise<AdvisoryCoverage | undefined> {
  return source.coverage ? source.coverage() : undefined;
}
