import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

  describe('scan', () => {
    const examples = resolve(__dirname, '../../../examples');
    const offline = ['--advisories', join(examples, 'advisories')];

    it('reports the seed case of examples/claude-flow offline and refuses the gate', async () => {
      const code = await cli(
        'scan',
        join(examples, 'claude-flow'),
        ...offline,
        '--min-tier',
        'mvs',
      );
      expect(code).toBe(1);
      expect(out).toContain('STOP WORK: must not be deployed');
      expect(out).toContain('RUSTSEC-2023-0071 (rsa 0.9.8)');
      expect(out).toContain(
        'upgrade sqlx to 0.8.1 or later (RUSTSEC-2024-0363)',
      );
      expect(out).toContain('replace yaml-rust (unmaintained)');
      expect(out).toContain('75 TODO/FIXME markers');
      expect(err).toContain('gate refused');
    });

    it('reads catalog-info.yaml for the entity and its operations annotations', async () => {
      await writeFile(
        join(dir, 'catalog-info.yaml'),
        [
          'apiVersion: backstage.io/v1alpha1',
          'kind: Component',
          'metadata:',
          '  name: tiny',
          '  annotations:',
          '    pagerduty.com/service-id: P123',
          'spec: { type: service, lifecycle: production, owner: team-a }',
        ].join('\n'),
      );
      await writeFile(join(dir, 'README.md'), '# tiny');
      expect(await cli('scan', '.', ...offline, '--format', 'json')).toBe(0);
      const report = JSON.parse(out);
      expect(report.entityRef).toBe('component:default/tiny');
      const onCall = report.checks.find(
        (c: { id: string }) => c.id === 'operations.on-call',
      );
      expect(onCall.status).toBe('pass');
      // No lockfile at all: the vulnerability check cannot pass.
      expect(
        report.checks.find(
          (c: { id: string }) => c.id === 'security.vulnerabilities',
        ).status,
      ).toBe('unknown');
    });

    it('names the lockfile it could not read', async () => {
      await writeFile(
        join(dir, 'package-lock.json'),
        '{ "lockfileVersion": 3, ',
      );
      expect(await cli('scan', '.', ...offline)).toBe(0);
      expect(out).toMatch(/could not read package-lock\.json/);
    });

    it('rejects an unknown format', async () => {
      expect(await cli('scan', '.', ...offline, '--format', 'xml')).toBe(2);
      expect(err).toContain('--format');
    });
  });
});
