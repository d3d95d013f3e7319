import {
  evaluateReadiness,
  evidenceSchema,
  parseRequest,
} from '@readiness/plugin-readiness-common';
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseFailOn, parseFormat, printReport } from './report';
import type { CliIo } from '../program';

const evidenceFileSchema = z.array(evidenceSchema).max(10_000);

/**
 * `readiness evaluate <file>`: evaluates a JSON array of evidence items (as
 * stored by the backend) and prints the report; with `--min-tier`, exits 1
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
    .action(
      async (
        file: string,
        options: { entity: string; format: string; failOn?: string },
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
        let evidence;
        try {
          evidence = parseRequest(evidenceFileSchema, input);
        } catch (error) {
          throw new Error(`${file}: ${(error as Error).message}`);
        }

        const report = evaluateReadiness({
          entityRef: options.entity,
          evidence,
          now: io.now().toISOString(),
        });
        printReport(io, report, { format, failOn }, setExitCode);
      },
    );
}
