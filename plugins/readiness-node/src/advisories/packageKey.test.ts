import {
  canonicalEcosystem,
  lockfileEcosystems,
  normalizePackageName,
} from './packageKey';

describe('canonicalEcosystem', () => {
  it('spells every lockfile ecosystem as OSV does', () => {
    for (const ecosystem of lockfileEcosystems) {
      expect(canonicalEcosystem(ecosystem.toLowerCase())).toBe(ecosystem);
    }
    expect([...lockfileEcosystems]).toEqual(
      expect.arrayContaining(['Maven', 'NuGet', 'Pub', 'Hex', 'SwiftURL']),
    );
    expect(canonicalEcosystem(' Hackage ')).toBe('Hackage');
  });
});

describe('normalizePackageName', () => {
  it.each([
    ['PyPI', 'Django_Rest.Framework', 'django-rest-framework'],
    ['NuGet', 'Newtonsoft.Json', 'newtonsoft.json'],
    [
      'SwiftURL',
      'https://github.com/Apple/swift-nio.git',
      'github.com/apple/swift-nio',
    ],
    ['SwiftURL', 'github.com/apple/swift-nio', 'github.com/apple/swift-nio'],
    // Maven coordinates are case-sensitive.
    ['Maven', 'org.Example:Lib', 'org.Example:Lib'],
    ['Hex', 'plug', 'plug'],
  ])('%s %s is %s', (ecosystem, name, normalized) => {
    expect(normalizePackageName(ecosystem, name)).toBe(normalized);
  });
});
