/*
 * NuGet's version order (NuGet.Versioning): up to four numeric parts, a
 * missing part being 0 (`1.0` = `1.0.0.0`, leading zeros ignored); a release
 * above its prereleases; prerelease labels compared part by part, numbers
 * numerically and below text, text case-insensitively; build metadata
 * ignored. The npm libraries for it are unmaintained, and semver cannot
 * parse four parts, so it is written here.
 */

const NUGET_VERSION =
  /^(\d+(?:\.\d+){0,3})(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]*)?$/;

interface NugetVersion {
  numbers: string[];
  labels: string[];
}

/**
 * Whether text is a NuGet version (`1.0`, `4.1.1.1`, `6.0.0-preview.7+sha`).
 *
 * @internal
 */
export function isNugetVersion(version: string): boolean {
  return NUGET_VERSION.test(version.trim());
}

function parse(version: string): NugetVersion | undefined {
  const match = NUGET_VERSION.exec(version.trim());
  if (!match) return undefined;
  const numbers = match[1].split('.').map(n => n.replace(/^0+(?=\d)/, ''));
  while (numbers.length < 4) numbers.push('0');
  return { numbers, labels: match[2] ? match[2].split('.') : [] };
}

function compareNumbers(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function compareLabel(a: string, b: string): number {
  const x = /^\d+$/.test(a);
  const y = /^\d+$/.test(b);
  if (x && y)
    return compareNumbers(
      a.replace(/^0+(?=\d)/, ''),
      b.replace(/^0+(?=\d)/, ''),
    );
  if (x !== y) return x ? -1 : 1;
  const l = a.toLowerCase();
  const r = b.toLowerCase();
  if (l === r) return 0;
  return l < r ? -1 : 1;
}

/**
 * NuGet version order, or undefined when either is not a NuGet version.
 *
 * @internal
 */
export function compareNugetVersions(a: string, b: string): number | undefined {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return undefined;
  for (let i = 0; i < 4; i++) {
    const diff = compareNumbers(x.numbers[i], y.numbers[i]);
    if (diff !== 0) return diff;
  }
  // A release is above its prereleases.
  if (x.labels.length === 0 || y.labels.length === 0) {
    if (x.labels.length === y.labels.length) return 0;
    return x.labels.length === 0 ? 1 : -1;
  }
  for (let i = 0; i < Math.max(x.labels.length, y.labels.length); i++) {
    if (x.labels[i] === undefined) return -1;
    if (y.labels[i] === undefined) return 1;
    const diff = compareLabel(x.labels[i], y.labels[i]);
    if (diff !== 0) return diff;
  }
  return 0;
}
