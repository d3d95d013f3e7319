import { fixture, summary } from './__fixtures__/fixtures';
import { parseLockfile } from './parseLockfile';

describe('uv.lock', () => {
  it('leaves out workspace members and scopes packages by the graph from them', () => {
    const result = parseLockfile('uv.lock', fixture('uv/uv.lock'));
    expect(result.error).toBeUndefined();
    expect(result.ecosystem).toBe('PyPI');
    expect(summary(result)).toEqual([
      ['asgiref', '3.9.1', false],
      // Needed by pytest (dev) and by loguru (production): production.
      ['colorama', '0.4.6', false],
      ['django', '5.2.5', false],
      ['iniconfig', '2.1.0', true],
      ['loguru', '0.7.3', false],
      ['packaging', '25.0', true],
      ['pluggy', '1.6.0', true],
      ['pygments', '2.19.2', true],
      ['pytest', '8.4.1', true],
      // Only through the editable member shared-utils.
      ['sqlparse', '0.5.3', false],
      ['tzdata', '2025.2', false],
    ]);
    // A git source without a version cannot be matched to a release.
    expect(result.unpinned.map(u => u.name)).toEqual(['whitenoise']);
  });

  it('keeps a package no member reaches, of unknown scope', () => {
    const result = parseLockfile(
      'uv.lock',
      'version = 1\n\n[[package]]\nname = "Requests"\nversion = "2.32.3"\nsource = { registry = "https://pypi.org/simple" }\n',
    );
    expect(summary(result)).toEqual([['requests', '2.32.3', undefined]]);
  });

  it('walks a lock of many copies of one package in linear time', () => {
    const copies = Array.from(
      { length: 10000 },
      (_, i) =>
        `[[package]]\nname = "x"\nversion = "1.0.${i}"\nsource = { registry = "r" }\ndependencies = [{ name = "x" }]\n`,
    );
    const root =
      '[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { virtual = "." }\ndependencies = [{ name = "x" }]\n';
    const started = Date.now();
    const result = parseLockfile(
      'uv.lock',
      `version = 1\n\n${root}\n${copies.join('\n')}`,
    );
    expect(result.packages).toHaveLength(10000);
    expect(result.packages.every(p => p.dev === false)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('rejects TOML that is not a uv.lock', () => {
    expect(parseLockfile('uv.lock', 'name = "x"\n').error).toBe(
      'could not read uv.lock: not a uv.lock: no version',
    );
  });
});

describe('pylock.toml', () => {
  it('leaves out the local project and marks a package without a version unpinned', () => {
    const result = parseLockfile('pylock.toml', fixture('pylock/pylock.toml'));
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      // No marker, or one about the platform only: installed by default.
      ['attrs', '25.1.0', false],
      ['cattrs', '24.1.2', false],
      // Only for the test dependency group.
      ['numpy', '2.2.3', true],
    ]);
    expect(result.unpinned.map(u => u.name)).toEqual(['pip-tools']);
  });

  it.each([
    ["'test' in dependency_groups or 'lint' in dependency_groups", true],
    // A default group is installed by default.
    ["'dev' in dependency_groups", false],
    ["'test' in dependency_groups and sys_platform == 'linux'", undefined],
    ["'socks' in extras", undefined],
    ["sys_platform == 'win32'", false],
  ])('reads the scope of marker %j as %s', (marker, dev) => {
    const result = parseLockfile(
      'pylock.toml',
      `lock-version = "1.0"\ndefault-groups = ["dev"]\n\n[[packages]]\nname = "x"\nversion = "1.0"\nmarker = "${marker}"\n`,
    );
    expect(summary(result)).toEqual([['x', '1.0', dev]]);
  });

  it('reads named locks (pylock.<name>.toml) and nothing else named like them', () => {
    const content = fixture('pylock/pylock.toml');
    expect(parseLockfile('svc/pylock.dev.toml', content).packages).toHaveLength(
      3,
    );
    expect(parseLockfile('pylock.a.b.toml', content).error).toBe(
      'could not read pylock.a.b.toml: not a supported lockfile name',
    );
    expect(parseLockfile('pylock.toml', 'x = 1\n').error).toBe(
      'could not read pylock.toml: not a pylock.toml: no lock-version',
    );
  });
});

describe('pdm.lock', () => {
  it('counts a package repeated by extras rows once, scoped by its groups', () => {
    const result = parseLockfile('pdm.lock', fixture('pdm/pdm.lock'));
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      ['alembic', '1.12.1', false],
      ['coverage', '7.3.2', true],
      ['pydantic', '2.5.2', false],
      ['ruff', '0.1.6', true],
      // In default and test: production.
      ['sqlalchemy', '2.0.23', false],
    ]);
    expect(result.unpinned.map(u => u.name)).toEqual(['internal-sdk']);
  });

  it('reads extras written into the name by older locks, of unknown scope', () => {
    const result = parseLockfile(
      'pdm.lock',
      '[metadata]\nlock_version = "4.1"\n\n[[package]]\nname = "pydantic"\nversion = "1.10.2"\n\n[[package]]\nname = "pydantic[email]"\nversion = "1.10.2"\n',
    );
    expect(summary(result)).toEqual([['pydantic', '1.10.2', undefined]]);
  });
});
