import { constants } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { readOpenedFile } from './readOpenedFile';

/**
 * What reading one file of a repository gave: its text, or why it was not
 * read (never its content: a message may be printed or stored).
 *
 * @public
 */
export type RegularFileRead =
  { content: string } | { reason: string; size?: number };

/**
 * Where a file may be read from and how much of it.
 *
 * @public
 */
export interface ReadRegularFileOptions {
  /** The repository's real path: a symbolic link is followed only within it. */
  root: string;
  /** A larger file is not read. */
  maxBytes: number;
  /**
   * Whether a file of this size may be read at all (a budget over many
   * files); when it answers with a reason, that is the result.
   */
  admit?(size: number): string | undefined;
}

/** @internal */
export function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

function kindOf(stats: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Reads one regular file of a repository, and only that: a symbolic link is
 * followed when it resolves inside `root`, never out of it; a FIFO, socket
 * or device is not read (opening does not block on a FIFO); and the file is
 * opened once, with `O_NOFOLLOW`, and checked on the opened descriptor, so a
 * file swapped for a link between the check and the read is refused rather
 * than read. At most `maxBytes` are read, whatever the size said.
 *
 * @public
 */
export async function readRegularFile(
  path: string,
  options: ReadRegularFileOptions,
): Promise<RegularFileRead> {
  let target = path;
  try {
    if ((await lstat(path)).isSymbolicLink()) {
      target = await realpath(path);
      if (!isWithin(options.root, target)) {
        return {
          reason: 'a symbolic link to outside the repository, not followed',
        };
      }
    }
  } catch (error) {
    return { reason: `could not be opened: ${errorCode(error)}` };
  }
  let handle;
  try {
    handle = await open(
      target,
      constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
    );
  } catch (error) {
    return errorCode(error) === 'ELOOP'
      ? { reason: 'became a symbolic link while being read, not followed' }
      : { reason: `could not be opened: ${errorCode(error)}` };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      return { reason: `${kindOf(stats)}, not a regular file` };
    }
    if (stats.size > options.maxBytes) {
      return {
        reason: `${stats.size} bytes, over the ${options.maxBytes} byte limit per file`,
        size: stats.size,
      };
    }
    const refused = options.admit?.(stats.size);
    if (refused !== undefined) {
      return { reason: refused, size: stats.size };
    }
    const content = await readOpenedFile(handle, stats.size, options.maxBytes);
    return content === undefined
      ? { reason: 'changed while being read' }
      : { content };
  } catch (error) {
    return { reason: `could not be read: ${errorCode(error)}` };
  } finally {
    await handle.close();
  }
}
