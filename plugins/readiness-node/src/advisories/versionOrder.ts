import * as semver from 'semver';
import * as pep440 from '@renovatebot/pep440';
import { compareMavenVersions } from './mavenVersion';
import { compareNugetVersions } from './nugetVersion';
import { canonicalEcosystem } from './packageKey';

/**
 * A comparator result, or undefined when either version cannot be parsed.
 *
 * @internal
 */
export type Compare = (a: string, b: string) => number | undefined;

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

/**
 * Dart's pub_semver: SemVer precedence, then build metadata, a version with
 * it above the same version without (`1.0.0+1` > `1.0.0`).
 */
function comparePubSemver(a: string, b: string): number | undefined {
  const x = strictSemver(a);
  const y = strictSemver(b);
  if (!x || !y) {
    return undefined;
  }
  return x.compare(y) || x.compareBuild(y);
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
    case 'NuGet':
      return compareNugetVersions;
    case 'Maven':
      return compareMavenVersions;
    case 'Pub':
      return comparePubSemver;
    case 'Hex':
      // Elixir's Version is strict SemVer 2.0.
      return compareSemver;
    case 'SwiftURL':
      // SwiftPM resolves tags as SemVer; a `v` prefix is common on tags.
      return (a, b) => compareSemver(stripV(a), stripV(b));
    default:
      return undefined;
  }
}

export function rangeComparator(
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
 * Packagist (`dev < alpha < beta < RC < stable < patch`), PEP 440 for PyPI,
 * Gem::Version for RubyGems, NuGet.Versioning for NuGet, ComparableVersion
 * for Maven, pub_semver for Pub and SemVer for Hex and SwiftURL. Returns a negative number, zero or a positive
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

/**
 * The version to recommend upgrading to: the lowest fixed version above the
 * current one in the ecosystem's order, or the lowest fixed version when
 * none is above (the advisory may list fixes of other release lines only).
 * Undefined when there is no fix, or when several fixes cannot be ordered
 * (an unsupported ecosystem or an unparseable version): then no single
 * version is the right advice.
 *
 * @internal
 */
export function nearestFixedVersion(
  ecosystem: string,
  current: string,
  fixedVersions: readonly string[],
): string | undefined {
  if (fixedVersions.length <= 1) {
    return fixedVersions[0];
  }
  const compare = (a: string, b: string) =>
    compareEcosystemVersions(ecosystem, a, b);
  if (
    [current, ...fixedVersions].some(
      version => compare(version, version) === undefined,
    )
  ) {
    return undefined;
  }
  const sorted = [...fixedVersions].sort((a, b) => compare(a, b)!);
  return sorted.find(version => compare(version, current)! > 0) ?? sorted[0];
}
