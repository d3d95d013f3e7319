import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setUpCli } from '../__testUtils__/testCli';

const fresh = {
  source: 'ci',
  observedAt: '2026-11-24T10:00:00Z',
  staleAfter: '2026-12-24T10:00:00Z',
};

type Check = { id: string; status: string; severity: string };

describe('--config: the portal app-config in the CLI', () => {
  const { state, cli } = setUpCli();
  const write = (name: string, text: string) =>
    writeFile(join(state.dir, name), text);
  const checkOf = (id: string): Check =>
    JSON.parse(state.out).checks.find((c: Check) => c.id === id);

  beforeEach(async () => {
    await write(
      'evidence.json',
      JSON.stringify([
        { ...fresh, key: 'coverage', value: { linePercent: 90 } },
        {
          ...fresh,
          key: 'build',
          value: { succeeded: true, compilationErrors: 0 },
        },
      ]),
    );
  });

  it('evaluates with the checks of the files, later files winning, with includes and substitution as the backend reads them', async () => {
    expect(await cli('evaluate', 'evidence.json', '--format', 'json')).toBe(0);
    expect(checkOf('quality.coverage').status).toBe('pass');

    await write(
      'app-config.yaml',
      [
        'readiness:',
        '  checks:',
        '    quality:',
        '      coverage:',
        '        severity: ${COVERAGE_SEVERITY}',
        '        thresholds: { minLinePercent: 80 }',
        '    build.clean:',
        '      $include: build-clean.yaml',
      ].join('\n'),
    );
    await write('build-clean.yaml', 'enabled: false\n');
    await write(
      'app-config.production.yaml',
      [
        'readiness:',
        '  checks:',
        '    quality:',
        '      coverage:',
        '        thresholds: { minLinePercent: 95 }',
      ].join('\n'),
    );
    state.io.env.COVERAGE_SEVERITY = 'blocker';
    state.err = '';
    state.out = '';
    const code = await cli(
      'evaluate',
      'evidence.json',
      '--format',
      'json',
      '--config',
      'app-config.yaml',
      '--config',
      resolve(state.dir, 'app-config.production.yaml'),
      '--fail-on',
      'stop-work',
    );
    expect(state.err).toBe(
      'failed: stop-work order active (blockers quality.coverage)\n',
    );
    // 90% under the production file's 95%, and a blocker by the first
    // file's variable.
    expect(checkOf('quality.coverage')).toMatchObject({
      status: 'fail',
      severity: 'blocker',
    });
    expect(checkOf('build.clean')).toBeUndefined();
    expect(code).toBe(1);
  });

  it('evaluates the custom checks of the files, and in a scan only those whose appliesTo matches the scanned Component', async () => {
    await write(
      'app-config.yaml',
      [
        'readiness:',
        '  checks:',
        '    custom:',
        '      - id: acme.coverage-floor',
        '        title: Coverage of at least 95%',
        '        tier: mvs',
        '        dimension: testing',
        '        rule: evidence.coverage.linePercent >= 95',
        '      - id: acme.services-only',
        '        title: For services',
        '        tier: enterprise',
        '        dimension: operations',
        '        appliesTo: { spec.type: service }',
        '        rule: "true"',
        '      - id: acme.websites-only',
        '        title: For websites',
        '        tier: enterprise',
        '        dimension: operations',
        '        appliesTo: { spec.type: website }',
        '        rule: "true"',
      ].join('\n'),
    );
    expect(
      await cli(
        'evaluate',
        'evidence.json',
        '--format',
        'json',
        '--config',
        'app-config.yaml',
      ),
    ).toBe(0);
    expect(checkOf('acme.coverage-floor')).toMatchObject({
      status: 'fail',
      severity: 'blocker',
    });
    expect(JSON.parse(state.out).stopWork.active).toBe(true);

    // A repository whose catalog-info.yaml describes a service.
    await mkdir(join(state.dir, 'svc'));
    await write(
      'svc/catalog-info.yaml',
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata: { name: svc }',
        'spec: { type: service, lifecycle: production, owner: team }',
      ].join('\n'),
    );
    await write('svc/README.md', '# svc\n');
    const examples = resolve(__dirname, '../../../../examples');
    state.out = '';
    expect(
      await cli(
        'scan',
        'svc',
        '--advisories',
        join(examples, 'advisories'),
        '--offline',
        '--format',
        'json',
        '--config',
        'app-config.yaml',
      ),
    ).toBe(0);
    const ids = JSON.parse(state.out).checks.map((c: Check) => c.id);
    expect(ids).toContain('acme.coverage-floor');
    expect(ids).toContain('acme.services-only');
    expect(ids).not.toContain('acme.websites-only');
  });

  it('refuses one check set both as nested keys and as a dotted key, which merging would decide silently', async () => {
    await write(
      'a.yaml',
      'readiness:\n  checks:\n    quality:\n      coverage: { severity: blocker }\n',
    );
    await write(
      'b.yaml',
      "readiness:\n  checks:\n    'quality.coverage': { enabled: false }\n",
    );
    expect(
      await cli(
        'evaluate',
        'evidence.json',
        '--config',
        'a.yaml',
        '--config',
        'b.yaml',
      ),
    ).toBe(2);
    expect(state.err).toContain(
      'checks["quality.coverage"]: set both as nested keys and as a dotted key; use one form',
    );
  });

  it('refuses an invalid key of the files naming it, and a missing file', async () => {
    await write(
      'app-config.yaml',
      'readiness:\n  checks:\n    quality.coverage:\n      thresholds: { minLinePercent: high }\n',
    );
    expect(
      await cli('evaluate', 'evidence.json', '--config', 'app-config.yaml'),
    ).toBe(2);
    expect(state.err).toContain(
      'checks["quality.coverage"].thresholds.minLinePercent: expected number',
    );
    expect(state.err).toContain('--config app-config.yaml');
    state.err = '';
    expect(
      await cli('evaluate', 'evidence.json', '--config', 'absent.yaml'),
    ).toBe(2);
    expect(state.err).toMatch(/^readiness: --config: .*absent\.yaml/);
  });

  it('scans with the files and lets given options win over them', async () => {
    const examples = resolve(__dirname, '../../../../examples');
    await write(
      'app-config.yaml',
      [
        'readiness:',
        '  requiredTiers: { production: enterprise }',
        '  dependencyHealth: { requiredSignals: [] }',
        '  licenses: { allow: [Apache-2.0, MIT] }',
        '  checks:',
        '    quality.tech-debt: { enabled: false }',
      ].join('\n'),
    );
    const scan = (...extra: string[]) =>
      cli(
        'scan',
        join(examples, 'claude-flow'),
        '--advisories',
        join(examples, 'advisories'),
        '--offline',
        '--max-age-days',
        '3650',
        '--format',
        'json',
        '--config',
        'app-config.yaml',
        ...extra,
      );
    expect(await scan()).toBe(0);
    const report = JSON.parse(state.out);
    expect(report.checks.map((c: Check) => c.id)).not.toContain(
      'quality.tech-debt',
    );
    // Offline, no locked crate's license is known: the file's policy
    // leaves the check unknown, the command line accepts unknown licenses.
    expect(checkOf('compliance.licenses').status).toBe('unknown');
    state.out = '';
    expect(await scan('--accept-unknown-licenses')).toBe(0);
    expect(JSON.parse(state.out).checks.map((c: Check) => c.id)).not.toContain(
      'quality.tech-debt',
    );
    expect(checkOf('compliance.licenses').status).toBe('pass');
  });
});
