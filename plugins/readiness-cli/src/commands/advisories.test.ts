import { createZipArchive } from '@readiness/plugin-readiness-node/testUtils';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run, type CliIo } from '../program';

const examples = resolve(__dirname, '../../../../examples');
const now = new Date('2026-11-24T12:00:00Z');

const goArchive = createZipArchive([
  {
    name: 'GO-2021-0113.json',
    content: JSON.stringify({
      id: 'GO-2021-0113',
      modified: '2026-11-23T08:00:00Z',
      affected: [
        {
          package: { ecosystem: 'Go', name: 'golang.org/x/text' },
          ranges: [
            {
              type: 'SEMVER',
              events: [{ introduced: '0' }, { fixed: '0.3.7' }],
            },
          ],
        },
      ],
    }),
  },
]);

describe('readiness advisories download', () => {
  let dir: string;
  let out: string;
  let err: string;
  let io: CliIo;
  let server: Server;
  let baseUrl: string;
  const requests: string[] = [];

  beforeAll(async () => {
    // A local stand-in for OSV's bucket: never the internet.
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/osv/Go/all.zip') {
        res.writeHead(200, {
          'content-type': 'application/zip',
          'content-length': goArchive.length,
        });
        res.end(goArchive);
      } else if (req.url === '/osv/npm/all.zip') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>not an archive</html>');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/osv`;
  });
  afterAll(async () => {
    await new Promise(done => server.close(done));
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'readiness-download-'));
    out = '';
    err = '';
    requests.length = 0;
    io = {
      stdout: text => {
        out += text;
      },
      stderr: text => {
        err += text;
      },
      cwd: dir,
      env: {},
      now: () => now,
      fetch: (...args) => fetch(...args),
    };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => run(['node', 'readiness', ...args], io);

  it('writes <Ecosystem>/all.zip with progress, and a scan reads it in place', async () => {
    expect(
      await cli(
        'advisories',
        'download',
        'Go',
        '--dir',
        'osv',
        '--base-url',
        baseUrl,
      ),
    ).toBe(0);
    expect(requests).toEqual(['/osv/Go/all.zip']);
    expect(await readdir(join(dir, 'osv', 'Go'))).toEqual(['all.zip']);
    expect(await readFile(join(dir, 'osv', 'Go', 'all.zip'))).toEqual(
      goArchive,
    );
    expect(err).toContain('downloading Go/all.zip\n');
    expect(err).toMatch(/ {2}Go\/all\.zip: 0\.0 MiB of 0\.0 MiB \(100%\)\n/);
    expect(err).toContain('Go/all.zip: 0.0 MiB, 1 records\n');

    expect(
      await cli(
        'scan',
        join(examples, 'inventory-api'),
        '--advisories',
        join(dir, 'osv'),
      ),
    ).toBe(0);
    expect(out).toContain(
      `Advisories: directory ${join(dir, 'osv')}; Go 1 record; newest 2026-11-23 (max age 7 days)\n`,
    );
    expect(out).toMatch(
      /PASS {4}security\.vulnerabilities: no known vulnerabilities in 2 locked packages/,
    );
  });

  it('fails naming the ecosystem on an error answer or a body that is not a zip, keeping the archive it had', async () => {
    await mkdir(join(dir, 'osv', 'npm'), { recursive: true });
    await writeFile(join(dir, 'osv', 'npm', 'all.zip'), goArchive);
    expect(
      await cli(
        'advisories',
        'download',
        'npm',
        'Nope',
        '--dir',
        'osv',
        '--base-url',
        baseUrl,
      ),
    ).toBe(2);
    expect(err).toContain(
      'readiness: npm/all.zip is not a readable zip archive',
    );
    expect(err).toContain(
      `readiness: Nope/all.zip: ${baseUrl}/Nope/all.zip answered 404`,
    );
    expect(err).toContain('readiness: not downloaded: npm, Nope');
    expect(await readFile(join(dir, 'osv', 'npm', 'all.zip'))).toEqual(
      goArchive,
    );
    expect(await readdir(join(dir, 'osv', 'npm'))).toEqual(['all.zip']);
  });

  it('refuses an archive over --max-bytes and an ecosystem name that is a path', async () => {
    expect(
      await cli(
        'advisories',
        'download',
        'Go',
        '--dir',
        'osv',
        '--base-url',
        baseUrl,
        '--max-bytes',
        '10',
      ),
    ).toBe(2);
    expect(err).toContain(`more than --max-bytes 10`);
    expect(await readdir(join(dir, 'osv', 'Go')).catch(() => [])).toEqual([]);

    expect(
      await cli(
        'advisories',
        'download',
        '../etc',
        '--dir',
        'osv',
        '--base-url',
        baseUrl,
      ),
    ).toBe(2);
    expect(err).toContain('not an OSV ecosystem name: "../etc"');
    expect(requests).toEqual(['/osv/Go/all.zip']);
  });

  it('downloads the ecosystems Readiness reads lockfiles for by default', async () => {
    await cli('advisories', 'download', '--dir', 'osv', '--base-url', baseUrl);
    expect(requests.sort()).toEqual(
      [
        'Go',
        'npm',
        'Packagist',
        'PyPI',
        'RubyGems',
        'crates.io',
        'NuGet',
        'Maven',
        'Pub',
        'Hex',
        'SwiftURL',
      ]
        .map(e => `/osv/${e}/all.zip`)
        .sort(),
    );
  });
});

describe('readiness scan: advisory coverage', () => {
  let dir: string;
  let out: string;
  let io: CliIo;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'readiness-coverage-'));
    out = '';
    io = {
      stdout: text => {
        out += text;
      },
      stderr: () => {},
      cwd: dir,
      env: {},
      now: () => now,
      fetch: (...args) => fetch(...args),
    };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const cli = (...args: string[]) => run(['node', 'readiness', ...args], io);

  it('reports a Go module scanned against records without Go unknown, and says so in the JSON report', async () => {
    await cp(join(examples, 'advisories', 'npm'), join(dir, 'npm'), {
      recursive: true,
    });
    const args = [
      'scan',
      join(examples, 'inventory-api'),
      '--advisories',
      dir,
      '--max-age-days',
      '3650',
    ];
    await cli(...args);
    expect(out).toContain(
      `UNKNOWN security.vulnerabilities: no advisory records for Go in directory ${dir}`,
    );
    out = '';
    await cli(...args, '--format', 'json');
    expect(JSON.parse(out).advisorySources).toEqual([
      {
        kind: 'directory',
        location: dir,
        ecosystems: [
          {
            ecosystem: 'npm',
            records: 3,
            newestModified: '2024-08-08T16:23:00.000Z',
          },
        ],
        newestModified: '2024-08-08T16:23:00.000Z',
        maxAgeDays: 3650,
        uncovered: ['Go'],
      },
    ]);
  });

  it('finds a Hex advisory for a mix.lock package, by its Hex name and Hex order', async () => {
    const repo = join(dir, 'repo');
    await mkdir(join(dir, 'osv', 'Hex'), { recursive: true });
    await mkdir(repo);
    await cp(
      resolve(
        __dirname,
        '../../../readiness-node/src/lockfiles/__fixtures__/mix/mix.lock',
      ),
      join(repo, 'mix.lock'),
    );
    await writeFile(
      join(dir, 'osv', 'Hex', 'GHSA-test-plug.json'),
      JSON.stringify({
        id: 'GHSA-test-plug',
        modified: '2024-01-01T00:00:00Z',
        summary: 'Plug test advisory',
        affected: [
          {
            package: { ecosystem: 'Hex', name: 'plug' },
            ranges: [
              {
                type: 'ECOSYSTEM',
                events: [{ introduced: '1.8.0' }, { fixed: '1.8.10' }],
              },
            ],
          },
          {
            // Locked as poison_legacy in mix.lock, named poison in Hex.
            package: { ecosystem: 'Hex', name: 'poison' },
            ranges: [
              {
                type: 'ECOSYSTEM',
                events: [{ introduced: '0' }, { fixed: '2.2.1' }],
              },
            ],
          },
        ],
      }),
    );
    await cli(
      'scan',
      repo,
      '--advisories',
      join(dir, 'osv'),
      '--max-age-days',
      '3650',
      '--format',
      'json',
    );
    const report = JSON.parse(out);
    const check = report.checks.find(
      (c: { id: string }) => c.id === 'security.vulnerabilities',
    );
    expect(check.status).toBe('fail');
    const details = check.details.join('\n');
    // 1.8.3 is below 1.8.10 in SemVer, above it as text.
    expect(details).toMatch(/plug 1\.8\.3/);
    expect(details).toMatch(/poison 2\.2\.0/);
    expect(report.advisorySources[0].uncovered).toEqual([]);
  });

  it('makes the scan stale past --max-age-days (default 7), with the date', async () => {
    await cli(
      'scan',
      join(examples, 'inventory-api'),
      '--advisories',
      join(examples, 'advisories'),
    );
    expect(out).toMatch(
      /UNKNOWN security\.vulnerabilities: the advisory data in directory .* is stale: its newest record was modified on 2024-10-07, more than 7 days ago/,
    );
  });

  it('refuses a --max-age-days that is not a positive whole number', async () => {
    expect(
      await cli(
        'scan',
        join(examples, 'inventory-api'),
        '--advisories',
        dir,
        '--max-age-days',
        '0',
      ),
    ).toBe(2);
  });
});
