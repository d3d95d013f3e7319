/*
 * A gzipped tar of a directory, as GitHub's tarball endpoint serves it (every
 * entry under one top-level folder). A writer of regular files only: the
 * generated repositories hold nothing else, and their paths fit ustar's 100
 * characters, so no library is needed for it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const BLOCK = 512;

function header(path: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  const field = (offset: number, length: number, value: string) =>
    block.write(value, offset, length, 'ascii');
  const octal = (value: number, length: number) =>
    `${value.toString(8).padStart(length - 1, '0')}\0`;
  if (Buffer.byteLength(path) > 100) {
    throw new Error(`${path}: longer than a ustar name`);
  }
  field(0, 100, path);
  field(100, 8, octal(0o644, 8));
  field(108, 8, octal(0, 8));
  field(116, 8, octal(0, 8));
  field(124, 12, octal(size, 12));
  field(136, 12, octal(0, 12));
  field(148, 8, ' '.repeat(8));
  field(156, 1, '0');
  field(257, 8, 'ustar\u000000');
  let sum = 0;
  for (const byte of block) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

/** The files under `directory`, each as `<prefix>/<relative path>`. */
export async function tarballOf(
  directory: string,
  prefix: string,
): Promise<Buffer> {
  const entries = await readdir(directory, {
    recursive: true,
    withFileTypes: true,
  });
  const parts: Buffer[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath ?? entry.path, entry.name);
    const path = relative(directory, full).split(sep).join('/');
    const content = await readFile(full);
    parts.push(header(`${prefix}/${path}`, content.byteLength), content);
    const padding = (BLOCK - (content.byteLength % BLOCK)) % BLOCK;
    if (padding) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return promisify(gzip)(Buffer.concat(parts), { level: 1 });
}
