import type { ReadinessApi } from '../../api/ReadinessApi';
import { csvCell, fetchAllSummaries, summariesToCsv } from './csv';
import type { ScorecardRow } from './types';

const row: ScorecardRow = {
  entityRef: 'component:default/billing',
  kind: 'Component',
  namespace: 'default',
  name: 'billing',
  title: 'Billing, "legacy"\nservice',
  tier: 'production',
  score: 72,
  stopWork: false,
  risk: 'manageable',
  counts: { pass: 1, fail: 0, unknown: 0, waived: 0 },
  evaluatedAt: '2026-03-01T00:00:00.000Z',
  stale: false,
  owner: '=HYPERLINK("http://evil")',
  system: '+payments',
  lifecycle: '@production',
  requiredTier: 'production',
  belowRequiredTier: true,
};

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['=cmd|",x', `"'=cmd|"",x"`],
    [42, '42'],
    [true, 'true'],
    [undefined, ''],
    [null, ''],
  ])('writes %j as %j', (value, expected) => {
    expect(csvCell(value as string)).toBe(expected);
  });
});

describe('summariesToCsv', () => {
  it('writes a header and one escaped, neutralised line per row', () => {
    const csv = summariesToCsv([row]);
    const [header, line] = csv.split('\r\n');
    expect(header).toBe(
      'entityRef,kind,namespace,name,title,tier,score,stopWork,risk,owner,system,lifecycle,requiredTier,belowRequiredTier,evaluatedAt,stale',
    );
    expect(csv).toBe(
      `${header}\r\n` +
        'component:default/billing,Component,default,billing,"Billing, ""legacy""\nservice",production,72,false,manageable,' +
        `"'=HYPERLINK(""http://evil"")",'+payments,'@production,production,true,2026-03-01T00:00:00.000Z,false\r\n`,
    );
    expect(line.startsWith('component:default/billing')).toBe(true);
  });

  it('writes only the header for no rows', () => {
    expect(summariesToCsv([]).split('\r\n')).toHaveLength(2);
  });
});

describe('fetchAllSummaries', () => {
  it('follows the cursor 500 rows at a time with the filters', async () => {
    const getSummaries = jest
      .fn()
      .mockResolvedValueOnce({ items: [row], nextCursor: 'c1', totalCount: 2 })
      .mockResolvedValueOnce({
        items: [{ ...row, entityRef: 'component:default/other' }],
        totalCount: 2,
      });
    const api = { getSummaries } as unknown as ReadinessApi;
    const rows = await fetchAllSummaries(api, { tier: 'none', sort: 'score' });
    expect(rows.map(r => r.entityRef)).toEqual([
      'component:default/billing',
      'component:default/other',
    ]);
    expect(getSummaries).toHaveBeenNthCalledWith(1, {
      tier: 'none',
      sort: 'score',
      limit: 500,
      cursor: undefined,
    });
    expect(getSummaries).toHaveBeenNthCalledWith(2, {
      tier: 'none',
      sort: 'score',
      limit: 500,
      cursor: 'c1',
    });
  });
});
