import { fixture, summary } from './__fixtures__/fixtures';
import { parseLockfile } from './parseLockfile';

describe('package-lock.json', () => {
  it('walks the nested v1 tree; a package both dev and prod is prod', () => {
    const result = parseLockfile(
      'package-lock.json',
      fixture('npm-v1/package-lock.json'),
    );
    expect(result.error).toBeUndefined();
    expect(result.ecosystem).toBe('npm');
    expect(summary(result)).toEqual([
      ['debug', '2.6.9', false],
      ['debug', '4.3.4', true],
      ['express', '4.17.1', false],
      ['jest', '26.6.3', true],
      ['ms', '2.0.0', false],
      ['ms', '2.1.2', true],
      ['string-width', '4.2.3', false],
    ]);
    // A git dependency has no registry version; a file: one is local.
    expect(result.unpinned).toEqual([
      { file: 'package-lock.json', name: 'left-pad' },
    ]);
  });

  it('reads the v2 packages map, not the v1 section it repeats', () => {
    const result = parseLockfile(
      'package-lock.json',
      fixture('npm-v2/package-lock.json'),
    );
    expect(summary(result)).toEqual([
      ['ms', '2.1.3', false],
      ['typescript', '5.2.2', true],
    ]);
  });

  it('reads v3: install paths, aliases, links and workspaces', () => {
    const result = parseLockfile(
      'web/package-lock.json',
      fixture('npm-v3/package-lock.json'),
    );
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      ['@babel/core', '7.23.2', true],
      ['debug', '2.6.9', false],
      ['debug', '4.3.4', true],
      ['express', '4.18.2', false],
      ['fsevents', '2.3.3', true],
      ['lodash', '4.17.21', false],
      // devOptional can be installed in production.
      ['nanoid', '3.3.6', false],
      ['string-width', '4.2.3', false],
    ]);
    expect(result.unpinned).toEqual([]);
    expect(result.packages[0].path).toBe('web/package-lock.json');
  });

  it('reads npm-shrinkwrap.json the same way', () => {
    const content = fixture('npm-v3/package-lock.json');
    const shrinkwrap = parseLockfile('npm-shrinkwrap.json', content);
    const lock = parseLockfile('package-lock.json', content);
    expect(shrinkwrap.packages.map(p => p.name)).toEqual(
      lock.packages.map(p => p.name),
    );
    expect(shrinkwrap.packages).toHaveLength(8);
  });

  it('is clean for a project without dependencies', () => {
    const result = parseLockfile(
      'package-lock.json',
      '{"name":"x","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"x","version":"1.0.0"}}}',
    );
    expect(result.error).toBeUndefined();
    expect(result.packages).toEqual([]);
  });

  it('reports truncated JSON and other shapes', () => {
    const content = fixture('npm-v3/package-lock.json');
    const truncated = parseLockfile(
      'package-lock.json',
      content.slice(0, content.length / 2),
    );
    expect(truncated.error).toMatch(
      /^could not read package-lock\.json: invalid JSON/,
    );
    expect(truncated.packages).toEqual([]);
    expect(parseLockfile('package-lock.json', '{"a": 1,\n "b" 2}').error).toBe(
      'could not read package-lock.json: invalid JSON at line 2',
    );
    expect(parseLockfile('package-lock.json', '[]').error).toBe(
      'could not read package-lock.json: expected a JSON object at the top level',
    );
    expect(parseLockfile('package-lock.json', '{"name": "x"}').error).toBe(
      'could not read package-lock.json: not a package lock: no lockfileVersion, packages or dependencies',
    );
    expect(
      parseLockfile(
        'package-lock.json',
        '{"lockfileVersion": 1, "dependencies": {"ms": {"resolved": "x"}}}',
      ).error,
    ).toBe('could not read package-lock.json: dependency "ms" has no version');
  });

  it('does not mistake package names for object members', () => {
    const result = parseLockfile(
      'package-lock.json',
      JSON.stringify({
        lockfileVersion: 1,
        dependencies: {
          constructor: { version: '1.0.0' },
          toString: { version: '2.0.0', dev: true },
        },
      }),
    );
    expect(summary(result)).toEqual([
      ['constructor', '1.0.0', false],
      ['toString', '2.0.0', true],
    ]);
  });
});
