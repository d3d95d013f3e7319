import { parseLockfile } from './parseLockfile';

const licensesOf = (result: ReturnType<typeof parseLockfile>) =>
  result.packages.map(p => [p.name, p.license]);

describe('licenses read from SBOMs and lockfiles', () => {
  it('reads CycloneDX JSON expressions, ids and names', () => {
    const doc = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [
        {
          name: 'a',
          purl: 'pkg:npm/a@1.0.0',
          licenses: [{ expression: 'MIT OR Apache-2.0' }],
        },
        {
          name: 'b',
          purl: 'pkg:npm/b@1.0.0',
          licenses: [{ license: { id: 'MIT' } }, { license: { id: 'ISC' } }],
        },
        {
          name: 'c',
          purl: 'pkg:npm/c@1.0.0',
          licenses: [{ license: { name: 'Acme Proprietary' } }],
          components: [
            {
              name: 'd',
              purl: 'pkg:npm/d@2.0.0',
              licenses: [
                { expression: 'MIT OR GPL-3.0-only' },
                { license: { id: 'BSD-3-Clause' } },
              ],
            },
          ],
        },
        { name: 'e', purl: 'pkg:npm/e@1.0.0' },
      ],
    };
    const result = parseLockfile('bom.json', JSON.stringify(doc));
    expect(result.error).toBeUndefined();
    expect(licensesOf(result)).toEqual([
      ['a', 'MIT OR Apache-2.0'],
      // Several licenses listed: each must be complied with.
      ['b', 'MIT AND ISC'],
      ['c', 'Acme Proprietary'],
      ['d', '(MIT OR GPL-3.0-only) AND BSD-3-Clause'],
      ['e', undefined],
    ]);
  });

  it('reads CycloneDX XML licenses', () => {
    const xml = `<?xml version="1.0"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">
  <components>
    <component type="library">
      <name>a</name><purl>pkg:npm/a@1.0.0</purl>
      <licenses><license><id>Apache-2.0</id></license></licenses>
    </component>
    <component type="library">
      <name>b</name><purl>pkg:npm/b@1.0.0</purl>
      <licenses><expression>MIT OR GPL-2.0-or-later</expression></licenses>
    </component>
  </components>
</bom>`;
    const result = parseLockfile('bom.xml', xml);
    expect(result.error).toBeUndefined();
    expect(licensesOf(result)).toEqual([
      ['a', 'Apache-2.0'],
      ['b', 'MIT OR GPL-2.0-or-later'],
    ]);
  });

  it('reads SPDX concluded licenses, else declared ones, never NOASSERTION', () => {
    const pkg = (name: string, extra: Record<string, string>) => ({
      SPDXID: `SPDXRef-${name}`,
      name,
      versionInfo: '1.0.0',
      externalRefs: [
        {
          referenceCategory: 'PACKAGE-MANAGER',
          referenceType: 'purl',
          referenceLocator: `pkg:pypi/${name}@1.0.0`,
        },
      ],
      ...extra,
    });
    const doc = {
      spdxVersion: 'SPDX-2.3',
      SPDXID: 'SPDXRef-DOCUMENT',
      packages: [
        pkg('concluded', {
          licenseConcluded: 'BSD-3-Clause',
          licenseDeclared: 'MIT',
        }),
        pkg('declared', {
          licenseConcluded: 'NOASSERTION',
          licenseDeclared: 'Apache-2.0',
        }),
        pkg('none', {
          licenseConcluded: 'NOASSERTION',
          licenseDeclared: 'NOASSERTION',
        }),
      ],
    };
    const result = parseLockfile('app.spdx.json', JSON.stringify(doc));
    expect(result.error).toBeUndefined();
    expect(licensesOf(result)).toEqual([
      ['concluded', 'BSD-3-Clause'],
      ['declared', 'Apache-2.0'],
      ['none', undefined],
    ]);
  });

  it('keeps no license longer than a stored name', () => {
    const doc = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [
        {
          name: 'a',
          purl: 'pkg:npm/a@1.0.0',
          licenses: [{ expression: `MIT${' OR MIT'.repeat(60)}` }],
        },
      ],
    };
    const result = parseLockfile('bom.json', JSON.stringify(doc));
    expect(licensesOf(result)).toEqual([['a', undefined]]);
  });

  it('reads the license npm copies into package-lock.json', () => {
    const lock = {
      name: 'app',
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', license: 'Apache-2.0' },
        'node_modules/zod': { version: '3.23.8', license: 'MIT' },
        'node_modules/old': { version: '1.0.0' },
      },
    };
    const result = parseLockfile('package-lock.json', JSON.stringify(lock));
    expect(result.error).toBeUndefined();
    // The project's own license is not a dependency's.
    expect(licensesOf(result)).toEqual([
      ['old', undefined],
      ['zod', 'MIT'],
    ]);
  });

  it('reads composer.lock licenses, several meaning a choice', () => {
    const lock = {
      packages: [
        { name: 'a/one', version: '1.0.0', license: ['MIT'] },
        {
          name: 'a/two',
          version: '1.0.0',
          license: ['LGPL-2.1-only', 'GPL-3.0-or-later'],
        },
      ],
      'packages-dev': [{ name: 'a/three', version: '1.0.0' }],
    };
    const result = parseLockfile('composer.lock', JSON.stringify(lock));
    expect(result.error).toBeUndefined();
    expect(licensesOf(result)).toEqual([
      ['a/one', 'MIT'],
      ['a/three', undefined],
      ['a/two', 'LGPL-2.1-only OR GPL-3.0-or-later'],
    ]);
  });

  it('carries no license from a lockfile that has none', () => {
    const result = parseLockfile('requirements.txt', 'requests==2.31.0\n');
    expect(result.error).toBeUndefined();
    expect(licensesOf(result)).toEqual([['requests', undefined]]);
  });
});
