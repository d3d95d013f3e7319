import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TooLargeError } from '../http';
import { createZipArchive } from '../testUtils';
import { DirectoryAdvisorySource } from './DirectoryAdvisorySource';
import { type AdvisoryArchiveEntry, readZipArchive } from './zipArchive';
import type { AdvisoryProblem } from './types';

function goRecord(id: string, name: string, fixed: string, modified: string) {
  return JSON.stringify({
    id,
    modified,
    affected: [
      {
        package: { ecosystem: 'Go', name },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }],
      },
    ],
  });
}

async function collect(iterable: AsyncIterable<AdvisoryArchiveEntry>) {
  const entries: AdvisoryArchiveEntry[] = [];
  for await (const entry of iterable) entries.push(entry);
  return entries;
}

describe('advisory archives', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'readiness-zip-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the .json entries of a zip in place, and only those', async () => {
    const path = join(dir, 'all.zip');
    await writeFile(
      path,
      createZipArchive([
        { name: 'GO-2021-0113.json', content: '{"id":"GO-2021-0113"}' },
        { name: 'README.txt', content: 'not a record' },
        { name: 'nested/', content: '' },
      ]),
    );
    expect(await collect(readZipArchive(path, 1024))).toEqual([
      { name: 'GO-2021-0113.json', text: '{"id":"GO-2021-0113"}' },
    ]);
    // Nothing was unpacked beside the archive.
    expect(await readdir(dir)).toEqual(['all.zip']);
  });

  it('refuses an entry larger than the cap without inflating it, by its declared size or by what it inflates to', async () => {
    const path = join(dir, 'all.zip');
    const big = 'x'.repeat(5000);
    await writeFile(
      path,
      createZipArchive([
        { name: 'big.json', content: big },
        // Declares 10 bytes but inflates to 5,000: a zip bomb in miniature.
        { name: 'liar.json', content: big, declaredSize: 10 },
        { name: 'small.json', content: '{}' },
      ]),
    );
    const entries = await collect(readZipArchive(path, 1024));
    expect(entries.map(e => e.name)).toEqual([
      'big.json',
      'liar.json',
      'small.json',
    ]);
    expect((entries[0] as { error: Error }).error).toBeInstanceOf(
      TooLargeError,
    );
    expect((entries[1] as { error: Error }).error).toBeInstanceOf(Error);
    expect(entries[2]).toEqual({ name: 'small.json', text: '{}' });
  });

  it('throws on a file that is not a zip', async () => {
    const path = join(dir, 'all.zip');
    await writeFile(path, 'not a zip at all');
    await expect(collect(readZipArchive(path, 1024))).rejects.toThrow();
  });

  describe('in OSV offline layout (<Ecosystem>/all.zip)', () => {
    it('indexes the records of each archive, counts them per ecosystem and dates the newest', async () => {
      await mkdir(join(dir, 'Go'));
      await writeFile(
        join(dir, 'Go', 'all.zip'),
        createZipArchive([
          {
            name: 'GO-2021-0113.json',
            content: goRecord(
              'GO-2021-0113',
              'golang.org/x/text',
              '0.3.7',
              '2024-05-01T00:00:00Z',
            ),
          },
          {
            name: 'GO-2020-0008.json',
            content: goRecord(
              'GO-2020-0008',
              'github.com/miekg/dns',
              '1.1.25',
              '2024-06-01T00:00:00Z',
            ),
          },
        ]),
      );
      const source = new DirectoryAdvisorySource({
        directory: dir,
        maxAgeDays: 30,
        now: () => new Date('2024-06-10T00:00:00Z'),
      });
      const result = await source.findAdvisories([
        { ecosystem: 'Go', name: 'golang.org/x/text', version: 'v0.3.6' },
        { ecosystem: 'Go', name: 'golang.org/x/text', version: 'v0.3.7' },
      ]);
      expect([...result.values()].map(r => r.map(v => v.id))).toEqual([
        ['GO-2021-0113'],
        [],
      ]);
      expect(await source.coverage()).toEqual({
        kind: 'directory',
        location: dir,
        ecosystems: [
          {
            ecosystem: 'Go',
            records: 2,
            newestModified: '2024-06-01T00:00:00.000Z',
          },
        ],
        newestModified: '2024-06-01T00:00:00.000Z',
        maxAgeDays: 30,
      });
    });

    it('applies the file cap to each entry and reports an oversized one as unread on every lookup', async () => {
      await mkdir(join(dir, 'Go'));
      await writeFile(
        join(dir, 'Go', 'all.zip'),
        createZipArchive([{ name: 'GO-huge.json', content: ' '.repeat(8192) }]),
      );
      const source = new DirectoryAdvisorySource({
        directory: dir,
        maxFileBytes: 4096,
      });
      const problems: AdvisoryProblem[] = [];
      await source.findAdvisories(
        [{ ecosystem: 'Go', name: 'example.com/m', version: 'v1.0.0' }],
        { onProblem: p => problems.push(p) },
      );
      expect(problems).toEqual([
        {
          kind: 'unread-record',
          file: 'Go/all.zip:GO-huge.json',
          reason: 'is larger than 4096 bytes and was not read',
        },
      ]);
    });

    it('reports a corrupt archive as unread, and its ecosystem as present with no records', async () => {
      await mkdir(join(dir, 'Go'));
      await writeFile(join(dir, 'Go', 'all.zip'), 'PK but not really');
      const source = new DirectoryAdvisorySource({ directory: dir });
      const index = await source.load();
      expect(index.problems).toEqual([
        {
          kind: 'unread-record',
          file: 'Go/all.zip',
          reason: expect.stringMatching(/^cannot be read as a zip archive: /),
        },
      ]);
      expect(index.ecosystems).toEqual([{ ecosystem: 'Go', records: 0 }]);
    });

    it('does not believe a record modified after the load time', async () => {
      await mkdir(join(dir, 'Go'));
      await writeFile(
        join(dir, 'Go', 'GO-1.json'),
        goRecord('GO-1', 'example.com/m', '1.0.0', '2999-01-01T00:00:00Z'),
      );
      const source = new DirectoryAdvisorySource({
        directory: dir,
        now: () => new Date('2024-06-10T00:00:00Z'),
      });
      expect((await source.coverage()).newestModified).toBeUndefined();
    });
  });
});
