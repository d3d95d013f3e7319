import { isVersionAffected, matchAffectedEntry } from './versions';
import type { OsvVulnerability } from './types';

function vuln(affected: unknown[]): OsvVulnerability {
  return { id: 'TEST-1', modified: '', affected } as OsvVulnerability;
}

const semverRange = (events: unknown[]) => ({ type: 'SEMVER', events });
const ecoRange = (events: unknown[]) => ({ type: 'ECOSYSTEM', events });

describe('matchAffectedEntry', () => {
  const sqlx = {
    package: { ecosystem: 'crates.io', name: 'sqlx' },
    ranges: [semverRange([{ introduced: '0.0.0-0' }, { fixed: '0.8.1' }])],
  };
  const semverPkg = {
    package: { ecosystem: 'npm', name: 'semver' },
    ranges: [
      ecoRange([{ introduced: '7.0.0' }, { fixed: '7.5.2' }]),
      ecoRange([{ introduced: '6.0.0' }, { fixed: '6.3.1' }]),
      ecoRange([{ introduced: '0' }, { fixed: '5.7.2' }]),
    ],
  };
  const lastAffected = {
    package: { ecosystem: 'npm', name: 'lodash.set' },
    ranges: [ecoRange([{ introduced: '3.7.0' }, { last_affected: '4.3.2' }])],
  };
  const twoIntervals = {
    package: { ecosystem: 'PyPI', name: 'x' },
    ranges: [
      ecoRange([
        { introduced: '1.0' },
        { fixed: '1.2' },
        { introduced: '2.0' },
        { fixed: '2.1.1' },
      ]),
    ],
  };
  const unsorted = {
    package: { ecosystem: 'npm', name: 'x' },
    ranges: [ecoRange([{ fixed: '2.0.0' }, { introduced: '1.0.0' }])],
  };
  const limited = {
    package: { ecosystem: 'npm', name: 'x' },
    ranges: [ecoRange([{ introduced: '0' }, { limit: '3.0.0' }])],
  };

  it.each([
    // entry, ecosystem, version, status, fixed
    [sqlx, 'crates.io', '0.7.2', 'affected', ['0.8.1']],
    [sqlx, 'crates.io', '0.8.0', 'affected', ['0.8.1']],
    [sqlx, 'crates.io', '0.8.1', 'not-affected', []],
    [sqlx, 'crates.io', '0.8.2', 'not-affected', []],
    [sqlx, 'crates.io', '0.8.1-alpha.1', 'affected', ['0.8.1']],
    [semverPkg, 'npm', '7.3.0', 'affected', ['7.5.2']],
    [semverPkg, 'npm', '6.3.0', 'affected', ['6.3.1']],
    [semverPkg, 'npm', '5.7.1', 'affected', ['5.7.2']],
    [semverPkg, 'npm', '5.7.2', 'not-affected', []],
    [semverPkg, 'npm', '7.6.3', 'not-affected', []],
    [lastAffected, 'npm', '4.3.2', 'affected', []],
    [lastAffected, 'npm', '4.3.3', 'not-affected', []],
    [lastAffected, 'npm', '3.6.0', 'not-affected', []],
    [twoIntervals, 'PyPI', '1.1', 'affected', ['1.2']],
    [twoIntervals, 'PyPI', '1.5', 'not-affected', []],
    [twoIntervals, 'PyPI', '2.1.0', 'affected', ['2.1.1']],
    [twoIntervals, 'PyPI', '2.1.1', 'not-affected', []],
    [twoIntervals, 'PyPI', '2.0rc1', 'not-affected', []],
    [unsorted, 'npm', '1.5.0', 'affected', ['2.0.0']],
    [limited, 'npm', '2.9.9', 'affected', []],
    [limited, 'npm', '3.0.0', 'not-affected', []],
  ] as const)('%#: %s %s -> %s', (entry, ecosystem, version, status, fixed) => {
    const decision = matchAffectedEntry(entry, ecosystem, version);
    expect(decision.status).toBe(status);
    expect(decision.fixedVersions).toEqual(fixed);
  });

  it('handles Go v-prefixed versions against SEMVER ranges without prefix', () => {
    const entry = {
      package: { ecosystem: 'Go', name: 'golang.org/x/net' },
      ranges: [semverRange([{ introduced: '0' }, { fixed: '0.23.0' }])],
    };
    expect(matchAffectedEntry(entry, 'Go', 'v0.22.0').status).toBe('affected');
    expect(matchAffectedEntry(entry, 'Go', 'v0.23.0').status).toBe(
      'not-affected',
    );
    expect(
      matchAffectedEntry(entry, 'Go', 'v0.0.0-20230101000000-abcdefabcdef')
        .status,
    ).toBe('affected');
  });

  it('matches RubyGems with Gem::Version ordering', () => {
    const entry = {
      package: { ecosystem: 'RubyGems', name: 'rails' },
      ranges: [ecoRange([{ introduced: '5.2.0' }, { fixed: '5.2.4.3' }])],
    };
    expect(matchAffectedEntry(entry, 'RubyGems', '5.2.4.2').status).toBe(
      'affected',
    );
    expect(matchAffectedEntry(entry, 'RubyGems', '5.2.4.3').status).toBe(
      'not-affected',
    );
    expect(matchAffectedEntry(entry, 'RubyGems', '5.2.0.rc1').status).toBe(
      'not-affected',
    );
  });

  it('uses explicit versions lists', () => {
    const entry = {
      package: { ecosystem: 'PyPI', name: 'x' },
      versions: ['1.0', '1.1'],
      ranges: [{ type: 'GIT', repo: 'https://example.com/x', events: [] }],
    };
    expect(matchAffectedEntry(entry, 'PyPI', '1.1').status).toBe('affected');
    expect(matchAffectedEntry(entry, 'PyPI', '1.0.0').status).toBe('affected');
    expect(matchAffectedEntry(entry, 'PyPI', '1.2').status).toBe(
      'not-affected',
    );
  });

  it.each([
    [
      'an unparseable version',
      {
        package: { ecosystem: 'npm', name: 'x' },
        ranges: [ecoRange([{ introduced: '0' }, { fixed: '1.0.0' }])],
      },
      'npm',
      'workspace:*',
      /cannot be parsed/,
    ],
    [
      'an unparseable advisory version',
      {
        package: { ecosystem: 'PyPI', name: 'x' },
        ranges: [ecoRange([{ introduced: '0' }, { fixed: 'later' }])],
      },
      'PyPI',
      '1.0',
      /advisory version later/,
    ],
    [
      'an unsupported ecosystem',
      {
        package: { ecosystem: 'Hackage', name: 'x' },
        ranges: [ecoRange([{ introduced: '0' }])],
      },
      'Hackage',
      '1.0',
      /no ECOSYSTEM version ordering/,
    ],
    [
      'only GIT ranges',
      {
        package: { ecosystem: 'npm', name: 'x' },
        ranges: [{ type: 'GIT', repo: 'r', events: [{ introduced: 'abc' }] }],
      },
      'npm',
      '1.0.0',
      /neither/,
    ],
    [
      'malformed events',
      {
        package: { ecosystem: 'npm', name: 'x' },
        ranges: [ecoRange([{ introduced: '0', fixed: '1.0.0' }])],
      },
      'npm',
      '0.5.0',
      /exactly one/,
    ],
    [
      'a non-SemVer version in a SEMVER range',
      {
        package: { ecosystem: 'crates.io', name: 'x' },
        ranges: [semverRange([{ introduced: '0.0.0-0' }])],
      },
      'crates.io',
      '1.0',
      /SemVer/,
    ],
    ['not an object', 'nope', 'npm', '1.0.0', /not an object/],
  ] as const)(
    'cannot decide with %s',
    (_title, entry, ecosystem, version, reason) => {
      const decision = matchAffectedEntry(entry, ecosystem, version);
      expect(decision.status).toBe('unknown');
      expect(decision.reason).toMatch(reason);
    },
  );

  it('still says affected when another range surely contains the version', () => {
    const entry = {
      package: { ecosystem: 'npm', name: 'x' },
      ranges: [
        ecoRange([{ introduced: '0' }, { fixed: 'garbage!' }]),
        ecoRange([{ introduced: '0' }, { fixed: '2.0.0' }]),
      ],
    };
    expect(matchAffectedEntry(entry, 'npm', '1.0.0')).toEqual({
      status: 'affected',
      fixedVersions: ['2.0.0'],
    });
  });
});

describe('isVersionAffected in the ecosystems of the newer lockfiles', () => {
  it.each([
    // ecosystem, name in the lockfile, name in the advisory, vulnerable, fix, safe
    // jackson-databind: the fix of 2.13.4 has a fourth part.
    [
      'Maven',
      'com.fasterxml.jackson.core:jackson-databind',
      'com.fasterxml.jackson.core:jackson-databind',
      '2.13.4',
      '2.13.4.1',
      '2.13.4.2',
    ],
    // NuGet names ignore case.
    [
      'NuGet',
      'newtonsoft.json',
      'Newtonsoft.Json',
      '12.0.3',
      '13.0.1',
      '13.0.1',
    ],
    ['Pub', 'http', 'http', '0.13.6', '1.0.0', '1.0.0+1'],
    ['Hex', 'plug', 'plug', '1.8.3', '1.8.4', '1.9.0'],
    [
      'SwiftURL',
      'https://github.com/Vapor/vapor.git',
      'github.com/vapor/vapor',
      '4.99.3',
      '4.101.0',
      '4.101.0',
    ],
  ])(
    '%s: %s is affected below the fix, not from it',
    (ecosystem, name, advisoryName, vulnerable, fixed, safe) => {
      const record = vuln([
        {
          package: { ecosystem, name: advisoryName },
          ranges: [ecoRange([{ introduced: '0' }, { fixed }])],
        },
      ]);
      expect(
        isVersionAffected(record, { ecosystem, name, version: vulnerable }),
      ).toEqual({ status: 'affected', fixedVersions: [fixed] });
      expect(
        isVersionAffected(record, { ecosystem, name, version: safe }).status,
      ).toBe('not-affected');
    },
  );
});

describe('isVersionAffected', () => {
  it('only uses the entries naming the package, with name normalization', () => {
    const record = vuln([
      {
        package: { ecosystem: 'PyPI', name: 'Foo_Bar' },
        ranges: [ecoRange([{ introduced: '0' }, { fixed: '2.0' }])],
      },
      {
        package: { ecosystem: 'npm', name: 'foo-bar' },
        ranges: [ecoRange([{ introduced: '0' }])],
      },
    ]);
    expect(
      isVersionAffected(record, {
        ecosystem: 'PyPI',
        name: 'foo.bar',
        version: '1.0',
      }),
    ).toEqual({ status: 'affected', fixedVersions: ['2.0'] });
    expect(
      isVersionAffected(record, {
        ecosystem: 'PyPI',
        name: 'foo-bar',
        version: '2.0',
      }).status,
    ).toBe('not-affected');
    expect(
      isVersionAffected(record, {
        ecosystem: 'crates.io',
        name: 'foo-bar',
        version: '1.0.0',
      }).status,
    ).toBe('not-affected');
  });

  it('prefers affected over unknown over not-affected across entries', () => {
    const unknownEntry = {
      package: { ecosystem: 'npm', name: 'x' },
      ranges: [ecoRange([{ introduced: 'junk junk' }])],
    };
    const notAffected = {
      package: { ecosystem: 'npm', name: 'x' },
      ranges: [ecoRange([{ introduced: '5.0.0' }])],
    };
    const affected = {
      package: { ecosystem: 'npm', name: 'x' },
      ranges: [ecoRange([{ introduced: '0' }])],
    };
    const pkg = { ecosystem: 'npm', name: 'x', version: '1.0.0' };
    expect(
      isVersionAffected(vuln([notAffected, unknownEntry]), pkg).status,
    ).toBe('unknown');
    expect(
      isVersionAffected(vuln([notAffected, unknownEntry, affected]), pkg)
        .status,
    ).toBe('affected');
    expect(isVersionAffected(vuln([notAffected]), pkg).status).toBe(
      'not-affected',
    );
  });
});
