import { advisorySourceReport, EcosystemTally } from './advisoryCoverage';

describe('advisorySourceReport', () => {
  const directory = {
    kind: 'directory' as const,
    location: '/srv/osv',
    ecosystems: [
      { ecosystem: 'crates.io', records: 4 },
      { ecosystem: 'Go', records: 0 },
    ],
    maxAgeDays: 7,
  };

  it('names each scanned ecosystem the source holds no records for, once', () => {
    expect(
      advisorySourceReport(directory, ['crates.io', 'npm', 'npm', 'pypi']),
    ).toEqual({ ...directory, uncovered: ['npm', 'PyPI'] });
  });

  it("knows the OSV names of the newer lockfiles' ecosystems", () => {
    const held = {
      ...directory,
      ecosystems: ['Maven', 'NuGet', 'Pub', 'Hex', 'SwiftURL'].map(
        ecosystem => ({ ecosystem, records: 1 }),
      ),
    };
    expect(
      advisorySourceReport(held, [
        'maven',
        'nuget',
        'pub',
        'hex',
        'swifturl',
        'PyPI',
        'npm',
      ]).uncovered,
    ).toEqual(['npm', 'PyPI']);
  });

  it('counts an ecosystem present with no records as not covered', () => {
    expect(advisorySourceReport(directory, ['Go']).uncovered).toEqual(['Go']);
  });

  it('leaves nothing uncovered for a source that covers every ecosystem', () => {
    expect(
      advisorySourceReport({ kind: 'osv-api', location: 'http://osv.test' }, [
        'Go',
        'Hackage',
      ]).uncovered,
    ).toEqual([]);
  });
});

describe('EcosystemTally', () => {
  const record = (ecosystem: string, modified = '2024-01-01T00:00:00Z') => ({
    modified,
    affected: [{ package: { ecosystem, name: 'p' } }],
  });

  it('counts records by ecosystem, releases folded into their ecosystem', () => {
    const tally = new EcosystemTally(Date.parse('2025-01-01T00:00:00Z'));
    tally.folder('Go');
    tally.record(record('Debian:11'));
    tally.record(record('Debian:12', '2024-06-01T00:00:00Z'));
    tally.record(record('pypi'));
    expect(tally.result()).toEqual({
      ecosystems: [
        {
          ecosystem: 'Debian',
          records: 2,
          newestModified: '2024-06-01T00:00:00.000Z',
        },
        { ecosystem: 'Go', records: 0 },
        {
          ecosystem: 'PyPI',
          records: 1,
          newestModified: '2024-01-01T00:00:00.000Z',
        },
      ],
      newestModified: '2024-06-01T00:00:00.000Z',
    });
  });

  it('counts no coverage for names that are not shaped like an ecosystem, nor past a bound', () => {
    const tally = new EcosystemTally(Date.parse('2025-01-01T00:00:00Z'));
    tally.record(record('<img src=x>'));
    tally.record(record('line\nbreak'));
    for (let i = 0; i < 250; i++) tally.record(record(`Eco${i}`));
    const { ecosystems } = tally.result();
    expect(ecosystems).toHaveLength(200);
    expect(ecosystems.every(e => /^Eco\d+$/.test(e.ecosystem))).toBe(true);
  });
});
