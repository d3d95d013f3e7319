import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOpenedFile } from './readOpenedFile';

describe('readOpenedFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'readiness-opened-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function readWith(content: string, size: number, cap: number) {
    const path = join(dir, 'file');
    await writeFile(path, content);
    const handle = await open(path, 'r');
    try {
      return await readOpenedFile(handle, size, cap);
    } finally {
      await handle.close();
    }
  }

  it('reads a file of the size given', async () => {
    await expect(readWith('héllo', 6, 100)).resolves.toBe('héllo');
    await expect(readWith('', 0, 100)).resolves.toBe('');
  });

  it('refuses a file that grew past the size given', async () => {
    await expect(readWith('hello, world', 5, 100)).resolves.toBeUndefined();
  });

  it('refuses a file past the cap, whatever the size said', async () => {
    await expect(readWith('hello, world', 100, 5)).resolves.toBeUndefined();
  });

  it('reads a file that shrank to what is there', async () => {
    await expect(readWith('hi', 5, 100)).resolves.toBe('hi');
  });
});
