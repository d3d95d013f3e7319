import { fixture, summary } from './__fixtures__/fixtures';
import { parseLockfile } from './parseLockfile';

describe('bun.lock', () => {
  it('reads registry packages by their own name, skipping local and git ones', () => {
    const result = parseLockfile('bun.lock', fixture('bun/bun.lock'));
    expect(result.error).toBeUndefined();
    expect(result.ecosystem).toBe('npm');
    expect(summary(result)).toEqual([
      // No workspace reaches it: scope unknown.
      ['@babel/core', '7.29.0', undefined],
      // A dependency of the packages/env workspace.
      ['@t3-oss/env-core', '0.13.8', false],
      ['@types/bun', '1.3.4', true],
      // Only through @types/bun, a devDependency.
      ['bun-types', '1.3.4', true],
      ['dotenv', '17.2.3', false],
      // Nested under @babel/core: the key is a path, the value the package.
      ['semver', '6.3.1', undefined],
      // Installed as string-width-cjs (an alias).
      ['string-width', '4.2.3', undefined],
      ['typescript', '6.0.2', true],
      ['zod', '4.1.13', false],
    ]);
    expect(result.unpinned.map(u => u.name)).toEqual(['tarball-pkg']);
  });

  it('accepts comments and names the line of a syntax error', () => {
    expect(
      parseLockfile(
        'bun.lock',
        '// generated\n{"lockfileVersion": 1, "packages": {"a": ["a@1.0.0", "", {}, "sha512-x"],},}\n',
      ).packages.map(p => p.name),
    ).toEqual(['a']);
    expect(
      parseLockfile(
        'bun.lock',
        '{\n  "lockfileVersion": 1,\n  "packages": {\n    "a": [\n}\n',
      ).error,
    ).toMatch(/^could not read bun\.lock: invalid JSONC at line 5 /);
    expect(parseLockfile('bun.lock', '{"packages": {}}').error).toBe(
      'could not read bun.lock: not a bun.lock: no lockfileVersion',
    );
  });

  it('scopes a lock of many copies of one name in linear time', () => {
    const entries = Array.from(
      { length: 10000 },
      (_, i) =>
        `"p${i}/x": ["x@1.0.${i}", "", { "dependencies": { "x": "*" } }, "sha512-x"]`,
    );
    const content = `{"lockfileVersion": 1, "workspaces": {"": {"devDependencies": {"x": "*"}}}, "packages": {${entries.join(',')}}}`;
    const started = Date.now();
    const result = parseLockfile('bun.lock', content);
    expect(result.packages).toHaveLength(10000);
    expect(result.packages.every(p => p.dev === true)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
