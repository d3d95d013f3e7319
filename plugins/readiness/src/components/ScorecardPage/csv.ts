import type {
  ReadinessApi,
  ReadinessSummariesQuery,
} from '../../api/ReadinessApi';
import type { ScorecardRow } from './types';

const formulaPrefixes = ['=', '+', '-', '@', '\t', '\r'];

/**
 * One CSV cell: text that a spreadsheet would run as a formula (starting with
 * = + - @, tab or carriage return) gets a leading `'`, and cells holding a
 * quote, comma or line break are quoted with inner quotes doubled.
 *
 * @internal
 */
export function csvCell(value: string | number | boolean | null | undefined) {
  if (value === null || value === undefined) {
    return '';
  }
  let text = String(value);
  if (
    typeof value === 'string' &&
    formulaPrefixes.some(p => text.startsWith(p))
  ) {
    text = `'${text}`;
  }
  if (/[",\r\n]/.test(text)) {
    text = `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

/** @internal */
export const csvColumns: Array<keyof ScorecardRow> = [
  'entityRef',
  'kind',
  'namespace',
  'name',
  'title',
  'tier',
  'score',
  'stopWork',
  'risk',
  'owner',
  'system',
  'lifecycle',
  'requiredTier',
  'belowRequiredTier',
  'evaluatedAt',
  'stale',
];

/**
 * The rows as CSV text with a header line, lines separated by CRLF (RFC 4180).
 *
 * @internal
 */
export function summariesToCsv(rows: ScorecardRow[]): string {
  const lines = [csvColumns.join(',')];
  for (const row of rows) {
    lines.push(
      csvColumns
        .map(column => csvCell(row[column] as string | number | boolean))
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Upper bound on pages, so a misbehaving cursor cannot loop forever. */
const maxPages = 1000;

/**
 * Every row matching the query, read 500 at a time through the cursor.
 *
 * @internal
 */
export async function fetchAllSummaries(
  api: ReadinessApi,
  query: Omit<ReadinessSummariesQuery, 'cursor' | 'limit'>,
): Promise<ScorecardRow[]> {
  const rows: ScorecardRow[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const response = await api.getSummaries({ ...query, limit: 500, cursor });
    rows.push(...(response.items as ScorecardRow[]));
    if (!response.nextCursor) {
      break;
    }
    cursor = response.nextCursor;
  }
  return rows;
}

/**
 * Offers the text as a file download through a temporary Blob link.
 *
 * @internal
 */
export function downloadCsv(csv: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
