import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { TooLargeError } from '../http';
import {
  createNodeAdvisoryFileReader,
  DirectoryAdvisorySource,
  type AdvisoryFileReader,
} from './DirectoryAdvisorySource';
import { toFindings } from './findings';
import { packageKey } from './packageKey';
import type { AdvisoryProblem, PackageQuery } from './types';

const EXAMPLES = resolve(__dirname, '../../../../examples');
const ADVISORIES = join(EXAMPLES, 'advisories');

/** A reader over in-memory files, keyed by path relative to `dir`. */
function memoryReader(
  dir: string,
  files: Record<string, string>,
): AdvisoryFileReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async listFiles(listed) {
      expect(listed).toBe(dir);
      return Object.keys(files);
    },
    async readFile(path) {
      reads.push(path);
      const relative = path.slice(dir.length + 1);
      if (!(relative in files)) {
        throw new Error(`ENOENT: ${path}`);
      }
      return files[relative];
    },
  };
}

function osvRecord(
  id: string,
  ecosystem: string,
  name: string,
  events: Array<Record<string, string>>,
  extra: Record<string, unknown> = {},
) {
  return JSON.stringify({
    id,
    modified: '2024-01-01T00:00:00Z',
    affected: [
      {
        package: { ecosystem, name },
        ranges: [
          { type: ecosystem === 'crates.io' ? 'SEMVER' : 'ECOSYSTEM', events },
        ],
      },
    ],
    ...extra,
  });
}

const crate = (name: string, version: string): PackageQuery => ({
  ecosystem: 'crates.io',
  name,
  version,
});

describe('DirectoryAdvisorySource', () => {
  describe('over in-memory files', () => {
    const files = {
      'crates.io/RUSTSEC-0000-0001.json': osvRecord(
        'RUSTSEC-0000-0001',
        'crates.io',
        'foo',
        [{ introduced: '0.0.0-0' }, { fixed: '1.2.0' }],
      ),
      'PyPI/PYSEC-0000-0002.json': osvRecord(
        'PYSEC-0000-0002',
        'PyPI',
        'Some_Lib',
        [{ introduced: '0' }, { fixed: '2.0' }],
      ),
      'GHSA-flat-flat-flat.json': osvRecord(
        'GHSA-flat-flat-flat',
        'npm',
        'flat',
        [{ introduced: '0' }, { fixed: '5.0.1' }],
      ),
      'npm/GHSA-gone-gone-gone.json': osvRecord(
        'GHSA-gone-gone-gone',
        'npm',
        'flat',
        [{ introduced: '0' }],
        { withdrawn: '2024-02-01T00:00:00Z' },
      ),
      'npm/broken.json': '{ "id": "GHSA-broken", ',
      'npm/not-osv.json': JSON.stringify({ hello: 'world' }),
      'npm/no-package.json': JSON.stringify({
        id: 'GHSA-nopkg',
        modified: 'x',
        affected: [{ ranges: [] }],
      }),
      'README.md': '# not a record',
      'a/b/too-deep.json': osvRecord('DEEP-1', 'npm', 'flat', [
        { introduced: '0' },
      ]),
    };

    it('indexes records by affected package and matches versions', async () => {
      const reader = memoryReader('/db', files);
      const problems: AdvisoryProblem[] = [];
      const source = new DirectoryAdvisorySource({
        directory: '/db',
        reader,
        onProblem: p => problems.push(p),
      });
      const packages = [
        crate('foo', '1.1.9'),
        crate('foo', '1.2.0'),
        { ecosystem: 'PyPI', name: 'some-lib', version: '1.5' },
        { ecosystem: 'npm', name: 'flat', version: '5.0.0' },
        { ecosystem: 'npm', name: 'flat', version: '5.0.0' },
        { ecosystem: 'npm', name: 'unknown-package', version: '1.0.0' },
      ];
      const result = await source.findAdvisories(packages);

      expect(result.size).toBe(5);
      const ids = (pkg: PackageQuery) =>
        result.get(packageKey(pkg))?.map(v => v.id);
      expect(ids(crate('foo', '1.1.9'))).toEqual(['RUSTSEC-0000-0001']);
      expect(ids(crate('foo', '1.2.0'))).toEqual([]);
      expect(
        ids({ ecosystem: 'PyPI', name: 'Some.Lib', version: '1.5' }),
      ).toEqual(['PYSEC-0000-0002']);
      // The withdrawn record is not indexed.
      expect(ids({ ecosystem: 'npm', name: 'flat', version: '5.0.0' })).toEqual(
        ['GHSA-flat-flat-flat'],
      );
      expect(
        ids({ ecosystem: 'npm', name: 'unknown-package', version: '1.0.0' }),
      ).toEqual([]);

      expect(reader.reads).not.toContain('/db/README.md');
      expect(reader.reads).not.toContain('/db/a/b/too-deep.json');
      expect(
        problems.map(p => p.kind === 'malformed-record' && p.file).sort(),
      ).toEqual(['npm/broken.json', 'npm/no-package.json', 'npm/not-osv.json']);
      expect(
        problems.find(
          p => p.kind === 'malformed-record' && p.file === 'npm/broken.json',
        ),
      ).toMatchObject({
        reason: expect.stringMatching(/not valid JSON/),
      });
      const dated = { newestModified: '2024-01-01T00:00:00.000Z' };
      expect(await source.load()).toEqual({
        records: 3,
        withdrawn: 1,
        problems,
        // A withdrawn record still shows its ecosystem is tracked.
        ecosystems: [
          { ecosystem: 'crates.io', records: 1, ...dated },
          { ecosystem: 'npm', records: 2, ...dated },
          { ecosystem: 'PyPI', records: 1, ...dated },
        ],
        ...dated,
      });
    });

    it('reads the directory once, and again on reload', async () => {
      const reader = memoryReader('/db', files);
      const source = new DirectoryAdvisorySource({ directory: '/db', reader });
      await source.findAdvisories([crate('foo', '1.0.0')]);
      await source.findAdvisories([crate('foo', '1.0.0')]);
      const readsAfterTwoLookups = reader.reads.length;
      expect(readsAfterTwoLookups).toBe(7);
      await source.reload();
      expect(reader.reads.length).toBe(14);
    });

    it('reports undecidable versions instead of calling them not affected', async () => {
      const problems: AdvisoryProblem[] = [];
      const source = new DirectoryAdvisorySource({
        directory: '/db',
        reader: memoryReader('/db', files),
      });
      const result = await source.findAdvisories(
        [
          { ecosystem: 'PyPI', name: 'some-lib', version: 'not-a-version!' },
          crate('foo', ''),
        ],
        { onProblem: p => problems.push(p) },
      );
      expect(
        result.get(
          packageKey({
            ecosystem: 'PyPI',
            name: 'some-lib',
            version: 'not-a-version!',
          }),
        ),
      ).toEqual([]);
      expect(problems).toEqual([
        {
          kind: 'undecidable-version',
          packageKey: packageKey({
            ecosystem: 'PyPI',
            name: 'some-lib',
            version: 'not-a-version!',
          }),
          ecosystem: 'PyPI',
          packageName: 'some-lib',
          version: 'not-a-version!',
          advisoryId: 'PYSEC-0000-0002',
          reason: expect.stringMatching(/cannot be parsed/),
        },
        {
          kind: 'invalid-query',
          packageKey: packageKey(crate('foo', '')),
          reason: expect.any(String),
        },
      ]);
    });

    it('keeps the newest copy of a record found twice', async () => {
      const older = osvRecord('GHSA-dup', 'npm', 'dup', [
        { introduced: '0' },
        { fixed: '1.0.0' },
      ]);
      const newer = JSON.stringify({
        ...JSON.parse(older),
        modified: '2025-01-01T00:00:00Z',
        summary: 'newer',
      });
      const source = new DirectoryAdvisorySource({
        directory: '/db',
        reader: memoryReader('/db', {
          'npm/GHSA-dup.json': newer,
          'GHSA-dup.json': older,
        }),
      });
      const result = await source.findAdvisories([
        { ecosystem: 'npm', name: 'dup', version: '0.1.0' },
      ]);
      expect([...result.values()][0].map(v => v.summary)).toEqual(['newer']);
    });

    it('rejects when the directory cannot be listed, and retries next time', async () => {
      let fail = true;
      const source = new DirectoryAdvisorySource({
        directory: '/db',
        reader: {
          async listFiles() {
            if (fail) {
              throw new Error('ENOENT: /db');
            }
            return [];
          },
          async readFile() {
            return '';
          },
        },
      });
      await expect(
        source.findAdvisories([crate('foo', '1.0.0')]),
      ).rejects.toThrow('ENOENT');
      fail = false;
      await expect(
        source.findAdvisories([crate('foo', '1.0.0')]),
      ).resolves.toBeInstanceOf(Map);
    });

    it('honours an aborted signal', async () => {
      const source = new DirectoryAdvisorySource({
        directory: '/db',
        reader: memoryReader('/db', files),
      });
      await expect(
        source.findAdvisories([crate('foo', '1.0.0')], {
          signal: AbortSignal.abort(new Error('stop')),
        }),
      ).rejects.toThrow('stop');
    });

    it('never throws on malformed records (property)', async () => {
      const jsonish = fc.oneof(
        fc.string(),
        fc.json(),
        fc.anything().map(v => {
          try {
            return JSON.stringify(v) ?? 'null';
          } catch {
            return 'null';
          }
        }),
        // Records that look like OSV but have random parts.
        fc
          .record(
            {
              id: fc.oneof(fc.string(), fc.constant('OSV-1'), fc.integer()),
              modified: fc.oneof(fc.string(), fc.integer()),
              withdrawn: fc.oneof(fc.string(), fc.boolean()),
              aliases: fc.anything(),
              affected: fc.oneof(
                fc.anything(),
                fc.array(
                  fc.record(
                    {
                      package: fc.oneof(
                        fc.anything(),
                        fc.record({
                          ecosystem: fc.constantFrom(
                            'npm',
                            'PyPI',
                            'crates.io',
                            'Go',
                            'RubyGems',
                            'Packagist',
                            'Maven',
                            '',
                          ),
                          name: fc.constantFrom('x', 'X', ''),
                        }),
                      ),
                      versions: fc.oneof(fc.anything(), fc.array(fc.string())),
                      ranges: fc.oneof(
                        fc.anything(),
                        fc.array(
                          fc.record(
                            {
                              type: fc.oneof(
                                fc.constantFrom('SEMVER', 'ECOSYSTEM', 'GIT'),
                                fc.anything(),
                              ),
                              events: fc.oneof(
                                fc.anything(),
                                fc.array(
                                  fc.oneof(
                                    fc.anything(),
                                    fc.dictionary(
                                      fc.constantFrom(
                                        'introduced',
                                        'fixed',
                                        'last_affected',
                                        'limit',
                                        'other',
                                      ),
                                      fc.oneof(
                                        fc.constantFrom(
                                          '0',
                                          '1.0.0',
                                          '0.0.0-0',
                                          '2.0',
                                          'v1.2.3',
                                          '*',
                                          '1.0.0-beta',
                                        ),
                                        fc.anything(),
                                      ),
                                    ),
                                  ),
                                ),
                              ),
                            },
                            { requiredKeys: [] },
                          ),
                        ),
                      ),
                      database_specific: fc.anything(),
                    },
                    { requiredKeys: [] },
                  ),
                ),
              ),
              severity: fc.anything(),
              summary: fc.anything(),
              details: fc.anything(),
              database_specific: fc.anything(),
            },
            { requiredKeys: [] },
          )
          .map(r => JSON.stringify(r)),
      );
      const version = fc.oneof(
        fc.constantFrom(
          '1.0.0',
          '0.5',
          'v1.2.3',
          '2.0rc1',
          '1.0.0.pre',
          'garbage',
          '0',
        ),
        fc.string({ minLength: 1 }),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(jsonish, { maxLength: 6 }),
          fc.array(
            fc.record({
              ecosystem: fc.constantFrom(
                'npm',
                'PyPI',
                'crates.io',
                'Go',
                'RubyGems',
                'Packagist',
                'Maven',
              ),
              name: fc.constantFrom('x', 'X'),
              version,
            }),
            { maxLength: 4 },
          ),
          async (texts, packages) => {
            const generated = Object.fromEntries(
              texts.map((t, i) => [`npm/R-${i}.json`, t]),
            );
            const problems: AdvisoryProblem[] = [];
            const source = new DirectoryAdvisorySource({
              directory: '/db',
              reader: memoryReader('/db', generated),
              onProblem: p => problems.push(p),
            });
            const result = await source.findAdvisories(packages, {
              onProblem: p => problems.push(p),
            });
            // Every skipped file is reported, never silently dropped.
            const reported = problems.map(p =>
              p.kind === 'malformed-record' ? p.file : '',
            );
            const malformed = texts
              .map((text, i) => (looksLikeOsv(text) ? '' : `npm/R-${i}.json`))
              .filter(Boolean);
            expect(reported).toEqual(expect.arrayContaining(malformed));
            for (const [key, vulns] of result) {
              const [ecosystem, name, v] = JSON.parse(key);
              // Mapping to findings must not throw either.
              toFindings({ ecosystem, name, version: v }, vulns);
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  describe('over a temporary directory', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'advisories-'));
      await mkdir(join(dir, 'npm'));
      await writeFile(
        join(dir, 'npm', 'GHSA-small.json'),
        osvRecord('GHSA-small', 'npm', 'flat', [{ introduced: '0' }]),
      );
      // Valid JSON, just too large: a record that might affect anything.
      await writeFile(
        join(dir, 'npm', 'GHSA-huge.json'),
        osvRecord('GHSA-huge', 'npm', 'other', [{ introduced: '0' }], {
          details: 'é'.repeat(3000),
        }),
      );
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    it('does not read a file over maxFileBytes, and reports it as unread on load and on every lookup', async () => {
      const loaded: AdvisoryProblem[] = [];
      const source = new DirectoryAdvisorySource({
        directory: dir,
        maxFileBytes: 4096,
        onProblem: p => loaded.push(p),
      });
      const unread: AdvisoryProblem = {
        kind: 'unread-record',
        file: 'npm/GHSA-huge.json',
        reason: 'is larger than 4096 bytes and was not read',
      };
      expect(await source.load()).toMatchObject({
        records: 1,
        withdrawn: 0,
        problems: [unread],
      });
      expect(loaded).toEqual([unread]);
      for (let lookup = 0; lookup < 2; lookup++) {
        const problems: AdvisoryProblem[] = [];
        const result = await source.findAdvisories(
          [{ ecosystem: 'npm', name: 'flat', version: '1.0.0' }],
          { onProblem: p => problems.push(p) },
        );
        expect([...result.values()].flat().map(r => r.id)).toEqual([
          'GHSA-small',
        ]);
        expect(problems).toEqual([unread]);
      }
    });

    it('counts bytes, not characters, and refuses a file before reading it', async () => {
      const reader = createNodeAdvisoryFileReader();
      const path = join(dir, 'npm', 'GHSA-huge.json');
      const { size } = await stat(path);
      // 'é' is two bytes: the text is shorter than the file in characters.
      expect((await reader.readFile(path)).length).toBeLessThan(size);
      await expect(reader.readFile(path, size - 1)).rejects.toBeInstanceOf(
        TooLargeError,
      );
      await expect(reader.readFile(path, size)).resolves.toContain('GHSA-huge');
    });

    it('allocates for the file, not for the cap', async () => {
      const reader = createNodeAdvisoryFileReader();
      const path = join(dir, 'npm', 'GHSA-huge.json');
      const { size } = await stat(path);
      const alloc = jest.spyOn(Buffer, 'alloc');
      try {
        await reader.readFile(path, 4 * 1024 * 1024);
        expect(alloc.mock.calls.map(([bytes]) => bytes)).toEqual([size + 1]);
      } finally {
        alloc.mockRestore();
      }
    });
  });

  describe('over the examples/advisories directory', () => {
    const source = new DirectoryAdvisorySource({ directory: ADVISORIES });

    it('loads every record without problems', async () => {
      const index = await source.load();
      expect(index.problems).toEqual([]);
      expect(index.records).toBe(9);
      expect(index.ecosystems.map(e => `${e.ecosystem} ${e.records}`)).toEqual([
        'crates.io 4',
        'Go 1',
        'npm 3',
        'PyPI 1',
      ]);
    });

    it('finds the seed case', async () => {
      const packages = [
        crate('rsa', '0.9.8'),
        crate('sqlx', '0.7.2'),
        crate('sqlx', '0.8.1'),
        crate('yaml-rust', '0.4.5'),
        crate('paste', '1.0.15'),
        crate('serde', '1.0.193'),
      ];
      const problems: AdvisoryProblem[] = [];
      const result = await source.findAdvisories(packages, {
        onProblem: p => problems.push(p),
      });
      expect(problems).toEqual([]);
      const findings = packages.map(p =>
        toFindings(p, result.get(packageKey(p))!),
      );

      const [rsa, sqlx, sqlxFixed, yaml, paste, serde] = findings;
      expect(rsa.vulnerabilities).toEqual([
        {
          advisoryId: 'RUSTSEC-2023-0071',
          aliases: [
            'CVE-2023-49092',
            'GHSA-4grx-2x9w-596c',
            'GHSA-c38w-74pg-36hr',
          ],
          ecosystem: 'crates.io',
          packageName: 'rsa',
          version: '0.9.8',
          severity: 'medium',
          cvssScore: 5.9,
          summary:
            'Marvin Attack: potential key recovery through timing sidechannels',
          fixedVersions: [],
          link: 'https://osv.dev/vulnerability/RUSTSEC-2023-0071',
        },
      ]);
      expect(sqlx.vulnerabilities).toEqual([
        expect.objectContaining({
          advisoryId: 'RUSTSEC-2024-0363',
          severity: 'unknown',
          fixedVersions: ['0.8.1'],
          link: 'https://osv.dev/vulnerability/RUSTSEC-2024-0363',
        }),
      ]);
      expect(sqlx.vulnerabilities[0].cvssScore).toBeUndefined();
      expect(sqlxFixed).toEqual({ vulnerabilities: [], dependencyHealth: [] });
      expect(yaml).toEqual({
        vulnerabilities: [],
        dependencyHealth: [
          {
            ecosystem: 'crates.io',
            packageName: 'yaml-rust',
            version: '0.4.5',
            kind: 'unmaintained',
            advisoryId: 'RUSTSEC-2024-0320',
            summary: 'yaml-rust is unmaintained.',
            link: 'https://osv.dev/vulnerability/RUSTSEC-2024-0320',
          },
        ],
      });
      expect(paste.vulnerabilities).toEqual([]);
      expect(paste.dependencyHealth).toEqual([
        expect.objectContaining({
          kind: 'unmaintained',
          advisoryId: 'RUSTSEC-2024-0436',
        }),
      ]);
      expect(serde).toEqual({ vulnerabilities: [], dependencyHealth: [] });
    });

    it('scans the whole claude-flow Cargo.lock to exactly the seed findings', async () => {
      const lock = readFileSync(
        join(EXAMPLES, 'claude-flow/Cargo.lock'),
        'utf8',
      );
      const packages = [
        ...lock.matchAll(
          /\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"/g,
        ),
      ].map(m => crate(m[1], m[2]));
      expect(packages.length).toBeGreaterThan(30);
      const problems: AdvisoryProblem[] = [];
      const result = await source.findAdvisories(packages, {
        onProblem: p => problems.push(p),
      });
      expect(problems).toEqual([]);
      const all = packages.map(p => toFindings(p, result.get(packageKey(p))!));
      expect(
        all.flatMap(f =>
          f.vulnerabilities.map(
            v => `${v.packageName} ${v.version} ${v.advisoryId}`,
          ),
        ),
      ).toEqual([
        'rsa 0.9.8 RUSTSEC-2023-0071',
        'sqlx 0.7.2 RUSTSEC-2024-0363',
      ]);
      expect(
        all
          .flatMap(f =>
            f.dependencyHealth.map(d => `${d.packageName} ${d.kind}`),
          )
          .sort(),
      ).toEqual(['paste unmaintained', 'yaml-rust unmaintained']);
    });

    it('finds nothing in the healthy npm and PyPI examples, but flags old versions', async () => {
      const packages: PackageQuery[] = [
        { ecosystem: 'npm', name: 'semver', version: '7.6.3' },
        { ecosystem: 'npm', name: 'yaml', version: '2.6.1' },
        { ecosystem: 'npm', name: 'zod', version: '3.23.8' },
        { ecosystem: 'PyPI', name: 'pydantic', version: '2.9.2' },
        { ecosystem: 'PyPI', name: 'SQLAlchemy', version: '2.0.36' },
      ];
      const result = await source.findAdvisories(packages);
      expect([...result.values()].every(v => v.length === 0)).toBe(true);

      const old: PackageQuery[] = [
        { ecosystem: 'npm', name: 'lodash', version: '4.17.15' },
        { ecosystem: 'npm', name: 'semver', version: '7.3.8' },
        { ecosystem: 'PyPI', name: 'Pydantic', version: '1.10.2' },
      ];
      const oldResult = await source.findAdvisories(old);
      const [lodash, semver, pydantic] = old.map(p =>
        toFindings(p, oldResult.get(packageKey(p))!),
      );
      expect(
        lodash.vulnerabilities.map(v => [
          v.advisoryId,
          v.severity,
          v.cvssScore,
          v.fixedVersions,
        ]),
      ).toEqual([
        ['GHSA-p6mc-m468-83gw', 'high', 7.4, ['4.17.19']],
        ['GHSA-35jh-r3h4-6jhm', 'high', 7.2, ['4.17.21']],
      ]);
      expect(
        semver.vulnerabilities.map(v => [v.advisoryId, v.fixedVersions]),
      ).toEqual([['GHSA-c2qf-rxjj-qqgw', ['7.5.2']]]);
      expect(
        pydantic.vulnerabilities.map(v => [
          v.advisoryId,
          v.severity,
          v.fixedVersions,
        ]),
      ).toEqual([['GHSA-mr82-8j83-vxmv', 'medium', ['1.10.13']]]);
    });
  });
});

function looksLikeOsv(text: string): boolean {
  try {
    const value = JSON.parse(text);
    return (
      typeof value === 'object' &&
      value !== null &&
      typeof value.id === 'string' &&
      value.id.trim() !== '' &&
      Array.isArray(value.affected)
    );
  } catch {
    return false;
  }
}
