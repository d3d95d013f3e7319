import type { FileHandle } from 'node:fs/promises';

/**
 * Reads an opened file to the size its `fstat` gave, and at most `cap`
 * bytes: the buffer is sized to the file, not the cap, and one byte more is
 * asked for to tell a file that grew since, which gives `undefined` (refused,
 * never read in part).
 *
 * @internal
 */
export async function readOpenedFile(
  handle: FileHandle,
  size: number,
  cap: number,
): Promise<string | undefined> {
  const expected = Math.min(size, cap);
  const buffer = Buffer.alloc(expected + 1);
  let length = 0;
  while (length < buffer.length) {
    const { bytesRead } = await handle.read(
      buffer,
      length,
      buffer.length - length,
      length,
    );
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return length > expected ? undefined : buffer.toString('utf8', 0, length);
}
