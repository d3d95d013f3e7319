import { severityOf, toFindings } from './findings';
import { packageKey, parsePackageKey } from './packageKey';
import type { OsvVulnerability, PackageQuery } from './types';

const rsa: PackageQuery = {
  ecosystem: 'crates.io',
  name: 'rsa',
  version: '0.9.8',
};

function rustsec(
  id: string,
  extra: Partial<OsvVulnerability> = {},
  affectedExtra: Record<string, unknown> = {},
): OsvVulnerability {
  return {
    id,
    modified: '2024-01-01T00:00:00Z',
    summary: `${id} summary`,
    affected: [
      {
        package: { ecosystem: 'crates.io', name: 'rsa' },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0.0.0-0' }] }],
        ...affectedExtra,
      },
    ],
    ...extra,
  };
}

describe('toFindings', () => {
  it('makes one finding of records that are aliases of each other', () => {
    const marvin = rustsec('RUSTSEC-2023-0071', {
      aliases: ['CVE-2023-49092', 'GHSA-c38w-74pg-36hr', 'GHSA-4grx-2x9w-596c'],
      severity: [
        {
          type: 'CVSS_V3',
          score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N',
        },
      ],
    });
    const ghsa = rustsec('GHSA-4grx-2x9w-596c', {
      aliases: ['CVE-2023-49092'],
      summary: 'Marvin Attack (GHSA copy)',
      database_specific: { severity: 'MODERATE' },
    });
    const other = rustsec('GHSA-zzzz-zzzz-zzzz', {
      database_specific: { severity: 'LOW' },
    });
    const { vulnerabilities } = toFindings(rsa, [ghsa, other, marvin], {
      lockfile: 'Cargo.lock',
    });
    expect(vulnerabilities).toEqual([
      {
        advisoryId: 'RUSTSEC-2023-0071',
        aliases: [
          'CVE-2023-49092',
          'GHSA-4grx-2x9w-596c',
          'GHSA-c38w-74pg-36hr',
        ],
        ecosystem: 'crates.io',
        packageName: 'rsa',
        version: '0.9.8',
        severity: 'medium',
        cvssScore: 5.9,
        summary: 'RUSTSEC-2023-0071 summary',
        fixedVersions: [],
        link: 'https://osv.dev/vulnerability/RUSTSEC-2023-0071',
        lockfile: 'Cargo.lock',
      },
      expect.objectContaining({
        advisoryId: 'GHSA-zzzz-zzzz-zzzz',
        severity: 'low',
      }),
    ]);
  });

  it('names the lockfile in vulnerability and dependency-health findings alike', () => {
    const result = toFindings(
      rsa,
      [
        rustsec('RUSTSEC-1', {
          database_specific: { informational: 'unmaintained' },
        }),
        rustsec('RUSTSEC-2'),
      ],
      { lockfile: 'backend/Cargo.lock' },
    );
    expect(result.dependencyHealth).toEqual([
      expect.objectContaining({
        advisoryId: 'RUSTSEC-1',
        lockfile: 'backend/Cargo.lock',
      }),
    ]);
    expect(result.vulnerabilities).toEqual([
      expect.objectContaining({
        advisoryId: 'RUSTSEC-2',
        lockfile: 'backend/Cargo.lock',
      }),
    ]);
  });

  it('maps RustSec informational records to dependency health', () => {
    const { vulnerabilities, dependencyHealth } = toFindings(rsa, [
      rustsec(
        'RUSTSEC-1',
        {},
        { database_specific: { informational: 'unmaintained' } },
      ),
      rustsec('RUSTSEC-2', { database_specific: { informational: 'unsound' } }),
      rustsec('RUSTSEC-3', { database_specific: { informational: 'yanked' } }),
      rustsec(
        'RUSTSEC-4',
        {},
        { database_specific: { informational: 'notice' } },
      ),
      rustsec('RUSTSEC-5', {}, { database_specific: { informational: null } }),
    ]);
    expect(dependencyHealth).toEqual([
      {
        ecosystem: 'crates.io',
        packageName: 'rsa',
        version: '0.9.8',
        kind: 'unmaintained',
        advisoryId: 'RUSTSEC-1',
        summary: 'RUSTSEC-1 summary',
        link: 'https://osv.dev/vulnerability/RUSTSEC-1',
      },
      expect.objectContaining({
        kind: 'unsound',
        advisoryId: 'RUSTSEC-2',
        summary: 'RUSTSEC-2 summary',
      }),
      expect.objectContaining({ kind: 'yanked', advisoryId: 'RUSTSEC-3' }),
    ]);
    // A notice is neither; a null informational is a vulnerability.
    expect(vulnerabilities.map(v => v.advisoryId)).toEqual(['RUSTSEC-5']);
  });

  it('keeps every informational advisory of a version, each with its own fix', () => {
    const fixedIn = (fixed: string) => ({
      ranges: [
        { type: 'SEMVER', events: [{ introduced: '0.0.0-0' }, { fixed }] },
      ],
      database_specific: { informational: 'unsound', categories: [] },
    });
    const { vulnerabilities, dependencyHealth } = toFindings(rsa, [
      rustsec('RUSTSEC-A', {}, fixedIn('0.9.9')),
      rustsec(
        'RUSTSEC-B',
        {},
        { database_specific: { informational: 'unsound' } },
      ),
      rustsec('RUSTSEC-C', {}, fixedIn('0.10.0')),
    ]);
    expect(vulnerabilities).toEqual([]);
    expect(dependencyHealth).toEqual([
      expect.objectContaining({
        kind: 'unsound',
        advisoryId: 'RUSTSEC-A',
        fixedVersions: ['0.9.9'],
        nearestFixed: '0.9.9',
      }),
      expect.not.objectContaining({ fixedVersions: expect.anything() }),
      expect.objectContaining({
        kind: 'unsound',
        advisoryId: 'RUSTSEC-C',
        fixedVersions: ['0.10.0'],
        nearestFixed: '0.10.0',
      }),
    ]);
    expect(dependencyHealth[1]).toMatchObject({
      kind: 'unsound',
      advisoryId: 'RUSTSEC-B',
    });
  });

  it('skips withdrawn records', () => {
    const result = toFindings(rsa, [
      rustsec('RUSTSEC-9', { withdrawn: '2024-02-02T00:00:00Z' }),
      rustsec(
        'RUSTSEC-10',
        { withdrawn: '2024-02-02T00:00:00Z' },
        {
          database_specific: { informational: 'unmaintained' },
        },
      ),
    ]);
    expect(result).toEqual({ vulnerabilities: [], dependencyHealth: [] });
  });

  it('falls back to the first line of details, truncated, then to the id', () => {
    const long = 'x'.repeat(500);
    const { vulnerabilities } = toFindings(rsa, [
      rustsec('A-1', {
        summary: undefined,
        details: '\n## Heading line\n\nmore',
      }),
      rustsec('A-2', { summary: '  ', details: long }),
      rustsec('A-3', { summary: undefined, details: undefined }),
    ]);
    const byId = Object.fromEntries(
      vulnerabilities.map(v => [v.advisoryId, v.summary]),
    );
    expect(byId['A-1']).toBe('Heading line');
    expect(Array.from(byId['A-2'])).toHaveLength(200);
    expect(byId['A-2'].endsWith('…')).toBe(true);
    expect(byId['A-3']).toBe('Advisory A-3');
  });

  it('takes fixed versions from the range containing the version', () => {
    const semverRecord: OsvVulnerability = {
      id: 'GHSA-c2qf-rxjj-qqgw',
      modified: '',
      affected: [7, 6, 0].map(major => ({
        package: { ecosystem: 'npm', name: 'semver' },
        ranges: [
          {
            type: 'ECOSYSTEM',
            events: [
              { introduced: major === 0 ? '0' : `${major}.0.0` },
              { fixed: { 7: '7.5.2', 6: '6.3.1', 0: '5.7.2' }[major]! },
            ],
          },
        ],
      })),
    };
    const fixed = (version: string) =>
      toFindings({ ecosystem: 'npm', name: 'semver', version }, [semverRecord])
        .vulnerabilities[0].fixedVersions;
    expect(fixed('7.3.0')).toEqual(['7.5.2']);
    expect(fixed('6.0.0')).toEqual(['6.3.1']);
    expect(fixed('5.0.0')).toEqual(['5.7.2']);
  });

  it("names the nearest fix in the ecosystem's version order", () => {
    const record: OsvVulnerability = {
      id: 'PYSEC-1',
      modified: '',
      affected: [
        {
          package: { ecosystem: 'PyPI', name: 'x' },
          versions: ['1.0'],
          ranges: [
            {
              type: 'ECOSYSTEM',
              events: [{ introduced: '0' }, { fixed: '1.0.1' }],
            },
            {
              type: 'ECOSYSTEM',
              events: [{ introduced: '0' }, { fixed: '1.0.post1' }],
            },
          ],
        },
      ],
    };
    const [finding] = toFindings(
      { ecosystem: 'PyPI', name: 'x', version: '1.0' },
      [record],
    ).vulnerabilities;
    expect(finding.fixedVersions).toEqual(['1.0.post1', '1.0.1']);
    expect(finding.nearestFixed).toBe('1.0.post1');
  });

  it('offers the fixes above the version when the ranges do not show the match', () => {
    // OSV said it matches (for example through a GIT range it resolved).
    const record: OsvVulnerability = {
      id: 'OSV-1',
      modified: '',
      affected: [
        {
          package: { ecosystem: 'PyPI', name: 'x' },
          ranges: [
            {
              type: 'GIT',
              repo: 'r',
              events: [{ introduced: 'abc' }, { fixed: 'def' }],
            },
            {
              type: 'ECOSYSTEM',
              events: [{ introduced: '3.0' }, { fixed: '3.1' }],
            },
            {
              type: 'ECOSYSTEM',
              events: [{ introduced: '1.0' }, { fixed: '1.1' }],
            },
          ],
        },
      ],
    };
    expect(
      toFindings({ ecosystem: 'PyPI', name: 'x', version: '2.0' }, [record])
        .vulnerabilities[0].fixedVersions,
    ).toEqual(['3.1']);
  });

  it('never throws on malformed records', () => {
    const junk = [
      null,
      42,
      'str',
      { id: 5 },
      {
        id: 'J-1',
        affected: 'nope',
        severity: 'bad',
        aliases: [1, null, 'CVE-1'],
      },
      {
        id: 'J-2',
        affected: [null, { package: 'x' }],
        severity: [null, { type: 'CVSS_V3' }],
      },
      { id: 'J-1' },
    ] as unknown as OsvVulnerability[];
    const { vulnerabilities } = toFindings(rsa, junk);
    expect(vulnerabilities.map(v => v.advisoryId).sort()).toEqual([
      'J-1',
      'J-2',
    ]);
    expect(vulnerabilities.find(v => v.advisoryId === 'J-1')!.aliases).toEqual([
      'CVE-1',
    ]);
  });
});

describe('severityOf', () => {
  const base: OsvVulnerability = { id: 'X', modified: '' };
  it.each([
    [
      {
        severity: [
          {
            type: 'CVSS_V3',
            score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
          },
        ],
      },
      'critical',
      9.8,
    ],
    [
      {
        severity: [
          {
            type: 'CVSS_V3',
            score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
          },
        ],
      },
      'high',
      7.5,
    ],
    [
      {
        severity: [
          {
            type: 'CVSS_V3',
            score: 'CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N',
          },
        ],
      },
      'low',
      1.6,
    ],
    [
      { severity: [{ type: 'CVSS_V2', score: 'AV:N/AC:M/Au:N/C:N/I:P/A:N' }] },
      'medium',
      4.3,
    ],
    [{ database_specific: { severity: 'CRITICAL' } }, 'critical', undefined],
    [{ database_specific: { severity: 'MODERATE' } }, 'medium', undefined],
    [{ database_specific: { severity: 'low' } }, 'low', undefined],
    [
      {
        severity: [
          {
            type: 'CVSS_V4',
            score:
              'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
          },
        ],
        database_specific: { severity: 'HIGH' },
      },
      // The reviewed label wins over the computed score.
      'high',
      9.3,
    ],
    [
      {
        severity: [
          {
            type: 'CVSS_V4',
            score:
              'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N',
          },
        ],
      },
      'medium',
      6.9,
    ],
    [
      {
        severity: [
          {
            type: 'CVSS_V3',
            score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N',
          },
        ],
      },
      'unknown',
      0,
    ],
    [{}, 'unknown', undefined],
  ] as const)('%# %j', (extra, severity, cvssScore) => {
    const result = severityOf({
      ...base,
      ...(extra as Partial<OsvVulnerability>),
    });
    expect(result.severity).toBe(severity);
    expect(result.cvssScore).toBe(cvssScore);
  });
});

describe('packageKey', () => {
  it('is the same for spellings of the same package and reads back', () => {
    expect(
      packageKey({ ecosystem: 'pypi', name: 'Foo_Bar', version: '1.0' }),
    ).toBe(packageKey({ ecosystem: 'PyPI', name: 'foo.bar', version: '1.0' }));
    expect(
      packageKey({ ecosystem: 'npm', name: 'Foo', version: '1.0.0' }),
    ).not.toBe(packageKey({ ecosystem: 'npm', name: 'foo', version: '1.0.0' }));
    expect(
      parsePackageKey(
        packageKey({
          ecosystem: 'Go',
          name: 'golang.org/x/net',
          version: 'v0.1.0',
        }),
      ),
    ).toEqual({ ecosystem: 'Go', name: 'golang.org/x/net', version: 'v0.1.0' });
    expect(() => parsePackageKey('["a"]')).toThrow(/Not a package key/);
  });
});
