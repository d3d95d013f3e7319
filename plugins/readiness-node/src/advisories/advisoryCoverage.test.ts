import { advisorySourceReport } from './advisoryCoverage';

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
