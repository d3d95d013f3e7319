import { cvssBaseScore, severityFromCvssScore } from './cvss';

describe('cvssBaseScore', () => {
  // Scores as computed by the FIRST calculators.
  it.each([
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9], // RUSTSEC-2023-0071
    ['CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', 7.2], // GHSA-35jh-r3h4-6jhm
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H', 7.4], // GHSA-p6mc-m468-83gw
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5], // GHSA-c2qf-rxjj-qqgw
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9],
    ['CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.6],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9],
    // Temporal metrics are ignored; metric order does not matter.
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C', 9.8],
    ['CVSS:3.1/S:U/AV:N/AC:H/PR:N/UI:N/C:H/I:N/A:N', 5.9],
    // CVSS v2.0
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P', 7.5],
    ['AV:N/AC:M/Au:N/C:N/I:P/A:N', 4.3],
    ['AV:N/AC:L/Au:N/C:C/I:C/A:C', 10],
    // CVSS v4.0
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3],
  ])('%s is %d', (vector, score) => {
    expect(cvssBaseScore(vector)).toBe(score);
  });

  it.each([
    '',
    '5.9',
    'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N',
    'CVSS:3.1/AV:X/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N',
    'CVSS:3.1/AV:N/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N',
    'CVSS:3.2/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N',
    'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N',
    'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N/garbage',
  ])('%s has no score', vector => {
    expect(cvssBaseScore(vector)).toBeUndefined();
  });
});

describe('severityFromCvssScore', () => {
  it.each([
    [10, 'critical'],
    [9, 'critical'],
    [8.9, 'high'],
    [7, 'high'],
    [6.9, 'medium'],
    [5.9, 'medium'],
    [4, 'medium'],
    [3.9, 'low'],
    [0.1, 'low'],
    [0, 'unknown'],
    [Number.NaN, 'unknown'],
    [11, 'unknown'],
  ])('%d is %s', (score, severity) => {
    expect(severityFromCvssScore(score)).toBe(severity);
  });
});
