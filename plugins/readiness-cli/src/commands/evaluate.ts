import {
  evaluateReadiness,
  type Evidence,
  evidenceSchema,
  parseRequest,
  pushedEvidenceSchema,
  type ReadinessConfig,
  toPushedEvidence,
} from '@readiness/plugin-readiness-common';
import { readPushedBuildLogs } from '@readiness/plugin-readiness-node';
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { configOption, readEngineConfig } from './appConfig';
import { parseFailOn, parseFormat, printReport } from './report';
import type { CliIo } from '../program';

const evidenceFileSchema = z.array(z.unknown()).max(10_000);

/**
 * An item with `staleAfter` is evidence as the backend stores it; one
 * without is read as the backend reads a push, and gets the lifetime the
 * backend would give it.
 */
function readEvidenceItem(
  item: unknown,
  now: string,
  config: ReadinessConfig | undefined,
): Evidence {
  const stored =
    typeof item === 'object' &&
    item !== null &&
    (item as { staleAfter?: unknown }).staleAfter !== undefined;
  return stored
    ? parseRequest(evidenceSchema, item)
    : toPushedEvidence(
        readPushedBuildLogs([parseRequest(pushedEvidenceSchema, item)])[0],
        { now, config },
      );
}

/**
 * `readiness evaluate <file>`: evaluates a JSON array of evidence items (as
 * stored by the backend, or as pushed to it) and prints the report; with `--min-tier`, exits 1
 * when the gate refuses.
 */
export function registerEvaluateCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
) {
  program
    .command('evaluate <file>')
    .description('Evaluate a JSON file of readiness evidence')
    .option('--entity <ref>', 'entity ref to report', 'component:default/local')
    .option('--format <format>', 'text, json or markdown', 'text')
    .option(
      '--fail-on <condition>',
      'exit with 1 on stop-work, or below:<tier> (mvs, production, enterprise)',
    )
    .addOption(configOption())
    .action(
      async (
        file: string,
        options: {
          entity: string;
          format: string;
          failOn?: string;
          config?: string[];
        },
      ) => {
        const path = resolve(io.cwd, file);
        let input: unknown;
        try {
          input = JSON.parse(await readFile(path, 'utf8'));
        } catch (error) {
          throw new Error(
            `could not read ${file}: ${(error as Error).message}`,
          );
        }
        const failOn = parseFailOn(options.failOn);
        const format = parseFormat(options.format);
        const config = await readEngineConfig(options.config, io);
        const now = io.now().toISOString();
        const evidence: Evidence[] = [];
        try {
          const items = parseRequest(evidenceFileSchema, input);
          for (const [index, item] of items.entries()) {
            try {
              evidence.push(readEvidenceItem(item, now, config));
            } catch (error) {
              throw new Error(`[${index}] ${(error as Error).message}`);
            }
          }
        } catch (error) {
          throw new Error(`${file}: ${(error as Error).message}`);
        }

        const report = evaluateReadiness({
          entityRef: options.entity,
          evidence,
          now,
          config,
        });
        printReport(io, report, { format, failOn }, setExitCode);
      },
    );
}
