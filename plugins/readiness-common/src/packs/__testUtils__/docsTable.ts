// Reads the pack tables of docs/packs.md, so tests hold the docs and the
// packs to each other. Test support only: not exported from the package.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** One row of a pack's table in docs/packs.md. */
export interface DocsPackRow {
  check: string;
  /** OSPS control ids, or the SLSA level's words. */
  controls: string;
  tier: string;
  severity: string;
  /** `collector`, `push` or `attestation`. */
  source: string;
  /** The backticked evidence paths (or attestation kind) of the cell. */
  paths: string[];
  /** Whether every path is needed (`and`) or any one (`or`). */
  needs: 'all' | 'any';
}

const docsPath = resolve(__dirname, '../../../../../docs/packs.md');

function cellsOf(line: string): string[] {
  return line
    .split('|')
    .slice(1, -1)
    .map(cell => cell.trim());
}

/** The rows of the first table under `## <pack id>` in docs/packs.md. */
export function docsPackTable(packId: string): DocsPackRow[] {
  const text = readFileSync(docsPath, 'utf8');
  const start = text.indexOf(`\n## ${packId}\n`);
  if (start < 0) {
    throw new Error(`docs/packs.md has no section ## ${packId}`);
  }
  const end = text.indexOf('\n## ', start + 1);
  const lines = text.slice(start, end < 0 ? undefined : end).split('\n');
  const header = lines.findIndex(
    line => line.startsWith('|') && cellsOf(line)[0] === 'Check',
  );
  const columns = cellsOf(lines[header]);
  const rows: DocsPackRow[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const cell = Object.fromEntries(
      cellsOf(line).map((value, i) => [columns[i], value]),
    );
    const evidence = cell.Evidence;
    rows.push({
      check: cell.Check.replace(/`/g, ''),
      controls: cell.Controls ?? '',
      tier: cell.Tier,
      severity: cell.Severity,
      source: evidence.split(' ')[0],
      paths: [...evidence.matchAll(/`([^`]+)`/g)].map(m => m[1]),
      needs: / and `/.test(evidence) ? 'all' : 'any',
    });
  }
  return rows;
}
