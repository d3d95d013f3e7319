import { formatIssuePath, parseRequest } from './parseRequest';
import { stopWorkRequestSchema, waiverCreateRequestSchema } from './requests';

describe('formatIssuePath', () => {
  it.each([
    [['expiresAt'], 'expiresAt'],
    [
      ['checks', 'quality.coverage', 'thresholds', 'minLinePercent'],
      'checks["quality.coverage"].thresholds.minLinePercent',
    ],
    [[0, 'value', 'failed'], '[0].value.failed'],
    [['items', 2, 'load-test'], 'items[2]["load-test"]'],
  ])('formats %j', (path, expected) => {
    expect(formatIssuePath(path)).toBe(expected);
  });
});

describe('parseRequest', () => {
  it('returns data or throws a message naming the field', () => {
    expect(parseRequest(stopWorkRequestSchema, { reason: 'x' })).toEqual({
      reason: 'x',
    });
    expect(() => parseRequest(waiverCreateRequestSchema, {})).toThrow(
      /checkId: .*; reason: /,
    );
  });
});
