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

/** When a command exits with 1: never, under stop-work, or below a tier. */
export type FailOn =
  { kind: 'never' } | { kind: 'stop-work' } | { kind: 'below'; tier: Tier };

/** The report formats every command prints. */
export type ReportFormat = 'text' | 'json' | 'markdown';

/** Reads `--fail-on stop-work|below:<tier>`; a bad value names the option. */
export function parseFailOn(value: string | undefined): FailOn {
  if (value === undefined) {
    return { kind: 'never' };
  }
  if (value === 'stop-work') {
    return { kind: 'stop-work' };
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
    `--fail-on: expected stop-work or below:<${readinessTiers.join('|')}>, got ${value}`,
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
  options: { format: ReportFormat; failOn: FailOn },
  setExitCode: (code: number) => void,
) {
  const formatters: Record<ReportFormat, (r: ReadinessReport) => string> = {
    text: formatReport,
    markdown: formatMarkdown,
    json: r => `${JSON.stringify(r, null, 2)}\n`,
  };
  io.stdout(formatters[options.format](report));
  applyFailOn(io, report, options.failOn, setExitCode);
}

/** Applies `--fail-on`: a failure is explained on stderr and exits with 1. */
export function applyFailOn(
  io: CliIo,
  report: ReadinessReport,
  failOn: FailOn,
  setExitCode: (code: number) => void,
) {
  if (failOn.kind === 'stop-work' && report.stopWork.active) {
    io.stderr(
      `failed: stop-work order active (blockers ${report.stopWork.blockers.join(', ') || 'issued by hand'})\n`,
    );
    setExitCode(1);
  } else if (failOn.kind === 'below') {
    const gate = evaluateGate(report, failOn.tier);
    if (!gate.allowed) {
      io.stderr(`failed: ${gate.reasons.join('; ')}\n`);
      setExitCode(1);
    }
  }
}
