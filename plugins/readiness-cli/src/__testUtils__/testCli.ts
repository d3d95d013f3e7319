import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type CliIo } from '../program';

/**
 * The CLI in a fresh temporary directory with captured output; call from a
 * `describe`. `cli(...args)` runs it and resolves to the exit code.
 */
export function setUpCli(now = new Date('2026-11-24T12:00:00Z')) {
  const state = {
    dir: '',
    out: '',
    err: '',
    io: undefined as unknown as CliIo,
  };
  beforeEach(async () => {
    state.dir = await mkdtemp(join(tmpdir(), 'readiness-cli-'));
    state.out = '';
    state.err = '';
    state.io = {
      stdout: text => {
        state.out += text;
      },
      stderr: text => {
        state.err += text;
      },
      cwd: state.dir,
      env: {},
      now: () => now,
      fetch: (...args) => fetch(...args),
    };
  });
  afterEach(async () => {
    await rm(state.dir, { recursive: true, force: true });
  });
  const cli = (...args: string[]) =>
    run(['node', 'readiness', ...args], state.io);
  return { state, cli };
}
