import {
  evaluateReadiness,
  type Finding,
  type ReadinessReport,
} from '@readiness/plugin-readiness-common';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Log } from 'sarif';
import { run, type CliIo } from '../program';
import { applyFailOn } from './report';

const examples = resolve(__dirname, '../../../../examples');
const offline = ['--advisories', join(examples, 'advisories')];

/** A package-lock.json (v3) that locks lodash 4.17.15, for dev only or not. */
function lodashLock(dev: boolean) {
  return JSON.stringify({
    name: 'web',
    lockfileVersion: 3,
    packages: {
      '': { name: 'web' },
      'node_modules/lodash': { version: '4.17.15', ...(dev ? { dev } : {}) },
    },
  });
}

describe('scan findings', () => {
  let dir: string;
  let out: string;
  let err: string;
  let io: CliIo;

  beforeEach(async () => {
    // A realistic monorepo: the seed crate, and lodash locked by a web app
    // (production) and by its tooling (dev only).
    dir = await mkdtemp(join(tmpdir(), 'readiness-findings-'));
    await copyFile(
      join(examples, 'claude-flow', 'Cargo.lock'),
      join(dir, 'Cargo.lock'),
    );
    for (const [sub, dev] of [
      ['web', false],
      ['tools', true],
    ] as const) {
      await mkdir(join(dir, sub));
      await writeFile(join(dir, sub, 'package-lock.json'), lodashLock(dev));
    }
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
      env: {},
      now: () => new Date('2026-11-24T12:00:00Z'),
      fetch: (...args) => fetch(...args),
    };
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => run(['node', 'readiness', ...args], io);

  async function scanJson(...args: string[]): Promise<ReadinessReport> {
    out = '';
    await cli('scan', '.', ...offline, '--format', 'json', ...args);
    return JSON.parse(out);
  }

  it('holds exactly the findings of the SARIF log, in the same order', async () => {
    const { findings } = await scanJson();
    out = '';
    expect(await cli('scan', '.', ...offline, '--format', 'sarif')).toBe(0);
    const [sarifRun] = (JSON.parse(out) as Log).runs;

    expect(
      findings.map(f => `${f.id} ${f.package} ${f.file} ${f.scope}`),
    ).toEqual([
      'GHSA-p6mc-m468-83gw lodash tools/package-lock.json dev',
      'GHSA-p6mc-m468-83gw lodash web/package-lock.json prod',
      'GHSA-35jh-r3h4-6jhm lodash tools/package-lock.json dev',
      'GHSA-35jh-r3h4-6jhm lodash web/package-lock.json prod',
      'RUSTSEC-2023-0071 rsa Cargo.lock unknown',
      'RUSTSEC-2024-0363 sqlx Cargo.lock unknown',
      'RUSTSEC-2024-0436 paste Cargo.lock unknown',
      'RUSTSEC-2024-0320 yaml-rust Cargo.lock unknown',
    ]);
    const identify = (f: Finding) =>
      [
        f.id,
        `${f.ecosystem}/${f.package}@${f.version}`,
        f.file ?? '',
        f.kind === 'vulnerability' ? 'vulnerability' : f.kind,
      ].join(' ');
    expect(
      sarifRun.results!.map(r =>
        [
          r.ruleId,
          r.locations![0].logicalLocations![0].fullyQualifiedName,
          r.locations![0].physicalLocation?.artifactLocation?.uri ?? '',
          r.properties?.kind ?? 'vulnerability',
        ].join(' '),
      ),
    ).toEqual(findings.map(identify));
  });

  it('says which findings have no fix, in the text report', async () => {
    expect(await cli('scan', '.', ...offline)).toBe(0);
    expect(out).toContain('Findings: 8');
    expect(out).toContain(
      'RUSTSEC-2023-0071: rsa 0.9.8 (crates.io, Cargo.lock, unknown): medium, CVSS 5.9; no fix available',
    );
    expect(out).toContain(
      'RUSTSEC-2024-0363: sqlx 0.7.2 (crates.io, Cargo.lock, unknown): severity unknown; fixed in 0.8.1',
    );
    expect(out).not.toMatch(/\bNEW\b/);
  });

  it('marks findings new or known against a baseline, and fails on new ones only', async () => {
    const previous = await scanJson();
    // The baseline of an earlier scan that did not have the sqlx finding.
    await writeFile(
      join(dir, 'baseline.json'),
      JSON.stringify({
        ...previous,
        findings: previous.findings.filter(f => f.package !== 'sqlx'),
      }),
    );

    const marked = await scanJson('--baseline', 'baseline.json');
    expect(
      marked.findings.filter(f => f.baseline === 'new').map(f => f.id),
    ).toEqual(['RUSTSEC-2024-0363']);
    expect(marked.findings.filter(f => f.baseline === 'known')).toHaveLength(7);

    out = '';
    err = '';
    expect(
      await cli(
        'scan',
        '.',
        ...offline,
        '--baseline',
        'baseline.json',
        '--fail-on',
        'new',
      ),
    ).toBe(1);
    expect(err).toBe(
      'failed: 1 new finding (RUSTSEC-2024-0363 in sqlx 0.7.2 (Cargo.lock))\n',
    );
    expect(out).toContain('Findings: 1 new, 7 known');
    expect(out).toContain('  NEW   RUSTSEC-2024-0363: sqlx 0.7.2');
    expect(out).toContain('  KNOWN RUSTSEC-2023-0071: rsa 0.9.8');

    // Once the baseline has it, the unfixable advisory no longer fails.
    await writeFile(join(dir, 'baseline.json'), JSON.stringify(previous));
    out = '';
    err = '';
    expect(
      await cli(
        'scan',
        '.',
        ...offline,
        '--baseline',
        'baseline.json',
        '--fail-on',
        'new',
      ),
    ).toBe(0);
    expect(err).toBe('');
  });

  it('shows new and known in Markdown and SARIF', async () => {
    const previous = await scanJson();
    await writeFile(
      join(dir, 'baseline.json'),
      JSON.stringify({
        findings: previous.findings.filter(f => f.package !== 'rsa'),
      }),
    );
    out = '';
    await cli(
      'scan',
      '.',
      ...offline,
      '--baseline',
      'baseline.json',
      '--format',
      'markdown',
    );
    expect(out).toContain('## Findings: 1 new, 7 known');
    expect(out).toContain(
      '| 🆕 new | `RUSTSEC-2023-0071` | `rsa` `0.9.8` | `Cargo.lock` | unknown | medium, CVSS 5.9 | no fix available |',
    );

    out = '';
    await cli(
      'scan',
      '.',
      ...offline,
      '--baseline',
      'baseline.json',
      '--format',
      'sarif',
    );
    const [sarifRun] = (JSON.parse(out) as Log).runs;
    expect(
      sarifRun.results!.filter(r => r.properties?.baseline === 'new'),
    ).toHaveLength(1);
  });

  it('counts every finding as new without a baseline', async () => {
    expect(await cli('scan', '.', ...offline, '--fail-on', 'new')).toBe(1);
    expect(err).toMatch(
      /^failed: 8 new findings \(GHSA-p6mc-m468-83gw in lodash 4\.17\.15 \(tools\/package-lock\.json\), .* and 3 more\)\n$/,
    );
  });

  it.each([
    ['missing.json', undefined, /could not read the file \(.*ENOENT/],
    ['bad.json', 'password: hunter2 {', /not JSON$/],
    [
      'other.json',
      JSON.stringify({ findings: [{ id: 'hunter2' }] }),
      /not a readiness JSON report \(invalid_type at findings\.0\.kind\)/,
    ],
  ])(
    'refuses the baseline %s, naming the file and never its content',
    async (file, content, problem) => {
      if (content !== undefined) {
        await writeFile(join(dir, file), content);
      }
      expect(await cli('scan', '.', ...offline, '--baseline', file)).toBe(2);
      expect(err).toMatch(new RegExp(`^readiness: --baseline ${file}: `));
      expect(err.trim()).toMatch(problem);
      expect(err).not.toContain('hunter2');
      expect(out).toBe('');
    },
  );

  it('offers --fail-on new only where findings are compared', async () => {
    await writeFile(join(dir, 'evidence.json'), '[]');
    expect(await cli('evaluate', 'evidence.json', '--fail-on', 'new')).toBe(2);
    expect(err).toContain(
      '--fail-on: expected stop-work or below:<mvs|production|enterprise>, got new',
    );
  });
});

describe('applyFailOn new', () => {
  const report = evaluateReadiness({
    entityRef: 'component:default/x',
    evidence: [],
    now: '2026-11-24T12:00:00Z',
  });

  it('fails when the dependency scan could not look, even with nothing new', () => {
    let err = '';
    let code = 0;
    const io: CliIo = {
      stdout: () => {},
      stderr: text => {
        err += text;
      },
      cwd: '/',
      env: {},
      now: () => new Date(),
      fetch,
    };
    applyFailOn(
      io,
      report,
      { kind: 'new' },
      c => {
        code = c;
      },
      ['vulnerabilities: advisory lookup failed: 503'],
    );
    expect(code).toBe(1);
    expect(err).toBe(
      'failed: the dependency scan is incomplete (vulnerabilities: advisory lookup failed: 503), so new findings cannot be ruled out\n',
    );

    code = 0;
    applyFailOn(io, report, { kind: 'new' }, c => {
      code = c;
    });
    expect(code).toBe(0);
  });
});
