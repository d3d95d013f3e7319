import { isLockfile, parseLockfile, selectLockfiles } from '../lockfiles';
import { fixture } from '../lockfiles/__fixtures__/fixtures';

// With the lockfile fixtures, which every self-scan of this repository excludes.
const sbomFixture = (name: string) => fixture(`sbom/${name}`);

const rows = (result: ReturnType<typeof parseLockfile>) =>
  result.packages.map(p => [p.ecosystem, p.name, p.version, p.dev]);

describe('SBOMs as inventory sources', () => {
  it.each([
    ['bom.json', true],
    ['sub/bom.xml', true],
    ['sbom.json', true],
    ['dist/app.cdx.json', true],
    ['dist/app.cdx.xml', true],
    ['app.sbom.json', true],
    ['out/app.spdx.json', true],
    ['bom.yaml', false],
    ['cdx.json', false],
    ['app.spdx', false],
    ['package.json', false],
  ])('%s is read: %s', (path, expected) => {
    expect(isLockfile(path)).toBe(expected);
    expect(selectLockfiles([path])).toEqual(expected ? [path] : []);
  });

  it('reads CycloneDX JSON: nested components count, the subject does not, unknowns are named', () => {
    const result = parseLockfile(
      'dist/app.cdx.json',
      sbomFixture('app.cdx.json'),
    );
    expect(result.error).toBeUndefined();
    expect(result.ecosystem).toBeUndefined();
    expect(rows(result)).toEqual([
      ['npm', '@babel/core', '7.24.0', true],
      ['PyPI', 'django-rest', '3.0', undefined],
      ['npm', 'express', '4.18.2', false],
      ['Go', 'github.com/gorilla/mux', '1.8.0', undefined],
      ['Maven', 'org.apache.commons:commons-text', '1.9', undefined],
      ['npm', 'qs', '6.11.0', undefined],
    ]);
    expect(result.packages[0].path).toBe('dist/app.cdx.json');
    expect(result.unpinned.map(u => u.name)).toEqual([
      'pkg:cargo/rsa (no version)',
      'vendored-lib (no package URL)',
    ]);
  });

  it('reads CycloneDX XML, with CDATA and entities, and never the subject', () => {
    const result = parseLockfile('bom.xml', sbomFixture('bom.xml'));
    expect(result.error).toBeUndefined();
    expect(rows(result)).toEqual([
      ['Packagist', 'laravel/framework', '9.52.0', false],
      ['RubyGems', 'rails', '7.0.4', undefined],
      ['crates.io', 'sqlx', '0.7.2', true],
    ]);
    expect(result.unpinned).toEqual([
      { file: 'bom.xml', name: 'serde & co (no package URL)' },
    ]);
  });

  it('reads SPDX 2.3 JSON: the described package is left out, dev from relationships', () => {
    const result = parseLockfile('app.spdx.json', sbomFixture('app.spdx.json'));
    expect(result.error).toBeUndefined();
    expect(rows(result)).toEqual([
      ['npm', 'jest', '29.7.0', true],
      ['npm', 'lodash', '4.17.21', false],
      // The package URL has no version: the package's versionInfo gives it.
      ['PyPI', 'requests', '2.31.0', undefined],
    ]);
    expect(result.unpinned.map(u => u.name)).toEqual([
      'openssl (no package URL)',
    ]);
  });

  it.each(['bom.json', 'bom.xml'])(
    'reads cyclonedx-npm output (%s) to exactly the packages of its package-lock.json',
    name => {
      const locked = parseLockfile(
        'package-lock.json',
        sbomFixture('cyclonedx-npm/package-lock.json'),
      );
      const sbom = parseLockfile(name, sbomFixture(`cyclonedx-npm/${name}`));
      expect(sbom.error).toBeUndefined();
      expect(sbom.unpinned).toEqual([]);
      expect(locked.packages.length).toBeGreaterThan(60);
      // cyclonedx-npm marks development packages and leaves the others
      // unscoped, so production is not stated.
      expect(rows(sbom)).toEqual(
        rows(locked).map(([eco, pkg, version, dev]) => [
          eco,
          pkg,
          version,
          dev || undefined,
        ]),
      );
      expect(rows(sbom)).toContainEqual(['npm', 'semver', '7.6.0', true]);
    },
  );

  it.each([
    ['bom.json', '{"name":"not an sbom"}', 'not a CycloneDX or SPDX document'],
    ['bom.json', '[]', 'expected a JSON object at the top level'],
    [
      'bom.json',
      '{"bomFormat":"CycloneDX","specVersion":"2.0","components":[]}',
      'CycloneDX specVersion 2.0 is not supported',
    ],
    [
      'bom.json',
      '{"bomFormat":"CycloneDX","specVersion":"1.6","components":{}}',
      'components is not an array',
    ],
    [
      'app.spdx.json',
      '{"spdxVersion":"SPDX-3.0","packages":[]}',
      'SPDX-3.0 is not supported',
    ],
    [
      'bom.xml',
      '<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components></bom>',
      'invalid XML',
    ],
    ['bom.xml', '<project/>', 'not a CycloneDX document'],
  ])('%s %s is unreadable, never empty', (path, content, reason) => {
    const result = parseLockfile(path, content);
    expect(result.packages).toEqual([]);
    expect(result.error).toContain(`could not read ${path}: ${reason}`);
  });

  it('refuses entity declarations instead of expanding them', () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE bom [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="library"><name>&b;</name></component></components></bom>`;
    const result = parseLockfile('bom.xml', bomb);
    expect(result.error).toContain('unknown entity &b;');
  });

  it('reads deeply nested components without recursion', () => {
    const depth = 20_000;
    let components = '[]';
    for (let i = 0; i < depth; i++) {
      components = `[{"type":"library","name":"p${i}","purl":"pkg:npm/p${i}@1.0.0","components":${components}}]`;
    }
    const result = parseLockfile(
      'bom.json',
      `{"bomFormat":"CycloneDX","specVersion":"1.6","components":${components}}`,
    );
    expect(result.error).toBeUndefined();
    expect(result.packages).toHaveLength(depth);
  });

  it('names at most 1000 unknown components and counts the rest', () => {
    const components = Array.from({ length: 1500 }, (_, i) => ({
      type: 'library',
      name: `vendored-${i}`,
    }));
    const result = parseLockfile(
      'bom.json',
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        components,
      }),
    );
    expect(result.unpinned).toHaveLength(1001);
    expect(result.unpinned).toContainEqual({
      file: 'bom.json',
      name: '500 more components that cannot be matched',
    });
  });

  it('refuses an SBOM over the size cap', () => {
    const result = parseLockfile('bom.json', sbomFixture('app.cdx.json'), {
      maxBytes: 100,
    });
    expect(result.error).toMatch(/over the 100 bytes limit/);
  });
});
