import {
  evaluateGate,
  parseRequest,
  type ReadinessReport,
  type Tier,
  tierSchema,
} from '@readiness/plugin-readiness-common';
import { formatReport } from '../format/formatReport';
import type { CliIo } from '../program';

/** Reads `--min-tier`; a bad value is an error naming the option. */
export function parseMinTier(value: string | undefined): Tier | undefined {
  if (value === undefined) {
    return undefined;
  }
  try {
    return parseRequest(tierSchema, value);
  } catch (error) {
    throw new Error(`--min-tier: ${(error as Error).message}`);
  }
}

/**
 * Prints a report as text or JSON and, with a minimum tier, applies the
 * deployment gate: a refusal is explained on stderr and exits with 1.
 */
export function printReport(
  io: CliIo,
  report: ReadinessReport,
  options: { json: boolean; minTier?: Tier },
  setExitCode: (code: number) => void,
) {
  io.stdout(
    options.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : formatReport(report),
  );
  if (options.minTier) {
    const gate = evaluateGate(report, options.minTier);
    if (!gate.allowed) {
      io.stderr(`gate refused: ${gate.reasons.join('; ')}\n`);
      setExitCode(1);
    }
  }
}
