import {
  evaluateGate,
  parseRequest,
  type ReadinessReport,
  type Tier,
  readinessTiers,
  tierSchema,
} from '@readiness/plugin-readiness-common';
import { formatMarkdown } from '../format/formatMarkdown';
import { formatReport } from '../format/formatReport';
import type { CliIo } from '../program';

/**
 * When a command exits with 1: never, under stop-work, below a tier, or (a
 * scan) on a finding its baseline does not have.
 */
export type FailOn =
  | { kind: 'never' }
  | { kind: 'stop-work' }
  | { kind: 'below'; tier: Tier }
  | { kind: 'new' };

/** The report formats every command prints. */
export type ReportFormat = 'text' | 'json' | 'markdown';

/**
 * Reads `--fail-on stop-work|below:<tier>`, and `new` where `findings` says
 * the command compares findings with a baseline; a bad value names the
 * option.
 */
export function parseFailOn(
  value: string | undefined,
  options: { findings?: boolean } = {},
): FailOn {
  if (value === undefined) {
    return { kind: 'never' };
  }
  if (value === 'stop-work') {
    return { kind: 'stop-work' };
  }
  if (value === 'new' && options.findings) {
    return { kind: 'new' };
  }
  const below = /^below:(.*)$/.exec(value);
  if (below) {
    try {
      return { kind: 'below', tier: parseRequest(tierSchema, below[1]) };
    } catch (error) {
      throw new Error(`--fail-on: ${(error as Error).message}`);
    }
  }
  throw new Error(
    `--fail-on: expected stop-work${options.findings ? ', new' : ''} or below:<${readinessTiers.join('|')}>, got ${value}`,
  );
}

/**
 * Reads `--format`; a bad value names the option. `extra` lists formats only
 * some commands have (scan's `sarif`).
 */
export function parseFormat<E extends string = never>(
  value: string,
  extra: readonly E[] = [],
): ReportFormat | E {
  const formats: readonly string[] = ['text', 'json', 'markdown', ...extra];
  if (formats.includes(value)) {
    return value as ReportFormat | E;
  }
  throw new Error(
    `--format: expected ${formats.slice(0, -1).join(', ')} or ${formats.at(-1)}, got ${value}`,
  );
}

/**
 * Prints a report and applies `--fail-on`: a failure is explained on stderr
 * and exits with 1.
 */
export function printReport(
  io: CliIo,
  report: ReadinessReport,
  options: {
    format: ReportFormat;
    failOn: FailOn;
    /** Why the scan could not look for findings (see `--fail-on new`). */
    scanFailures?: string[];
  },
  setExitCode: (code: number) => void,
) {
  const formatters: Record<ReportFormat, (r: ReadinessReport) => string> = {
    text: formatReport,
    markdown: formatMarkdown,
    json: r => `${JSON.stringify(r, null, 2)}\n`,
  };
  io.stdout(formatters[options.format](report));
  applyFailOn(io, report, options.failOn, setExitCode, options.scanFailures);
}

/** The first few items, and how many more, for one line of a CI log. */
function namedList(items: string[], max = 5): string {
  const rest = items.length - max;
  return `${items.slice(0, max).join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
}

/** Applies `--fail-on`: a failure is explained on stderr and exits with 1. */
export function applyFailOn(
  io: CliIo,
  report: ReadinessReport,
  failOn: FailOn,
  setExitCode: (code: number) => void,
  scanFailures: readonly string[] = [],
) {
  if (failOn.kind === 'stop-work' && report.stopWork.active) {
    io.stderr(
      `failed: stop-work order active (blockers ${report.stopWork.blockers.join(', ') || 'issued by hand'})\n`,
    );
    setExitCode(1);
  } else if (failOn.kind === 'new') {
    // Findings a baseline does not know, or none marked at all (no baseline).
    const fresh = report.findings.filter(f => f.baseline !== 'known');
    if (fresh.length > 0) {
      io.stderr(
        `failed: ${fresh.length} new finding${fresh.length === 1 ? '' : 's'} (${namedList(
          fresh.map(
            f =>
              `${f.id} in ${f.package} ${f.version}${f.file ? ` (${f.file})` : ''}`,
          ),
        )})\n`,
      );
      setExitCode(1);
    } else if (scanFailures.length > 0) {
      // A scan that could not look has not shown that nothing is new.
      io.stderr(
        `failed: the dependency scan is incomplete (${scanFailures.join('; ')}), so new findings cannot be ruled out\n`,
      );
      setExitCode(1);
    }
  } else if (failOn.kind === 'below') {
    const gate = evaluateGate(report, failOn.tier);
    if (!gate.allowed) {
      io.stderr(`failed: ${gate.reasons.join('; ')}\n`);
      setExitCode(1);
    }
  }
}
