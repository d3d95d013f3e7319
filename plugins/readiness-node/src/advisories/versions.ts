import * as semver from 'semver';
import * as pep440 from '@renovatebot/pep440';
import { canonicalEcosystem, normalizePackageName } from './packageKey';
import type { OsvVulnerability, PackageQuery } from './types';

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

type Compare = (a: string, b: string) => number | undefined;

// ---------------------------------------------------------------------------
// Comparators

/**
 * Plain code-unit order of two strings, as a comparator result.
 *
 * @internal
 */
export function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) {
    return x.length < y.length ? -1 : 1;
  }
  if (x === y) {
    return 0;
  }
  return x < y ? -1 : 1;
}

function stripV(version: string): string {
  return /^[vV]\d/.test(version) ? version.slice(1) : version;
}

function strictSemver(version: string): semver.SemVer | undefined {
  const parsed = semver.parse(version.trim(), { loose: false });
  return parsed ?? undefined;
}

/** Strict SemVer 2.0 precedence; build metadata is ignored. */
function compareSemver(a: string, b: string): number | undefined {
  const x = strictSemver(a);
  const y = strictSemver(b);
  if (!x || !y) {
    return undefined;
  }
  return x.compare(y);
}

const stabilityRanks: Record<string, number> = {
  dev: 0,
  snapshot: 0,
  alpha: 1,
  a: 1,
  beta: 2,
  b: 2,
  pre: 3,
  preview: 3,
  rc: 3,
  c: 3,
  patch: 5,
  pl: 5,
  p: 5,
  post: 5,
};

const RELEASE_RANK = 4;
const UNNAMED_PRERELEASE_RANK = 3;

interface DottedVersion {
  numbers: string[];
  rank: number;
  suffix: string[];
}

function parseDotted(version: string): DottedVersion | undefined {
  const trimmed = stripV(version.trim()).replace(/\+[0-9A-Za-z.-]*$/, '');
  // `(?=(x))\1` takes the numbers atomically: a long digit run is not
  // split between the numbers and the suffix in every way.
  const match =
    /^(?=(\d+(?:\.\d+)*))\1(?:[-_.]?([0-9A-Za-z][0-9A-Za-z._-]*))?$/.exec(
      trimmed,
    );
  if (!match) {
    return undefined;
  }
  const numbers = match[1].split('.');
  while (numbers.length > 1 && /^0+$/.test(numbers[numbers.length - 1])) {
    numbers.pop();
  }
  if (!match[2]) {
    return { numbers, rank: RELEASE_RANK, suffix: [] };
  }
  const tokens = match[2]
    .toLowerCase()
    .split(/[._-]+|(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)/)
    .filter(Boolean);
  const named = stabilityRanks[tokens[0]];
  if (named !== undefined) {
    return { numbers, rank: named, suffix: tokens.slice(1) };
  }
  return { numbers, rank: UNNAMED_PRERELEASE_RANK, suffix: tokens };
}

function compareTokens(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) {
      return x === undefined ? -1 : 1;
    }
    const xNumeric = /^\d+$/.test(x);
    const yNumeric = /^\d+$/.test(y);
    let diff: number;
    if (xNumeric && yNumeric) {
      diff = compareDigits(x, y);
    } else if (xNumeric !== yNumeric) {
      diff = xNumeric ? -1 : 1;
    } else {
      diff = compareText(x, y);
    }
    if (diff !== 0) {
      return diff;
    }
  }
  return 0;
}

/**
 * A semver-like comparison for versions that are not strict SemVer (`1.0`,
 * `2.1.3.4`, `1.0.0-beta1`, `v2.0.0-RC2`): numeric segments, then a
 * stability (dev < alpha < beta < RC < release < patch), then the rest.
 * Anything else cannot be compared.
 */
function compareDotted(a: string, b: string): number | undefined {
  const x = parseDotted(a);
  const y = parseDotted(b);
  if (!x || !y) {
    return undefined;
  }
  for (let i = 0; i < Math.max(x.numbers.length, y.numbers.length); i++) {
    const diff = compareDigits(x.numbers[i] ?? '0', y.numbers[i] ?? '0');
    if (diff !== 0) {
      return diff;
    }
  }
  if (x.rank !== y.rank) {
    return x.rank < y.rank ? -1 : 1;
  }
  return compareTokens(x.suffix, y.suffix);
}

function semverWithFallback(a: string, b: string): number | undefined {
  const strict = compareSemver(a, b);
  if (strict !== undefined) {
    return strict;
  }
  // At least one side is not strict SemVer (`1.0`, `2.1.3.4`): the dotted
  // comparison orders release versions like SemVer and approximates it for
  // prereleases.
  return compareDotted(a, b);
}

function comparePep440(a: string, b: string): number | undefined {
  if (!pep440.valid(a.trim()) || !pep440.valid(b.trim())) {
    return undefined;
  }
  try {
    const result = pep440.compare(a.trim(), b.trim());
    return Number.isFinite(result) ? Math.sign(result) : undefined;
  } catch {
    return undefined;
  }
}

type GemSegment = number | string;

function gemSegments(version: string): GemSegment[] | undefined {
  const trimmed = version.trim();
  if (
    !/^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/.test(
      trimmed,
    )
  ) {
    return undefined;
  }
  const segments: GemSegment[] = (
    trimmed.replace(/-/g, '.pre.').match(/[0-9]+|[a-z]+/gi) ?? []
  ).map(s => (/^\d+$/.test(s) ? Number(s) : s));
  if (segments.some(s => typeof s === 'number' && !Number.isSafeInteger(s))) {
    return undefined;
  }
  // Gem::Version#canonical_segments: drop trailing zeros of the release part
  // and of the prerelease part.
  const stringStart = segments.findIndex(s => typeof s === 'string');
  const numeric = stringStart < 0 ? segments : segments.slice(0, stringStart);
  const rest = stringStart < 0 ? [] : segments.slice(stringStart);
  const dropZeros = (parts: GemSegment[]) => {
    const copy = [...parts];
    while (copy.length > 0 && copy[copy.length - 1] === 0) {
      copy.pop();
    }
    return copy;
  };
  return [...dropZeros(numeric), ...dropZeros(rest)];
}

/** Gem::Version#<=> */
function compareGem(a: string, b: string): number | undefined {
  const x = gemSegments(a);
  const y = gemSegments(b);
  if (!x || !y) {
    return undefined;
  }
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const l = x[i] ?? 0;
    const r = y[i] ?? 0;
    if (l === r) {
      continue;
    }
    if (typeof l === 'string' && typeof r === 'number') {
      return -1;
    }
    if (typeof l === 'number' && typeof r === 'string') {
      return 1;
    }
    return l < r ? -1 : 1;
  }
  return 0;
}

function ecosystemComparator(ecosystem: string): Compare | undefined {
  switch (canonicalEcosystem(ecosystem)) {
    case 'npm':
    case 'crates.io':
      return semverWithFallback;
    case 'Packagist':
      // Composer orders stabilities (beta < RC), not ASCII as SemVer does.
      return compareDotted;
    case 'Go':
      return (a, b) => semverWithFallback(stripV(a), stripV(b));
    case 'PyPI':
      return comparePep440;
    case 'RubyGems':
      return compareGem;
    default:
      return undefined;
  }
}

function rangeComparator(
  rangeType: string,
  ecosystem: string,
): Compare | undefined {
  if (rangeType === 'SEMVER') {
    // OSV SEMVER ranges hold SemVer 2.0 versions without a `v` prefix.
    return (a, b) => compareSemver(stripV(a), stripV(b));
  }
  if (rangeType === 'ECOSYSTEM') {
    return ecosystemComparator(ecosystem);
  }
  return undefined;
}

/**
 * Compares two versions with the ordering of an ecosystem: SemVer for npm,
 * crates.io and Go (with a `v` prefix, and a semver-like fallback for
 * versions that are not strict SemVer), a Composer-like dotted ordering for
 * Packagist (`dev < alpha < beta < RC < stable < patch`), PEP 440 for PyPI and
 * Gem::Version for RubyGems. Returns a negative number, zero or a positive
 * number, or `undefined` when either version cannot be parsed or the
 * ecosystem is not supported.
 *
 * @public
 */
export function compareEcosystemVersions(
  ecosystem: string,
  a: string,
  b: string,
): number | undefined {
  const compare = ecosystemComparator(ecosystem);
  if (!compare || typeof a !== 'string' || typeof b !== 'string') {
    return undefined;
  }
  const result = compare(a, b);
  return result === undefined ? undefined : Math.sign(result);
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
