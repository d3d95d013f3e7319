import { fixture, summary } from './__fixtures__/fixtures';
import { parseLockfile } from './parseLockfile';

describe('Cargo.lock', () => {
  it('reads the seed case (v3), leaving out the workspace crates', () => {
    const result = parseLockfile('Cargo.lock', fixture('cargo-v3/Cargo.lock'));
    expect(result.error).toBeUndefined();
    expect(result.ecosystem).toBe('crates.io');
    expect(summary(result)).toEqual([
      ['paste', '1.0.15', undefined],
      ['rsa', '0.9.8', undefined],
      ['sqlx', '0.7.2', undefined],
      ['syn', '1.0.109', undefined],
      ['syn', '2.0.38', undefined],
      ['yaml-rust', '0.4.5', undefined],
    ]);
    expect(result.packages[0]).toEqual({
      ecosystem: 'crates.io',
      name: 'paste',
      version: '1.0.15',
      dev: undefined,
      path: 'Cargo.lock',
    });
    expect(result.unpinned).toEqual([]);
  });

  it('reads v1, ignoring the [metadata] checksums', () => {
    const result = parseLockfile(
      'legacy/Cargo.lock',
      fixture('cargo-v1/Cargo.lock'),
    );
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      ['autocfg', '1.1.0', undefined],
      ['maybe-uninit', '2.0.0', undefined],
      ['num-traits', '0.2.15', undefined],
      ['smallvec', '0.6.14', undefined],
    ]);
    expect(result.packages.every(p => p.path === 'legacy/Cargo.lock')).toBe(
      true,
    );
  });

  it('reads v2', () => {
    const result = parseLockfile('Cargo.lock', fixture('cargo-v2/Cargo.lock'));
    expect(summary(result)).toEqual([
      ['cfg-if', '1.0.0', undefined],
      ['log', '0.4.14', undefined],
    ]);
  });

  it('reads v4, keeping git dependencies', () => {
    const result = parseLockfile('Cargo.lock', fixture('cargo-v4/Cargo.lock'));
    expect(summary(result)).toEqual([
      ['axum', '0.8.0-alpha.1', undefined],
      ['bytes', '1.7.2', undefined],
      ['tokio', '1.40.0', undefined],
    ]);
  });

  it('is clean when only the workspace crates are locked', () => {
    const result = parseLockfile(
      'Cargo.lock',
      'version = 3\n\n[[package]]\nname = "hello"\nversion = "0.1.0"\n',
    );
    expect(result).toEqual({
      file: 'Cargo.lock',
      ecosystem: 'crates.io',
      packages: [],
      unpinned: [],
    });
  });

  it('reports invalid TOML with its line', () => {
    const result = parseLockfile(
      'Cargo.lock',
      'version = 3\n\n[[package]\nname = "rsa"\n',
    );
    expect(result.error).toMatch(
      /^could not read Cargo\.lock: invalid TOML at line 3\b/,
    );
    expect(result.packages).toEqual([]);
  });

  it('rejects TOML that is not a Cargo.lock', () => {
    expect(parseLockfile('Cargo.lock', 'title = "hello"\n').error).toBe(
      'could not read Cargo.lock: no [[package]] entries',
    );
    expect(parseLockfile('Cargo.lock', '').error).toBe(
      'could not read Cargo.lock: no [[package]] entries',
    );
    expect(
      parseLockfile(
        'Cargo.lock',
        '[[package]]\nname = "rsa"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n',
      ).error,
    ).toBe('could not read Cargo.lock: package #1 has no name or version');
  });
});
