import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  readLocalRepository,
  readRemoteRepository,
  RepositoryAccessError,
} from './readRepository';
import type { UrlReaderService } from '@backstage/backend-plugin-api';

describe('readLocalRepository', () => {
  let base: string;
  let roots: string;
  let repo: string;
  let outside: string;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'readiness-repo-'));
    roots = join(base, 'allowed');
    repo = join(roots, 'repo');
    outside = join(base, 'secret');
    await mkdir(join(repo, 'src'), { recursive: true });
    await mkdir(join(repo, 'node_modules', 'left-pad'), { recursive: true });
    await mkdir(outside, { recursive: true });
    await writeFile(join(repo, 'README.md'), '# repo');
    await writeFile(join(repo, 'Cargo.lock'), 'version = 3');
    await writeFile(join(repo, 'src', 'main.rs'), '// TODO');
    await writeFile(join(repo, 'node_modules', 'left-pad', 'README.md'), 'x');
    await writeFile(join(outside, 'id_rsa'), 'PRIVATE KEY');
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  const all = { include: () => true };

  it('reads matching files under an allowed root, skipping dependency folders', async () => {
    const snapshot = await readLocalRepository(repo, [roots], {
      include: path => path !== 'src/main.rs',
    });
    expect([...snapshot.files.keys()]).toEqual(['Cargo.lock', 'README.md']);
    expect(snapshot.files.get('README.md')).toBe('# repo');
    expect(snapshot.skipped).toEqual([]);
  });

  it.each([
    ['a directory outside every root', () => outside],
    ['a path climbing out with ..', () => join(repo, '..', '..', 'secret')],
  ])('refuses %s', async (_what, dir) => {
    await expect(readLocalRepository(dir(), [roots], all)).rejects.toThrow(
      RepositoryAccessError,
    );
  });

  it('refuses a missing path outside the roots as outside, without saying whether it exists', async () => {
    await expect(
      readLocalRepository(join(outside, 'no-such-dir'), [roots], all),
    ).rejects.toThrow(/outside the allowed local roots/);
    await expect(
      readLocalRepository(join(roots, 'no-such-dir'), [roots], all),
    ).rejects.toThrow(/cannot be read: ENOENT/);
  });

  it('refuses everything when no roots are configured', async () => {
    await expect(readLocalRepository(repo, [], all)).rejects.toThrow(
      /no allowed roots/,
    );
  });

  it('refuses a symbolic link to a directory outside the roots', async () => {
    await symlink(outside, join(roots, 'escape'));
    await expect(
      readLocalRepository(join(roots, 'escape'), [roots], all),
    ).rejects.toThrow(/outside the allowed local roots/);
  });

  it('never follows a symbolic link out of the repository, and lists it as not read', async () => {
    await symlink(join(outside, 'id_rsa'), join(repo, 'key.txt'));
    await symlink(outside, join(repo, 'linked-dir'));
    const snapshot = await readLocalRepository(repo, [roots], all);
    expect([...snapshot.files.keys()].sort()).toEqual([
      'Cargo.lock',
      'README.md',
      'src/main.rs',
    ]);
    expect([...snapshot.files.values()].join()).not.toContain('PRIVATE KEY');
    expect(snapshot.skipped).toEqual([
      {
        path: 'key.txt',
        reason: 'a symbolic link to outside the repository, not followed',
      },
      {
        path: 'linked-dir',
        reason: 'a symbolic link to outside the repository, not followed',
      },
    ]);
  });

  it('reads a symbolic link to a file inside the repository (a lockfile kept in locks/)', async () => {
    await mkdir(join(repo, 'locks'));
    await writeFile(
      join(repo, 'locks', 'npm-lock.json'),
      '{"lockfileVersion":3}',
    );
    await symlink(
      join('locks', 'npm-lock.json'),
      join(repo, 'package-lock.json'),
    );
    const snapshot = await readLocalRepository(repo, [roots], all);
    expect(snapshot.files.get('package-lock.json')).toBe(
      '{"lockfileVersion":3}',
    );
    expect(snapshot.skipped).toEqual([]);
  });

  it('lists a FIFO as not read instead of hanging on it', async () => {
    execFileSync('mkfifo', [join(repo, 'yarn.lock')]);
    const snapshot = await readLocalRepository(repo, [roots], all);
    expect(snapshot.files.has('yarn.lock')).toBe(false);
    expect(snapshot.skipped).toEqual([
      { path: 'yarn.lock', reason: 'a FIFO, not a regular file' },
    ]);
  });

  it('skips files over the size limit and stops at the file limit, saying why', async () => {
    await writeFile(join(repo, 'big.lock'), 'x'.repeat(2000));
    const snapshot = await readLocalRepository(repo, [roots], {
      include: () => true,
      maxFileBytes: 1000,
      maxFiles: 2,
    });
    expect(snapshot.files.size).toBe(2);
    expect(snapshot.skipped).toEqual(
      expect.arrayContaining([
        {
          path: 'big.lock',
          reason: '2000 bytes, over the 1000 byte limit per file',
        },
        expect.objectContaining({
          reason: expect.stringContaining('more than 2 files'),
        }),
      ]),
    );
  });
});

describe('readRemoteRepository', () => {
  function reader(files: Record<string, string>): UrlReaderService {
    return {
      readUrl: jest.fn(),
      search: jest.fn(),
      async readTree(_url, options) {
        const kept = Object.entries(files).filter(([path, content]) =>
          options?.filter
            ? options.filter(path, { size: Buffer.byteLength(content) })
            : true,
        );
        return {
          etag: 'e',
          files: async () =>
            kept.map(([path, content]) => ({
              path,
              // As the tar reader gives an empty entry (concat-stream's
              // result when no chunk came): an empty array.
              content: async () =>
                content === ''
                  ? ([] as unknown as Buffer)
                  : Buffer.from(content),
            })),
          archive: jest.fn(),
          dir: jest.fn(),
        };
      },
    };
  }

  it('reads wanted files through the url reader, within limits', async () => {
    const snapshot = await readRemoteRepository(
      reader({
        'README.md': '# hi',
        'package-lock.json': '{}',
        'node_modules/x/package-lock.json': '{}',
        'huge.lock': 'y'.repeat(50),
      }),
      'https://github.com/acme/repo/tree/main',
      { include: path => path !== 'README.md', maxFileBytes: 10 },
    );
    expect([...snapshot.files.keys()]).toEqual(['package-lock.json']);
    expect(snapshot.skipped).toEqual([
      {
        path: 'huge.lock',
        reason: '50 bytes, over the 10 byte limit per file',
      },
    ]);
  });

  it('lists an empty lockfile as not read: an archive gives links and FIFOs so', async () => {
    // What a GitHub tarball gives through readTree for
    // `yarn.lock -> /etc/passwd`, `package-lock.json -> locks/npm-lock.json`
    // and a FIFO named Cargo.lock: entries of 0 bytes.
    const snapshot = await readRemoteRepository(
      reader({
        'yarn.lock': '',
        'package-lock.json': '',
        'Cargo.lock': '',
        'locks/npm-lock.json': '{"lockfileVersion":3,"packages":{}}',
        'src/__init__.py': '',
      }),
      'https://github.com/acme/repo/tree/main',
      { include: () => true },
    );
    // An empty source file is just empty.
    expect([...snapshot.files.keys()].sort()).toEqual([
      'locks/npm-lock.json',
      'src/__init__.py',
    ]);
    expect(snapshot.skipped.map(s => s.path).sort()).toEqual([
      'Cargo.lock',
      'package-lock.json',
      'yarn.lock',
    ]);
    expect(snapshot.skipped[0].reason).toMatch(
      /^empty in the repository archive, where a symbolic link, FIFO or device is empty too/,
    );
  });
});
