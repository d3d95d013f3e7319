import { parseBunLock } from './bun';
import { parseCargoLock } from './cargo';
import { parseComposerLock } from './composer';
import { parseGoMod, parseGoSum } from './golang';
import { parseGradleLockfile } from './gradle';
import { parseMixLock } from './mix';
import { parsePackageLock } from './npm';
import { parseNugetLock } from './nuget';
import { parsePdmLock } from './pdm';
import { parsePnpmLock } from './pnpm';
import { parsePubspecLock } from './pub';
import { parsePylock } from './pylock';
import {
  parsePipfileLock,
  parsePoetryLock,
  parseRequirementsTxt,
} from './python';
import { parseGemfileLock } from './ruby';
import { parsePackageResolved } from './swift';
import { isSbomName, parseSbom, sbomGlobs } from '../sbom/parseSbom';
import type {
  Ecosystem,
  LockedPackage,
  LockfileParseResult,
  ParseLockfileOptions,
} from './types';
import { compareText, LockfileFormatError, ParsedLockfile } from './util';
import { parseUvLock } from './uv';
import { parseYarnLock } from './yarn';

type FormatParser = (content: string, file: string) => ParsedLockfile;

// An SBOM's packages each carry their own ecosystem.
const SBOM_FORMAT: { ecosystem?: Ecosystem; parse: FormatParser } = {
  parse: parseSbom,
};

const FORMATS: Record<string, { ecosystem: Ecosystem; parse: FormatParser }> = {
  'Cargo.lock': { ecosystem: 'crates.io', parse: parseCargoLock },
  'package-lock.json': { ecosystem: 'npm', parse: parsePackageLock },
  'npm-shrinkwrap.json': { ecosystem: 'npm', parse: parsePackageLock },
  'yarn.lock': { ecosystem: 'npm', parse: parseYarnLock },
  'pnpm-lock.yaml': { ecosystem: 'npm', parse: parsePnpmLock },
  'go.mod': { ecosystem: 'Go', parse: parseGoMod },
  'go.sum': { ecosystem: 'Go', parse: parseGoSum },
  'requirements.txt': { ecosystem: 'PyPI', parse: parseRequirementsTxt },
  'poetry.lock': { ecosystem: 'PyPI', parse: parsePoetryLock },
  'Pipfile.lock': { ecosystem: 'PyPI', parse: parsePipfileLock },
  'Gemfile.lock': { ecosystem: 'RubyGems', parse: parseGemfileLock },
  'gems.locked': { ecosystem: 'RubyGems', parse: parseGemfileLock },
  'composer.lock': { ecosystem: 'Packagist', parse: parseComposerLock },
  'uv.lock': { ecosystem: 'PyPI', parse: parseUvLock },
  'pylock.toml': { ecosystem: 'PyPI', parse: parsePylock },
  'pdm.lock': { ecosystem: 'PyPI', parse: parsePdmLock },
  'bun.lock': { ecosystem: 'npm', parse: parseBunLock },
  'packages.lock.json': { ecosystem: 'NuGet', parse: parseNugetLock },
  'gradle.lockfile': { ecosystem: 'Maven', parse: parseGradleLockfile },
  'buildscript-gradle.lockfile': {
    ecosystem: 'Maven',
    parse: parseGradleLockfile,
  },
  'pubspec.lock': { ecosystem: 'Pub', parse: parsePubspecLock },
  'mix.lock': { ecosystem: 'Hex', parse: parseMixLock },
  'Package.resolved': { ecosystem: 'SwiftURL', parse: parsePackageResolved },
};

/**
 * The exact file names {@link parseLockfile} reads. requirements files and
 * named pylock files (`pylock.dev.toml`) and SBOMs have more names: see
 * {@link lockfileGlobs}.
 *
 * @public
 */
export const lockfileNames: readonly string[] = Object.freeze(
  Object.keys(FORMATS),
);

/**
 * Glob patterns matching every path {@link isLockfile} accepts, for filters
 * when reading a repository tree.
 *
 * @public
 */
export const lockfileGlobs: readonly string[] = Object.freeze([
  ...lockfileNames.map(name => `**/${name}`),
  '**/*requirements*.txt',
  '**/requirements/*.txt',
  '**/pylock.*.toml',
  ...sbomGlobs,
]);

/**
 * Default {@link ParseLockfileOptions.maxBytes}: 10 MiB.
 *
 * @public
 */
export const DEFAULT_LOCKFILE_MAX_BYTES = 10 * 1024 * 1024;

function formatFor(
  path: string,
): { ecosystem?: Ecosystem; parse: FormatParser } | undefined {
  const segments = path.split(/[\\/]/);
  const base = segments[segments.length - 1];
  if (Object.hasOwn(FORMATS, base)) return FORMATS[base];
  if (isSbomName(base)) return SBOM_FORMAT;
  // requirements-dev.txt, dev-requirements.txt, requirements/base.txt.
  if (
    /^[^/]*requirements[^/]*\.txt$/.test(base) ||
    (segments[segments.length - 2] === 'requirements' && base.endsWith('.txt'))
  ) {
    return FORMATS['requirements.txt'];
  }
  // PEP 751 names a lock of one environment `pylock.<name>.toml`.
  if (/^pylock\.[^./\\]+\.toml$/.test(base)) return FORMATS['pylock.toml'];
  return undefined;
}

/**
 * Whether {@link parseLockfile} can read a file, judged by its name.
 *
 * @public
 */
export function isLockfile(path: string): boolean {
  return formatFor(path) !== undefined;
}

/**
 * Picks the lockfiles to parse from a repository's file paths: those
 * {@link isLockfile} accepts, minus each go.sum that has a go.mod next to it
 * (go.sum lists every version ever considered, go.mod the ones built).
 *
 * @public
 */
export function selectLockfiles(paths: readonly string[]): string[] {
  const all = new Set(paths);
  return paths.filter(
    path =>
      isLockfile(path) &&
      !(
        /(^|[\\/])go\.sum$/.test(path) &&
        all.has(path.replace(/go\.sum$/, 'go.mod'))
      ),
  );
}

function formatSize(bytes: number): string {
  const MiB = 1024 * 1024;
  if (bytes >= MiB) return `${Math.round((bytes / MiB) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

function sizeProblem(content: string, maxBytes: number): string | undefined {
  // Cheap first: a UTF-16 code unit is at most 3 UTF-8 bytes.
  if (content.length * 3 <= maxBytes) return undefined;
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes <= maxBytes) return undefined;
  let size = formatSize(bytes);
  let limit = formatSize(maxBytes);
  if (size === limit) {
    size = `${bytes} bytes`;
    limit = `${maxBytes} bytes`;
  }
  return `file is ${size}, over the ${limit} limit`;
}

/** Reasons quote file content (entry keys): keep them short and on one line. */
function oneLine(reason: string): string {
  const flat = reason.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

// Lockfiles are text; NUL and other control characters mean binary content.
// (Tab, line feed and carriage return are text; no lockfile format allows the rest.)
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

// Control characters were refused with the content already.
const VALID_TOKEN = /^\S+$/;

/**
 * Reads one lockfile's locked dependencies. Pure: the caller supplies the
 * repository-relative path (its file name selects the format) and the text.
 * It never throws: unknown names, oversized, binary or malformed content
 * give a result with `error` set and no packages, so a file that cannot be
 * read is never mistaken for one without vulnerable dependencies. An empty
 * package list without `error` means the file is a well-formed lockfile
 * that locks no third-party package (for example an empty yarn.lock, or a
 * Cargo.lock listing only the workspace's own crates).
 *
 * Packages are deduplicated by name and version; one that is both a dev and
 * a production dependency counts as production.
 *
 * @public
 */
export function parseLockfile(
  path: string,
  content: string,
  options?: ParseLockfileOptions,
): LockfileParseResult {
  const format = formatFor(path);
  const failed = (reason: string): LockfileParseResult => ({
    file: path,
    ...(format?.ecosystem ? { ecosystem: format.ecosystem } : {}),
    packages: [],
    unpinned: [],
    error: `could not read ${path}: ${oneLine(reason)}`,
  });
  try {
    if (!format) return failed('not a supported lockfile name');
    if (typeof content !== 'string') return failed('content is not text');
    const limit = options?.maxBytes;
    const tooBig = sizeProblem(
      content,
      typeof limit === 'number' && limit >= 0
        ? limit
        : DEFAULT_LOCKFILE_MAX_BYTES,
    );
    if (tooBig) return failed(tooBig);
    const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
    const control = CONTROL.exec(text);
    if (control) {
      const line = text.slice(0, control.index).split('\n').length;
      return failed(`binary content (control character at line ${line})`);
    }
    const parsed = format.parse(text, path);
    return finish(path, format.ecosystem, parsed);
  } catch (e) {
    if (e instanceof LockfileFormatError) return failed(e.message);
    // A parser bug or exhausted resources: still a result, never a throw.
    return failed(e instanceof Error ? e.message : String(e));
  }
}

function finish(
  path: string,
  fileEcosystem: Ecosystem | undefined,
  parsed: ParsedLockfile,
): LockfileParseResult {
  const packages = new Map<string, LockedPackage>();
  for (const { name, version, dev, license, ...raw } of parsed.packages) {
    const ecosystem = raw.ecosystem ?? fileEcosystem;
    if (!ecosystem) {
      throw new LockfileFormatError(`no ecosystem for "${name}@${version}"`);
    }
    if (!VALID_TOKEN.test(name) || !VALID_TOKEN.test(version)) {
      throw new LockfileFormatError(
        `invalid package name or version "${name}@${version}"`,
      );
    }
    const key = `${ecosystem}\u0000${name}\u0000${version}`;
    const seen = packages.get(key);
    // A license longer than any stored name is not kept: unknown, not cut.
    const kept = license && license.length <= 256 ? { license } : {};
    if (!seen) {
      packages.set(key, { ecosystem, name, version, dev, path, ...kept });
      continue;
    }
    if (!seen.license && kept.license) seen.license = kept.license;
    if (seen.dev !== false) {
      // Production wins; unknown beats dev, so dev-only is never overstated.
      seen.dev = dev === false ? false : seen.dev && dev;
    }
  }
  const unpinned = new Set<string>();
  for (const name of parsed.unpinned) {
    if (!name.trim())
      throw new LockfileFormatError('a requirement has no name');
    unpinned.add(name);
  }
  return {
    file: path,
    ...(fileEcosystem ? { ecosystem: fileEcosystem } : {}),
    packages: [...packages.values()].sort(
      (a, b) =>
        compareText(a.name, b.name) ||
        compareText(a.version, b.version) ||
        compareText(a.ecosystem, b.ecosystem),
    ),
    unpinned: [...unpinned]
      .sort(compareText)
      .map(name => ({ file: path, name })),
    ...(parsed.includes && parsed.includes.length > 0
      ? { includes: [...new Set(parsed.includes)] }
      : {}),
  };
}
