import { readXml, type XmlElement } from './xml';

/**
 * The coverage report formats that can be read.
 *
 * @public
 */
export type CoverageReportFormat =
  'lcov' | 'cobertura' | 'istanbul-json-summary' | 'jacoco';

/**
 * Line coverage read from a report, or why it could not be read.
 *
 * @public
 */
export type CoverageReportResult =
  | {
      format: CoverageReportFormat;
      /** 0 to 100, rounded down to two decimals so 79.999 never meets 80. */
      linePercent: number;
      /** Present when the report counts lines (all but some cobertura). */
      linesCovered?: number;
      linesTotal?: number;
    }
  | { error: string };

const FORMATS: Array<[RegExp, CoverageReportFormat]> = [
  [/^lcov\.info$/, 'lcov'],
  // coverage.py and coverlet write cobertura under these names too.
  [/^(cobertura(-coverage)?|coverage(\.cobertura)?)\.xml$/, 'cobertura'],
  [/^coverage-summary\.json$/, 'istanbul-json-summary'],
  [/^jacoco(TestReport)?\.xml$/, 'jacoco'],
];

// Test fixtures of coverage tooling are not the repository's own coverage.
const FIXTURE_FOLDER =
  /(^|\/)(__fixtures__|fixtures?|testdata|test-data|__snapshots__)\//;

/**
 * The report format a file name stands for, if any. Files under fixture
 * folders (`__fixtures__/`, `fixtures/`, `testdata/`) are not reports.
 *
 * @public
 */
export function coverageReportFormat(
  path: string,
): CoverageReportFormat | undefined {
  if (FIXTURE_FOLDER.test(path)) {
    return undefined;
  }
  const name = path.slice(path.lastIndexOf('/') + 1);
  return FORMATS.find(([pattern]) => pattern.test(name))?.[1];
}

/**
 * Reads the total line coverage of a coverage report: lcov (`LF`/`LH`,
 * or `DA` lines), cobertura XML (`lines-covered`/`lines-valid`, else
 * `line-rate`), istanbul json-summary (`total.lines`) or jacoco XML (the
 * report's `LINE` counter). The format comes from the file name, see
 * {@link coverageReportFormat}. A report that measures no lines is an error,
 * not 0% or 100%.
 *
 * @public
 */
export function parseCoverageReport(
  path: string,
  content: string,
): CoverageReportResult {
  const format = coverageReportFormat(path);
  if (!format) {
    return { error: 'not a known coverage report file name' };
  }
  try {
    const totals = readTotals(format, content);
    if ('rate' in totals) {
      return { format, linePercent: floorPercent(totals.rate * 100) };
    }
    if (totals.total === 0) {
      return { error: 'the report measures no lines' };
    }
    if (totals.covered > totals.total) {
      return {
        error: `${totals.covered} covered lines of ${totals.total} is impossible`,
      };
    }
    return {
      format,
      // Integer arithmetic, so the floor is exact.
      linePercent: Math.floor((totals.covered * 10_000) / totals.total) / 100,
      linesCovered: totals.covered,
      linesTotal: totals.total,
    };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

type Totals = { covered: number; total: number } | { rate: number };

function readTotals(format: CoverageReportFormat, content: string): Totals {
  switch (format) {
    case 'lcov':
      return readLcov(content);
    case 'cobertura':
      return readCobertura(content);
    case 'istanbul-json-summary':
      return readIstanbulSummary(content);
    case 'jacoco':
      return readJacoco(content);
    default:
      throw new Error(`unknown format ${format satisfies never}`);
  }
}

/** Floors to two decimals after removing binary noise (0.29 * 100). */
function floorPercent(value: number): number {
  return Math.floor(Math.round(value * 1e6) / 1e4) / 100;
}

function count(value: string | undefined, what: string): number {
  if (value === undefined || !/^\d{1,15}$/.test(value.trim())) {
    throw new Error(
      value === undefined
        ? `no ${what}`
        : `${what} is not a count: ${JSON.stringify(value.slice(0, 40))}`,
    );
  }
  return Number(value.trim());
}

function readLcov(content: string): Totals {
  let covered = 0;
  let total = 0;
  let records = 0;
  // One record per source file: LF/LH when given, else counted DA lines.
  let record:
    | { lf?: number; lh?: number; da: number; daHit: number; line: number }
    | undefined;
  const close = () => {
    if (!record) {
      return;
    }
    if ((record.lf === undefined) !== (record.lh === undefined)) {
      throw new Error(`line ${record.line}: a record has only one of LF, LH`);
    }
    total += record.lf ?? record.da;
    covered += record.lh ?? record.daHit;
    records += 1;
    record = undefined;
  };
  const lines = content.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const at = `line ${index + 1}`;
    if (line === '') {
      return;
    }
    if (line === 'end_of_record') {
      if (!record) {
        throw new Error(`${at}: end_of_record without SF`);
      }
      close();
      return;
    }
    const match = /^([A-Z]+):(.*)$/.exec(line);
    if (!match) {
      throw new Error(`${at}: not an lcov line`);
    }
    const [, key, data] = match;
    if (key === 'SF') {
      close();
      record = { da: 0, daHit: 0, line: index + 1 };
    } else if (key === 'LF' || key === 'LH' || key === 'DA') {
      if (!record) {
        throw new Error(`${at}: ${key} outside a record (no SF before it)`);
      }
      if (key === 'DA') {
        const hits = data.split(',')[1];
        if (hits === undefined || !/^-?\d+(\.\d+)?$/.test(hits.trim())) {
          throw new Error(`${at}: DA needs a line and a hit count`);
        }
        record.da += 1;
        record.daHit += Number(hits) > 0 ? 1 : 0;
      } else {
        const value = count(data, `${key} count (${at})`);
        if (key === 'LF') {
          record.lf = value;
        } else {
          record.lh = value;
        }
      }
    }
  });
  close();
  if (records === 0) {
    throw new Error('no SF records: not an lcov report');
  }
  return { covered, total };
}

function rootOf(content: string, name: string, format: string): XmlElement {
  const root = readXml(content, { keepDepth: 2 });
  if (root.name !== name) {
    throw new Error(
      `the root element is <${root.name}>, not <${name}>: not a ${format} report`,
    );
  }
  return root;
}

function readCobertura(content: string): Totals {
  const root = rootOf(content, 'coverage', 'cobertura');
  const valid = root.attributes.get('lines-valid');
  const coveredLines = root.attributes.get('lines-covered');
  // The counts are exact and tell "no lines" apart from "all covered".
  if (valid !== undefined && coveredLines !== undefined) {
    return {
      covered: count(coveredLines, 'lines-covered'),
      total: count(valid, 'lines-valid'),
    };
  }
  const rate = root.attributes.get('line-rate');
  if (rate === undefined) {
    throw new Error('<coverage> has no line-rate');
  }
  const value = Number(rate);
  if (
    !/^\s*(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?\s*$/.test(rate) ||
    !(value >= 0 && value <= 1)
  ) {
    throw new Error(
      `line-rate is not between 0 and 1: ${JSON.stringify(rate.slice(0, 40))}`,
    );
  }
  return { rate: value };
}

function readJacoco(content: string): Totals {
  const root = rootOf(content, 'report', 'jacoco');
  // The report's own counters are its direct children; packages and
  // classes have their own further down.
  const line = root.children.find(
    child =>
      child.name === 'counter' && child.attributes.get('type') === 'LINE',
  );
  if (!line) {
    throw new Error('<report> has no LINE counter');
  }
  const missed = count(line.attributes.get('missed'), 'missed count');
  const covered = count(line.attributes.get('covered'), 'covered count');
  return { covered, total: missed + covered };
}

function readIstanbulSummary(content: string): Totals {
  let summary: unknown;
  try {
    summary = JSON.parse(content);
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`);
  }
  const lines = (summary as { total?: { lines?: unknown } } | null)?.total
    ?.lines as Record<string, unknown> | undefined;
  if (typeof lines !== 'object' || lines === null) {
    throw new Error('no total.lines');
  }
  const { covered, total, pct } = lines;
  if (isCount(covered) && isCount(total)) {
    return { covered, total };
  }
  // Old istanbul writes "Unknown" when nothing was measured.
  if (typeof pct !== 'number' || !(pct >= 0 && pct <= 100)) {
    throw new Error(
      `total.lines.pct is not a percentage: ${JSON.stringify(pct)}`,
    );
  }
  return { rate: pct / 100 };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
