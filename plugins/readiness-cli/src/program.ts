import { Command, CommanderError } from 'commander';
import { registerAdvisoriesCommand } from './commands/advisories';
import { registerChecksCommand } from './commands/checks';
import { registerEvaluateCommand } from './commands/evaluate';
import { registerGateCommand } from './commands/gate';
import { registerScanCommand } from './commands/scan';

/** Where a command writes, and what it reads; replaced in tests. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  now: () => Date;
  fetch: typeof fetch;
}

const defaultIo: CliIo = {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  now: () => new Date(),
  fetch: (...args) => fetch(...args),
};

/**
 * Runs the CLI and resolves to its exit code: 0 on success, 1 when a gate
 * refuses, 2 on bad input or an error.
 */
export async function run(
  argv: string[],
  io: CliIo = defaultIo,
): Promise<number> {
  let exitCode = 0;
  const program = new Command('readiness')
    .description(
      'Deployment readiness: tiers, score and stop-work orders from evidence',
    )
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
    });
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  registerScanCommand(program, io, setExitCode);
  registerEvaluateCommand(program, io, setExitCode);
  registerGateCommand(program, io, setExitCode);
  registerAdvisoriesCommand(program, io, setExitCode);
  registerChecksCommand(program, io, setExitCode);

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit with 0; usage errors with 2.
      return error.exitCode === 0 ? 0 : 2;
    }
    io.stderr(`readiness: ${(error as Error).message}\n`);
    return 2;
  }
}
