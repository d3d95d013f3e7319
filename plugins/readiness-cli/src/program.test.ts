import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type CliIo } from './program';

const now = new Date('2026-11-24T12:00:00Z');
const fresh = {
  source: 'ci',
  observedAt: '2026-11-24T10:00:00Z',
  staleAfter: '2026-12-24T10:00:00Z',
};

describe('readiness CLI', () => {
  let dir: string;
  let out: string;
  let err: string;
  let io: CliIo;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'readiness-cli-'));
    out = '';
    err = '';
    io = {
      stdout: text => {
        out += text;
      },
      stderr: text => {
        err += text;
      },
      cwd: dir,
      now: () => now,
    };
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => run(['node', 'readiness', ...args], io);

  it('prints a stop-work report and refuses the gate for a failing build', async () => {
    await writeFile(
      join(dir, 'evidence.json'),
      JSON.stringify([
        {
          ...fresh,
          key: 'build',
          value: { succeeded: false, compilationErrors: 97 },
        },
        { ...fresh, key: 'pipeline', value: { exists: false } },
      ]),
    );

    const code = await cli(
      'evaluate',
      'evidence.json',
      '--entity',
      'component:default/claude-flow',
      '--min-tier',
      'mvs',
    );

    expect(code).toBe(1);
    expect(out).toContain('component:default/claude-flow: no tier');
    expect(out).toContain('STOP WORK: must not be deployed');
    expect(out).toContain('blocker build.clean');
    expect(out).toContain('UNKNOWN quality.tests-pass');
    expect(err).toContain('gate refused');
  });

  it('prints JSON that is the engine report', async () => {
    await writeFile(
      join(dir, 'evidence.json'),
      JSON.stringify([
        { ...fresh, key: 'coverage', value: { linePercent: 91 } },
      ]),
    );
    expect(await cli('evaluate', 'evidence.json', '--json')).toBe(0);
    const report = JSON.parse(out);
    expect(
      report.checks.find((c: { id: string }) => c.id === 'quality.coverage')
        .status,
    ).toBe('pass');
    expect(report.stopWork.active).toBe(false);
  });

  it('names the file and the field when the evidence is invalid', async () => {
    await writeFile(
      join(dir, 'evidence.json'),
      JSON.stringify([
        {
          ...fresh,
          key: 'build',
          value: { succeeded: 'no', compilationErrors: 1 },
        },
      ]),
    );
    expect(await cli('evaluate', 'evidence.json')).toBe(2);
    expect(err).toMatch(/evidence\.json: .*succeeded/);
    expect(out).toBe('');
  });

  it('says which file could not be read and why', async () => {
    await writeFile(join(dir, 'broken.json'), '{ not json');
    expect(await cli('evaluate', 'broken.json')).toBe(2);
    expect(err).toContain('could not read broken.json');
    expect(await cli('evaluate', 'missing.json')).toBe(2);
    expect(err).toContain('could not read missing.json');
  });

  it('rejects an unknown tier by option name', async () => {
    await writeFile(join(dir, 'e.json'), '[]');
    expect(await cli('evaluate', 'e.json', '--min-tier', 'gold')).toBe(2);
    expect(err).toContain('--min-tier');
  });
});
