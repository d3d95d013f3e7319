import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  coverageReportFormat,
  parseCoverageReport,
} from './parseCoverageReport';

const fixture = (name: string) =>
  readFileSync(resolve(__dirname, '__fixtures__', name), 'utf8');

describe('coverageReportFormat', () => {
  it.each([
    ['coverage/lcov.info', 'lcov'],
    ['lcov.info', 'lcov'],
    ['coverage/cobertura-coverage.xml', 'cobertura'],
    ['coverage.xml', 'cobertura'],
    ['TestResults/coverage.cobertura.xml', 'cobertura'],
    ['packages/web/coverage/coverage-summary.json', 'istanbul-json-summary'],
    ['jacoco.xml', 'jacoco'],
    ['reports/jacocoTestReport.xml', 'jacoco'],
    ['coverage/coverage-final.json', undefined],
    ['coverage/lcov-report/index.html', undefined],
    ['src/coverage/__fixtures__/lcov.info', undefined],
    ['test/fixtures/coverage.xml', undefined],
    ['pkg/testdata/jacoco.xml', undefined],
  ])('%s is %s', (path, format) => {
    expect(coverageReportFormat(path)).toBe(format);
  });
});

describe('parseCoverageReport', () => {
  it.each([
    [
      'lcov from jest (LF/LH totals)',
      'coverage/lcov.info',
      'lcov-jest.info',
      { format: 'lcov', linePercent: 70, linesCovered: 7, linesTotal: 10 },
    ],
    [
      'lcov with DA lines only',
      'lcov.info',
      'lcov-da-only.info',
      { format: 'lcov', linePercent: 50, linesCovered: 2, linesTotal: 4 },
    ],
    [
      'cobertura from istanbul, with a DOCTYPE',
      'coverage/cobertura-coverage.xml',
      'cobertura-istanbul.xml',
      { format: 'cobertura', linePercent: 70, linesCovered: 7, linesTotal: 10 },
    ],
    [
      'cobertura from coverage.py, rounded down',
      'coverage.xml',
      'cobertura-coveragepy.xml',
      {
        format: 'cobertura',
        linePercent: 79.85,
        linesCovered: 329,
        linesTotal: 412,
      },
    ],
    [
      'istanbul json-summary',
      'coverage/coverage-summary.json',
      'coverage-summary-istanbul.json',
      {
        format: 'istanbul-json-summary',
        linePercent: 80.83,
        linesCovered: 97,
        linesTotal: 120,
      },
    ],
    [
      'jacoco, using the report counter and not the package ones',
      'target/site/jacoco/jacoco.xml',
      'jacoco-maven.xml',
      { format: 'jacoco', linePercent: 75, linesCovered: 27, linesTotal: 36 },
    ],
  ])('reads %s', (_name, path, file, expected) => {
    expect(parseCoverageReport(path, fixture(file))).toEqual(expected);
  });

  it.each([
    [
      'cobertura line-rate only',
      'coverage.xml',
      '<coverage line-rate="0.29"/>',
      29,
    ],
    ['cobertura line-rate 1', 'coverage.xml', '<coverage line-rate="1"/>', 100],
    ['cobertura line-rate 0', 'coverage.xml', "<coverage line-rate='0'/>", 0],
    [
      'istanbul pct only',
      'coverage-summary.json',
      '{"total":{"lines":{"pct":79.99}}}',
      79.99,
    ],
    [
      'a CRLF lcov',
      'lcov.info',
      'SF:a.ts\r\nLF:3\r\nLH:2\r\nend_of_record\r\n',
      66.66,
    ],
    [
      'an lcov without a final end_of_record',
      'lcov.info',
      'SF:a.ts\nLF:4\nLH:1\n',
      25,
    ],
  ])('reads %s', (_name, path, content, linePercent) => {
    expect(parseCoverageReport(path, content)).toMatchObject({ linePercent });
  });

  it('never rounds up to a threshold', () => {
    const result = parseCoverageReport(
      'lcov.info',
      'SF:a.ts\nLF:100000\nLH:79999\nend_of_record\n',
    );
    expect(result).toMatchObject({ linePercent: 79.99 });
  });

  it.each([
    [
      'an unknown file name',
      'coverage/coverage-final.json',
      '{}',
      /not a known/,
    ],
    ['an empty lcov', 'lcov.info', '', /no SF records/],
    [
      'an HTML page as lcov',
      'lcov.info',
      '<html></html>',
      /line 1: not an lcov line/,
    ],
    [
      'lcov totals outside a record',
      'lcov.info',
      'LF:3\n',
      /LF outside a record/,
    ],
    [
      'lcov with LF but no LH',
      'lcov.info',
      'SF:a\nLF:3\nend_of_record\n',
      /only one of LF, LH/,
    ],
    [
      'lcov with a non-numeric LH',
      'lcov.info',
      'SF:a\nLF:3\nLH:x\nend_of_record\n',
      /LH count \(line 3\) is not a count/,
    ],
    ['lcov with a bad DA', 'lcov.info', 'SF:a\nDA:3\n', /DA needs/],
    [
      'lcov covering more than it has',
      'lcov.info',
      'SF:a\nLF:3\nLH:4\nend_of_record\n',
      /impossible/,
    ],
    [
      'lcov measuring nothing',
      'lcov.info',
      'SF:a\nLF:0\nLH:0\nend_of_record\n',
      /measures no lines/,
    ],
    [
      'cobertura cut short',
      'coverage.xml',
      '<coverage line-rate="0.5">',
      /line 1: <coverage> is not closed/,
    ],
    [
      'cobertura without line-rate',
      'coverage.xml',
      '<coverage/>',
      /no line-rate/,
    ],
    [
      'cobertura with a rate above 1',
      'coverage.xml',
      '<coverage line-rate="1.5"/>',
      /not between 0 and 1/,
    ],
    [
      'cobertura with a word for a rate',
      'coverage.xml',
      '<coverage line-rate="NaN"/>',
      /not between 0 and 1/,
    ],
    [
      'cobertura with no valid lines',
      'coverage.xml',
      '<coverage lines-valid="0" lines-covered="0" line-rate="1"/>',
      /measures no lines/,
    ],
    [
      'a jacoco report named coverage.xml',
      'coverage.xml',
      '<report name="x"/>',
      /root element is <report>, not <coverage>/,
    ],
    [
      'jacoco without a LINE counter',
      'jacoco.xml',
      '<report><counter type="BRANCH" missed="1" covered="1"/></report>',
      /no LINE counter/,
    ],
    [
      'jacoco with a LINE counter only in a package',
      'jacoco.xml',
      '<report><package name="p"><counter type="LINE" missed="1" covered="1"/></package></report>',
      /no LINE counter/,
    ],
    [
      'jacoco with a negative count',
      'jacoco.xml',
      '<report><counter type="LINE" missed="-1" covered="1"/></report>',
      /missed count is not a count/,
    ],
    [
      'istanbul that is not JSON',
      'coverage-summary.json',
      '{"total":',
      /not JSON/,
    ],
    [
      'istanbul without totals',
      'coverage-summary.json',
      '{}',
      /no total.lines/,
    ],
    ['istanbul null', 'coverage-summary.json', 'null', /no total.lines/],
    [
      'istanbul with an Unknown pct',
      'coverage-summary.json',
      '{"total":{"lines":{"total":0,"covered":0,"pct":"Unknown"}}}',
      /measures no lines/,
    ],
    [
      'istanbul with pct Unknown and no counts',
      'coverage-summary.json',
      '{"total":{"lines":{"pct":"Unknown"}}}',
      /pct is not a percentage: "Unknown"/,
    ],
  ])('rejects %s', (_name, path, content, message) => {
    const result = parseCoverageReport(path, content);
    expect(result).not.toHaveProperty('linePercent');
    expect((result as { error: string }).error).toMatch(message);
  });
});
