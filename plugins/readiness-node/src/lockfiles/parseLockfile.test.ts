import { fixture, summary } from './__fixtures__/fixtures';
import {
  DEFAULT_LOCKFILE_MAX_BYTES,
  isLockfile,
  lockfileGlobs,
  lockfileNames,
  parseLockfile,
  selectLockfiles,
} from './parseLockfile';

describe('isLockfile and lockfileNames', () => {
  it('lists every supported file name', () => {
    expect([...lockfileNames].sort()).toEqual([
      'Cargo.lock',
      'Gemfile.lock',
      'Package.resolved',
      'Pipfile.lock',
      'buildscript-gradle.lockfile',
      'bun.lock',
      'composer.lock',
      'gems.locked',
      'go.mod',
      'go.sum',
      'gradle.lockfile',
      'mix.lock',
      'npm-shrinkwrap.json',
      'package-lock.json',
      'packages.lock.json',
      'pdm.lock',
      'pnpm-lock.yaml',
      'poetry.lock',
      'pubspec.lock',
      'pylock.toml',
      'requirements.txt',
      'uv.lock',
      'yarn.lock',
    ]);
    expect(lockfileGlobs).toContain('**/pylock.*.toml');
    expect(lockfileGlobs).toContain('**/Cargo.lock');
    expect(lockfileGlobs).toContain('**/*requirements*.txt');
  });

  it('judges a path by its file name', () => {
    for (const path of [
      'Cargo.lock',
      'crates/app/Cargo.lock',
      'web\\package-lock.json',
      'requirements.txt',
      'requirements-dev.txt',
      'dev-requirements.txt',
      'requirements/base.txt',
      'app/pubspec.lock',
      'ios/App.xcworkspace/xcshareddata/swiftpm/Package.resolved',
      'pylock.prod.toml',
    ]) {
      expect(isLockfile(path)).toBe(true);
    }
    for (const path of [
      'Cargo.toml',
      'package.json',
      'cargo.lock',
      'docs/notes.txt',
      'yarn.lock.bak',
      'bun.lockb',
      'pylock.toml.bak',
      '',
    ]) {
      expect(isLockfile(path)).toBe(false);
    }
  });

  it('selects lockfiles, preferring go.mod over its go.sum', () => {
    expect(
      selectLockfiles([
        'README.md',
        'go.mod',
        'go.sum',
        'tools/go.sum',
        'web/yarn.lock',
        'web/package.json',
      ]),
    ).toEqual(['go.mod', 'tools/go.sum', 'web/yarn.lock']);
  });
});

describe('parseLockfile', () => {
  it('refuses an unknown file name', () => {
    expect(parseLockfile('docs/notes.md', 'lodash==1.0.0')).toEqual({
      file: 'docs/notes.md',
      packages: [],
      unpinned: [],
      error: 'could not read docs/notes.md: not a supported lockfile name',
    });
  });

  it('refuses content over the default 10 MiB limit', () => {
    expect(DEFAULT_LOCKFILE_MAX_BYTES).toBe(10 * 1024 * 1024);
    const content = `# ${'x'.repeat(12 * 1024 * 1024)}\n`;
    expect(parseLockfile('Cargo.lock', content)).toEqual({
      file: 'Cargo.lock',
      ecosystem: 'crates.io',
      packages: [],
      unpinned: [],
      error: 'could not read Cargo.lock: file is 12 MiB, over the 10 MiB limit',
    });
  });

  it('applies a configured limit, counting UTF-8 bytes', () => {
    const content = fixture('cargo-v3/Cargo.lock');
    expect(parseLockfile('Cargo.lock', content, { maxBytes: 1024 }).error).toBe(
      `could not read Cargo.lock: file is ${
        Math.round((content.length / 1024) * 10) / 10
      } KiB, over the 1 KiB limit`,
    );
    // 30 characters, 60 bytes.
    expect(
      parseLockfile('go.sum', 'é'.repeat(30), { maxBytes: 50 }).error,
    ).toBe('could not read go.sum: file is 60 bytes, over the 50 bytes limit');
    // Sizes that round alike are given in bytes.
    expect(
      parseLockfile('go.sum', ' '.repeat(1025), { maxBytes: 1024 }).error,
    ).toBe(
      'could not read go.sum: file is 1025 bytes, over the 1024 bytes limit',
    );
    expect(
      parseLockfile('Cargo.lock', content, { maxBytes: content.length }).error,
    ).toBeUndefined();
  });

  it('ignores an invalid limit rather than reading without one', () => {
    const content = `# ${'x'.repeat(11 * 1024 * 1024)}\n`;
    expect(
      parseLockfile('Cargo.lock', content, { maxBytes: Number.NaN }).error,
    ).toBe('could not read Cargo.lock: file is 11 MiB, over the 10 MiB limit');
  });

  it('keeps error reasons short and on one line', () => {
    const key = `${'a'.repeat(500)}\n`;
    const error = parseLockfile(
      'package-lock.json',
      JSON.stringify({ lockfileVersion: 1, dependencies: { [key]: 1 } }),
    ).error!;
    expect(error).not.toContain('\n');
    expect(error.length).toBeLessThan(260);
  });

  it('refuses binary content', () => {
    const garbage = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
      0x49, 0x48, 0x44, 0x52, 0xff, 0xfe,
    ]).toString('utf8');
    for (const name of lockfileNames) {
      const result = parseLockfile(name, garbage);
      expect(result.error).toBe(
        `could not read ${name}: binary content (control character at line 2)`,
      );
      expect(result.packages).toEqual([]);
    }
  });

  it('reads content that starts with a byte order mark', () => {
    const result = parseLockfile(
      'requirements.txt',
      '\uFEFFdjango==4.2.7\r\nrequests==2.31.0\r\n',
    );
    expect(summary(result)).toEqual([
      ['django', '4.2.7', undefined],
      ['requests', '2.31.0', undefined],
    ]);
  });

  it('deduplicates identical packages, production winning over dev', () => {
    const result = parseLockfile(
      'Pipfile.lock',
      JSON.stringify({
        default: { Requests: { version: '==2.31.0' } },
        develop: {
          requests: { version: '==2.31.0' },
          pytest: { version: '==7.4.2' },
          PyTest: { version: '==7.4.2' },
        },
      }),
    );
    expect(result.packages).toEqual([
      {
        ecosystem: 'PyPI',
        name: 'pytest',
        version: '7.4.2',
        dev: true,
        path: 'Pipfile.lock',
      },
      {
        ecosystem: 'PyPI',
        name: 'requests',
        version: '2.31.0',
        dev: false,
        path: 'Pipfile.lock',
      },
    ]);
  });

  it('never throws, whatever it is given', () => {
    expect(
      parseLockfile('yarn.lock', undefined as unknown as string).error,
    ).toBe('could not read yarn.lock: content is not text');
    const deep = `{"lockfileVersion":1,"dependencies":${'{"a":{"version":"1.0.0","dependencies":'.repeat(
      5000,
    )}{}${'}}'.repeat(5000)}}`;
    expect(() => parseLockfile('package-lock.json', deep)).not.toThrow();
  });
});
