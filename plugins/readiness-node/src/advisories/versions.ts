import { canonicalEcosystem, normalizePackageName } from './packageKey';
import type { OsvVulnerability, PackageQuery } from './types';
import { compareEcosystemVersions, rangeComparator } from './versionOrder';

/**
 * Whether a version is affected by an advisory. `unknown` means it could not
 * be decided (unparseable version, unusable ranges): never read it as
 * not affected.
 *
 * @public
 */
export type AffectedStatus = 'affected' | 'not-affected' | 'unknown';

/**
 * The outcome of matching a version against an advisory.
 *
 * @public
 */
export interface AffectedDecision {
  status: AffectedStatus;
  /** Why the status is `unknown`. */
  reason?: string;
  /**
   * The `fixed` versions of the ranges that contain the version (empty when
   * not affected or when no fix exists).
   */
  fixedVersions: string[];
}

// ---------------------------------------------------------------------------
// Ranges

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type EventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';
const eventKinds: EventKind[] = [
  'introduced',
  'fixed',
  'last_affected',
  'limit',
];

interface ParsedEvent {
  kind: EventKind;
  version: string;
}

type RangeOutcome =
  | { status: 'affected'; fixed?: string }
  | { status: 'not-affected' }
  | { status: 'unknown'; reason: string };

function parseEvents(events: unknown): ParsedEvent[] | string {
  if (!Array.isArray(events) || events.length === 0) {
    return 'range has no events';
  }
  const parsed: ParsedEvent[] = [];
  for (const event of events) {
    if (!isRecord(event)) {
      return 'range event is not an object';
    }
    const kinds = eventKinds.filter(k => event[k] !== undefined);
    if (kinds.length !== 1) {
      return 'range event must have exactly one of introduced, fixed, last_affected, limit';
    }
    const version = event[kinds[0]];
    if (typeof version !== 'string' || version.trim() === '') {
      return `range event ${kinds[0]} is not a version string`;
    }
    parsed.push({ kind: kinds[0], version: version.trim() });
  }
  return parsed;
}

function evaluateRange(
  rangeType: string,
  ecosystem: string,
  events: unknown,
  version: string,
): RangeOutcome {
  const compare = rangeComparator(rangeType, ecosystem);
  if (!compare) {
    return {
      status: 'unknown',
      reason: `no ${rangeType} version ordering for ecosystem ${ecosystem}`,
    };
  }
  const parsed = parseEvents(events);
  if (typeof parsed === 'string') {
    return { status: 'unknown', reason: parsed };
  }
  if (compare(version, version) === undefined) {
    return {
      status: 'unknown',
      reason: `version ${version} cannot be parsed as a ${
        rangeType === 'SEMVER' ? 'SemVer' : ecosystem
      } version`,
    };
  }
  // "0" (introduced) means every version; "*" (limit) means no limit.
  const isZero = (e: ParsedEvent) =>
    e.kind === 'introduced' && e.version === '0';
  const isStar = (e: ParsedEvent) => e.kind === 'limit' && e.version === '*';
  for (const event of parsed) {
    if (!isZero(event) && !isStar(event)) {
      if (compare(event.version, event.version) === undefined) {
        return {
          status: 'unknown',
          reason: `advisory version ${event.version} cannot be parsed`,
        };
      }
    }
  }
  const order = (x: ParsedEvent, y: ParsedEvent): number => {
    if (isZero(x) || isZero(y)) {
      return Number(isZero(y)) - Number(isZero(x));
    }
    if (isStar(x) || isStar(y)) {
      return Number(isStar(x)) - Number(isStar(y));
    }
    return compare(x.version, y.version) ?? 0;
  };
  const sorted = parsed
    .map((event, index) => ({ event, index }))
    .sort((x, y) => order(x.event, y.event) || x.index - y.index)
    .map(x => x.event);

  const atLeast = (from: ParsedEvent) =>
    isZero(from) || (compare(version, from.version) ?? -1) >= 0;
  for (const limit of sorted.filter(e => e.kind === 'limit' && !isStar(e))) {
    if ((compare(version, limit.version) ?? 0) >= 0) {
      return { status: 'not-affected' };
    }
  }
  let open: ParsedEvent | undefined;
  for (const event of sorted) {
    if (event.kind === 'introduced') {
      open ??= event;
    } else if (event.kind === 'fixed' && open) {
      if (atLeast(open) && (compare(version, event.version) ?? 0) < 0) {
        return { status: 'affected', fixed: event.version };
      }
      open = undefined;
    } else if (event.kind === 'last_affected' && open) {
      if (atLeast(open) && (compare(version, event.version) ?? 1) <= 0) {
        return { status: 'affected' };
      }
      open = undefined;
    }
  }
  if (open && atLeast(open)) {
    return { status: 'affected' };
  }
  return { status: 'not-affected' };
}

function sameVersion(ecosystem: string, a: string, b: string): boolean {
  if (a.trim() === b.trim()) {
    return true;
  }
  return compareEcosystemVersions(ecosystem, a, b) === 0;
}

/**
 * Matches a version against one OSV `affected[]` entry: its explicit
 * `versions` list and its `SEMVER` and `ECOSYSTEM` ranges (`GIT` ranges are
 * ignored). The package name is not checked here.
 *
 * @public
 */
export function matchAffectedEntry(
  affected: unknown,
  ecosystem: string,
  version: string,
): AffectedDecision {
  if (!isRecord(affected)) {
    return {
      status: 'unknown',
      reason: 'affected entry is not an object',
      fixedVersions: [],
    };
  }
  const fixedVersions: string[] = [];
  let status: AffectedStatus = 'not-affected';
  let reason: string | undefined;

  const versions = affected.versions;
  const listed =
    Array.isArray(versions) &&
    versions.some(
      v => typeof v === 'string' && sameVersion(ecosystem, v, version),
    );
  if (listed) {
    status = 'affected';
  }

  const ranges = Array.isArray(affected.ranges) ? affected.ranges : [];
  if (affected.ranges !== undefined && !Array.isArray(affected.ranges)) {
    reason = 'ranges is not a list';
  }
  let usableRanges = 0;
  for (const range of ranges) {
    if (!isRecord(range) || typeof range.type !== 'string') {
      reason ??= 'range has no type';
      continue;
    }
    if (range.type === 'GIT') {
      continue;
    }
    usableRanges++;
    const outcome = evaluateRange(range.type, ecosystem, range.events, version);
    if (outcome.status === 'affected') {
      status = 'affected';
      if (outcome.fixed && !fixedVersions.includes(outcome.fixed)) {
        fixedVersions.push(outcome.fixed);
      }
    } else if (outcome.status === 'unknown') {
      reason ??= outcome.reason;
    }
  }
  if (status === 'affected') {
    return { status, fixedVersions };
  }
  if (reason) {
    return { status: 'unknown', reason, fixedVersions: [] };
  }
  if (usableRanges === 0 && !Array.isArray(versions)) {
    return {
      status: 'unknown',
      reason:
        'advisory has neither SEMVER/ECOSYSTEM ranges nor a versions list',
      fixedVersions: [],
    };
  }
  return { status: 'not-affected', fixedVersions: [] };
}

/**
 * Whether an OSV entry names the given package (ecosystem and name, with the
 * ecosystem's name normalization).
 *
 * @public
 */
export function affectedEntryNamesPackage(
  affected: unknown,
  ecosystem: string,
  name: string,
): boolean {
  if (!isRecord(affected) || !isRecord(affected.package)) {
    return false;
  }
  const pkg = affected.package;
  if (typeof pkg.ecosystem !== 'string' || typeof pkg.name !== 'string') {
    return false;
  }
  return (
    canonicalEcosystem(pkg.ecosystem) === canonicalEcosystem(ecosystem) &&
    normalizePackageName(pkg.ecosystem, pkg.name) ===
      normalizePackageName(ecosystem, name)
  );
}

/**
 * Whether a package version is affected by an OSV record, using every
 * `affected[]` entry that names the package. `affected` wins over `unknown`
 * (one entry that surely matches is enough); `unknown` wins over
 * `not-affected`. A record that does not name the package does not affect
 * it.
 *
 * @public
 */
export function isVersionAffected(
  vulnerability: OsvVulnerability,
  pkg: PackageQuery,
): AffectedDecision {
  const entries = isRecord(vulnerability)
    ? (vulnerability as { affected?: unknown }).affected
    : undefined;
  if (!Array.isArray(entries)) {
    return { status: 'not-affected', fixedVersions: [] };
  }
  const fixedVersions: string[] = [];
  let affected = false;
  let reason: string | undefined;
  for (const entry of entries) {
    if (!affectedEntryNamesPackage(entry, pkg.ecosystem, pkg.name)) {
      continue;
    }
    const decision = matchAffectedEntry(entry, pkg.ecosystem, pkg.version);
    if (decision.status === 'affected') {
      affected = true;
      for (const fixed of decision.fixedVersions) {
        if (!fixedVersions.includes(fixed)) {
          fixedVersions.push(fixed);
        }
      }
    } else if (decision.status === 'unknown') {
      reason ??= decision.reason;
    }
  }
  if (affected) {
    return { status: 'affected', fixedVersions };
  }
  if (reason) {
    return { status: 'unknown', reason, fixedVersions: [] };
  }
  return { status: 'not-affected', fixedVersions: [] };
}

/**
 * Every `fixed` version the record lists for the package, in ascending
 * ecosystem order when they can be ordered. Used when the range containing
 * the version cannot be determined.
 *
 * @internal
 */
export function allFixedVersions(
  vulnerability: OsvVulnerability,
  pkg: PackageQuery,
): string[] {
  const found: string[] = [];
  const entries = (vulnerability as { affected?: unknown }).affected;
  if (!Array.isArray(entries)) {
    return found;
  }
  for (const entry of entries) {
    if (!affectedEntryNamesPackage(entry, pkg.ecosystem, pkg.name)) {
      continue;
    }
    const ranges = (entry as { ranges?: unknown }).ranges;
    for (const range of Array.isArray(ranges) ? ranges : []) {
      if (!isRecord(range) || range.type === 'GIT') {
        continue;
      }
      for (const event of Array.isArray(range.events) ? range.events : []) {
        if (
          isRecord(event) &&
          typeof event.fixed === 'string' &&
          !found.includes(event.fixed)
        ) {
          found.push(event.fixed);
        }
      }
    }
  }
  return found.sort(
    (a, b) => compareEcosystemVersions(pkg.ecosystem, a, b) ?? 0,
  );
}
