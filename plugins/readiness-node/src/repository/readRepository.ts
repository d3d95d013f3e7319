import type { UrlReaderService } from '@backstage/backend-plugin-api';
import type { Dirent } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { isLockfile } from '../lockfiles';
import { isWithin, readRegularFile } from './readRegularFile';

/**
 * The files of a repository that collectors asked for, with what was skipped
 * and why, so a collector can say "could not read X: reason" instead of
 * reporting a partial read as clean.
 *
 * @public
 */
export interface RepositorySnapshot {
  /** Where the files came from: a directory or a URL, for messages. */
  location: string;
  /** File contents by path relative to the repository root, `/`-separated. */
  files: Map<string, string>;
  /** Files that matched but were not read, with the reason. */
  skipped: Array<{ path: string; reason: string }>;
  /**
   * The revision's etag, when the reader gave one: passed back on the next
   * read, an unchanged repository answers NotModifiedError.
   */
  etag?: string;
}

/**
 * Which files to read and how much at most.
 *
 * @public
 */
export interface RepositoryReadOptions {
  /** Whether a file (path relative to the root, `/`-separated) is needed. */
  include(path: string): boolean;
  /** Files larger than this are skipped with a reason; default 10 MiB. */
  maxFileBytes?: number;
  /** Reading stops, with a reason, past this many bytes; default 64 MiB. */
  maxTotalBytes?: number;
  /** Reading stops, with a reason, past this many files; default 5,000. */
  maxFiles?: number;
  signal?: AbortSignal;
  /**
   * The etag of the revision read last time (remote reads only): an
   * unchanged repository then throws NotModifiedError (`@backstage/errors`)
   * after one conditional request, with nothing downloaded or parsed.
   */
  etag?: string;
}

const DEFAULT_LIMITS = {
  maxFileBytes: 10 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxFiles: 5_000,
};

/** Directories never worth walking: dependencies, VCS data and build output. */
const SKIPPED_DIRECTORIES = new Set([
  '.git',
  'node_modules',
  'target',
  'dist',
  'build',
  'vendor',
  '.venv',
  '__pycache__',
  '.yarn',
]);

/**
 * A local path outside the allowed roots, or one that escapes through a
 * symbolic link.
 *
 * @public
 */
export class RepositoryAccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RepositoryAccessError';
  }
}

/**
 * Resolves a local directory and checks that it, after following symbolic
 * links, lies under one of the allowed roots.
 *
 * @public
 */
export async function resolveAllowedDirectory(
  directory: string,
  allowedRoots: readonly string[],
): Promise<string> {
  if (allowedRoots.length === 0) {
    throw new RepositoryAccessError(
      `reading local directories is not allowed (no allowed roots configured): ${directory}`,
    );
  }
  const requested = resolve(directory);
  const roots: Array<{ given: string; real?: string }> = [];
  for (const root of allowedRoots) {
    const given = resolve(root);
    roots.push({ given, real: await realpath(given).catch(() => undefined) });
  }
  // Checked on the path as written first, so a path outside every root is
  // refused the same way whether or not it exists (nothing about it leaks).
  if (
    !roots.some(
      root =>
        isWithin(root.given, requested) ||
        (root.real && isWithin(root.real, requested)),
    )
  ) {
    throw new RepositoryAccessError(
      `${directory} is outside the allowed local roots`,
    );
  }
  let real: string;
  try {
    real = await realpath(requested);
  } catch (error) {
    throw new RepositoryAccessError(
      `${directory} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  // Checked again after following symbolic links, which may lead outside.
  if (roots.some(root => root.real && isWithin(root.real, real))) {
    return real;
  }
  throw new RepositoryAccessError(
    `${directory} is outside the allowed local roots`,
  );
}

class Budget {
  files = 0;
  bytes = 0;
  stopped?: string;

  constructor(private readonly limits: typeof DEFAULT_LIMITS) {}

  /** Whether a file of this size fits; records why not otherwise. */
  admit(path: string, size: number, skipped: RepositorySnapshot['skipped']) {
    const refused =
      size > this.limits.maxFileBytes && !this.stopped
        ? `${size} bytes, over the ${this.limits.maxFileBytes} byte limit per file`
        : this.reserve(size);
    if (refused !== undefined) {
      skipped.push({ path, reason: refused });
    }
    return refused === undefined;
  }

  /** Counts a file against the totals, or says why reading has stopped. */
  reserve(size: number): string | undefined {
    if (!this.stopped && this.files + 1 > this.limits.maxFiles) {
      this.stopped = `more than ${this.limits.maxFiles} files matched; the rest were not read`;
    } else if (!this.stopped && this.bytes + size > this.limits.maxTotalBytes) {
      this.stopped = `more than ${this.limits.maxTotalBytes} bytes matched; the rest were not read`;
    }
    if (this.stopped) {
      return this.stopped;
    }
    this.files += 1;
    this.bytes += size;
    return undefined;
  }
}

/**
 * Reads the wanted files of a local directory that lies under an allowed
 * root. A symbolic link is followed only to a file inside the directory;
 * links out of it, FIFOs, sockets and devices are listed as skipped with the
 * reason (a lockfile seen but not read keeps its checks unknown), never read
 * (see {@link readRegularFile}).
 *
 * @public
 */
export async function readLocalRepository(
  directory: string,
  allowedRoots: readonly string[],
  options: RepositoryReadOptions,
): Promise<RepositorySnapshot> {
  const root = await resolveAllowedDirectory(directory, allowedRoots);
  const limits = { ...DEFAULT_LIMITS, ...definedLimits(options) };
  const budget = new Budget(limits);
  const snapshot: RepositorySnapshot = {
    location: root,
    files: new Map(),
    skipped: [],
  };

  const walk = async (dir: string): Promise<void> => {
    options.signal?.throwIfAborted();
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      snapshot.skipped.push({
        path: toRelative(root, dir) || '.',
        reason: `directory could not be listed: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      });
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) {
          await walk(full);
        }
        continue;
      }
      const path = toRelative(root, full);
      if (!options.include(path)) {
        continue;
      }
      // Links, FIFOs and devices too: what they are decides whether they
      // are read, and a wanted file not read is listed with the reason.
      const read = await readRegularFile(full, {
        root,
        maxBytes: limits.maxFileBytes,
        admit: size => budget.reserve(size),
      });
      if ('content' in read) {
        snapshot.files.set(path, read.content);
      } else {
        snapshot.skipped.push({ path, reason: read.reason });
      }
    }
  };
  await walk(root);
  return snapshot;
}

const EMPTY_IN_ARCHIVE =
  'empty in the repository archive, where a symbolic link, FIFO or device is empty too (the archive does not say which), so not read';

/**
 * Reads the wanted files of a repository through the UrlReaderService, so
 * whatever SCM integrations the adopter configured apply. The reader's
 * archive does not say which entries are symbolic links or FIFOs (a tar
 * gives both as empty files), so an empty lockfile is listed as not read,
 * with the reason, and its checks stay unknown; a link is never followed.
 * With `options.etag`, an unchanged repository throws NotModifiedError.
 *
 * @public
 */
export async function readRemoteRepository(
  urlReader: UrlReaderService,
  url: string,
  options: RepositoryReadOptions,
): Promise<RepositorySnapshot> {
  const limits = { ...DEFAULT_LIMITS, ...definedLimits(options) };
  const budget = new Budget(limits);
  const snapshot: RepositorySnapshot = {
    location: url,
    files: new Map(),
    skipped: [],
  };
  const tree = await urlReader.readTree(url, {
    signal: options.signal,
    ...(options.etag ? { etag: options.etag } : {}),
    filter: (path, info) => {
      if (path.split('/').some(part => SKIPPED_DIRECTORIES.has(part))) {
        return false;
      }
      return (
        options.include(path) &&
        budget.admit(path, info?.size ?? 0, snapshot.skipped)
      );
    },
  });
  for (const file of await tree.files()) {
    options.signal?.throwIfAborted();
    // Typed as a Buffer, but a tar reader gives an empty entry as `[]`.
    const raw: unknown = await file.content();
    const content = Buffer.isBuffer(raw)
      ? raw
      : Buffer.from(raw as Uint8Array | number[]);
    if (content.byteLength > limits.maxFileBytes) {
      // Some readers report no size to the filter; enforce it here too.
      snapshot.skipped.push({
        path: file.path,
        reason: `${content.byteLength} bytes, over the ${limits.maxFileBytes} byte limit per file`,
      });
      continue;
    }
    if (content.byteLength === 0 && isLockfile(file.path)) {
      // An archive gives a symbolic link, FIFO or device as an empty entry
      // and does not say which: a symlinked yarn.lock read as empty would
      // be a clean lockfile of no packages.
      snapshot.skipped.push({ path: file.path, reason: EMPTY_IN_ARCHIVE });
      continue;
    }
    snapshot.files.set(file.path, content.toString('utf8'));
  }
  if (tree.etag) {
    snapshot.etag = tree.etag;
  }
  return snapshot;
}

function definedLimits(options: RepositoryReadOptions) {
  const limits: Partial<typeof DEFAULT_LIMITS> = {};
  for (const key of ['maxFileBytes', 'maxTotalBytes', 'maxFiles'] as const) {
    if (options[key] !== undefined) {
      limits[key] = options[key];
    }
  }
  return limits;
}

function toRelative(root: string, path: string) {
  return relative(root, path).split(sep).join('/');
}
