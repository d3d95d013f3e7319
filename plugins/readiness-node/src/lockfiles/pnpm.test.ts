import { fixture, summary } from './__fixtures__/fixtures';
import { parseLockfile } from './parseLockfile';

describe('pnpm-lock.yaml', () => {
  it('reads 5.x keys, peer suffixes and dev flags', () => {
    const result = parseLockfile(
      'pnpm-lock.yaml',
      fixture('pnpm-v5/pnpm-lock.yaml'),
    );
    expect(result.error).toBeUndefined();
    expect(result.ecosystem).toBe('npm');
    expect(summary(result)).toEqual([
      // No dev flag: pnpm omits it when a package is both dev and prod.
      ['@types/node', '20.8.7', false],
      ['js-tokens', '4.0.0', false],
      ['loose-envify', '1.4.0', false],
      ['react', '18.2.0', false],
      ['react-dom', '18.2.0', false],
      ['scheduler', '0.23.0', false],
      ['typescript', '5.2.2', true],
    ]);
  });

  it('reads 6.x keys with parenthesised peers', () => {
    const result = parseLockfile(
      'pnpm-lock.yaml',
      fixture('pnpm-v6/pnpm-lock.yaml'),
    );
    expect(summary(result)).toEqual([
      ['@babel/helper-plugin-utils', '7.22.5', true],
      ['js-tokens', '4.0.0', false],
      ['loose-envify', '1.4.0', false],
      ['react', '18.2.0', false],
      ['react-dom', '18.2.0', false],
      ['scheduler', '0.23.0', false],
    ]);
  });

  it('reads 9.x, taking dev-ness from the importers through snapshots', () => {
    const result = parseLockfile(
      'pnpm-lock.yaml',
      fixture('pnpm-v9/pnpm-lock.yaml'),
    );
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      ['@babel/highlight', '7.22.20', true],
      // Reached from react (prod) and from @babel/highlight (dev).
      ['js-tokens', '4.0.0', false],
      ['loose-envify', '1.4.0', false],
      ['react', '18.2.0', false],
      ['react-dom', '18.2.0', false],
      ['scheduler', '0.23.0', false],
      // Behind the string-width-cjs alias.
      ['string-width', '4.2.3', true],
      ['typescript', '5.2.2', true],
    ]);
  });

  it('leaves dev-ness unknown for a 9.x package no importer reaches', () => {
    const result = parseLockfile(
      'pnpm-lock.yaml',
      "lockfileVersion: '9.0'\nimporters:\n  .: {}\npackages:\n  ms@2.1.3:\n    resolution: {integrity: sha512-x}\nsnapshots:\n  ms@2.1.3: {}\n",
    );
    expect(summary(result)).toEqual([['ms', '2.1.3', undefined]]);
  });

  it('treats tarball and git packages by their declared version', () => {
    const result = parseLockfile(
      'pnpm-lock.yaml',
      [
        "lockfileVersion: '6.0'",
        'packages:',
        '  github.com/stevemao/left-pad/5f7b1e0a3c2f:',
        '    resolution: {tarball: https://codeload.github.com/stevemao/left-pad/tar.gz/5f7b1e0a3c2f}',
        '    name: left-pad',
        '    version: 1.3.0',
        '    dev: false',
        '  github.com/example/no-version/1a2b3c:',
        '    resolution: {tarball: https://codeload.github.com/example/no-version/tar.gz/1a2b3c}',
        '    name: no-version',
        '    dev: false',
        '  file:packages/shared:',
        '    resolution: {directory: packages/shared, type: directory}',
        '    name: shared',
        '    version: 0.0.1',
        '',
      ].join('\n'),
    );
    expect(summary(result)).toEqual([['left-pad', '1.3.0', false]]);
    expect(result.unpinned).toEqual([
      { file: 'pnpm-lock.yaml', name: 'no-version' },
    ]);
  });

  it('is clean for a lockfile without packages', () => {
    expect(parseLockfile('pnpm-lock.yaml', "lockfileVersion: '9.0'\n")).toEqual(
      { file: 'pnpm-lock.yaml', ecosystem: 'npm', packages: [], unpinned: [] },
    );
  });

  it('reports invalid YAML and non-pnpm content', () => {
    expect(
      parseLockfile('pnpm-lock.yaml', "lockfileVersion: '9.0'\npackages: [\n")
        .error,
    ).toMatch(/^could not read pnpm-lock\.yaml: invalid YAML at line \d+$/);
    expect(parseLockfile('pnpm-lock.yaml', 'packages: {}\n').error).toBe(
      'could not read pnpm-lock.yaml: not a pnpm lockfile: no lockfileVersion',
    );
    expect(parseLockfile('pnpm-lock.yaml', '').error).toBe(
      'could not read pnpm-lock.yaml: expected a YAML mapping at the top level',
    );
  });
});
