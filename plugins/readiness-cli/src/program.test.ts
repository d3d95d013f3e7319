import { execFile } from 'node:child_process';
import {
  mkdir,
  mkdtemp,
  readFile,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
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
      env: {},
      now: () => now,
      fetch: (...args) => fetch(...args),
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
      '--fail-on',
      'below:mvs',
    );

    expect(code).toBe(1);
    expect(out).toContain('component:default/claude-flow: no tier');
    expect(out).toContain('STOP WORK: must not be deployed');
    expect(out).toContain('blocker build.clean');
    expect(out).toContain('UNKNOWN quality.tests-pass');
    expect(err).toContain('failed: stop-work order active');
  });

  it('prints JSON that is the engine report', async () => {
    await writeFile(
      join(dir, 'evidence.json'),
      JSON.stringify([
        { ...fresh, key: 'coverage', value: { linePercent: 91 } },
      ]),
    );
    expect(
      await cli(
        'evaluate',
        'evidence.json',
        '--format',
        'json',
        '--fail-on',
        'stop-work',
      ),
    ).toBe(0);
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

  it('gives items without staleAfter the lifetime the backend gives a push', async () => {
    const daysAgo = (days: number) =>
      new Date(now.getTime() - days * 86_400_000).toISOString();
    await writeFile(
      join(dir, 'pushed.json'),
      JSON.stringify([
        {
          key: 'dr-drill',
          value: { succeeded: true },
          observedAt: daysAgo(200),
        },
        {
          key: 'build',
          value: { succeeded: true, compilationErrors: 0 },
          observedAt: daysAgo(40),
        },
      ]),
    );
    expect(await cli('evaluate', 'pushed.json', '--format', 'json')).toBe(0);
    const status = (id: string) =>
      JSON.parse(out).checks.find((c: { id: string }) => c.id === id).status;
    expect(status('operations.disaster-recovery')).toBe('pass');
    expect(status('build.clean')).toBe('unknown');

    await writeFile(
      join(dir, 'pushed.json'),
      JSON.stringify([{ key: 'catalog', value: {} }]),
    );
    expect(await cli('evaluate', 'pushed.json')).toBe(2);
    expect(err).toMatch(/pushed\.json: \[0\] .*key/);
  });

  it('says which file could not be read and why', async () => {
    await writeFile(join(dir, 'broken.json'), '{ not json');
    expect(await cli('evaluate', 'broken.json')).toBe(2);
    expect(err).toContain('could not read broken.json');
    expect(await cli('evaluate', 'missing.json')).toBe(2);
    expect(err).toContain('could not read missing.json');
  });

  it.each([
    ['--fail-on', 'below:gold'],
    ['--fail-on', 'sometimes'],
    ['--format', 'xml'],
  ])('rejects %s %s by option name', async (option, value) => {
    await writeFile(join(dir, 'e.json'), '[]');
    expect(await cli('evaluate', 'e.json', option, value)).toBe(2);
    expect(err).toContain(option);
  });

  describe('scan', () => {
    const examples = resolve(__dirname, '../../../examples');
    const offline = ['--advisories', join(examples, 'advisories'), '--offline'];

    it('reports the seed case of examples/claude-flow offline and refuses the gate', async () => {
      const code = await cli(
        'scan',
        join(examples, 'claude-flow'),
        ...offline,
        '--fail-on',
        'stop-work',
      );
      expect(code).toBe(1);
      expect(out).toContain('STOP WORK: must not be deployed');
      expect(out).toContain('RUSTSEC-2023-0071 (rsa 0.9.8)');
      expect(out).toContain(
        'upgrade sqlx to 0.8.1 or later (RUSTSEC-2024-0363)',
      );
      expect(out).toContain('replace yaml-rust (unmaintained)');
      expect(out).toContain('75 TODO/FIXME markers');
      expect(err).toContain('failed: stop-work order active');
    });

    it('prints the risk register and the timeline with due dates', async () => {
      await cli('scan', join(examples, 'claude-flow'), ...offline);
      expect(out).toContain('Risk register (critical):');
      expect(out).toMatch(
        /CRITICAL +security +known vulnerabilities in locked dependencies: 2 known vulnerabilities.*\[security\.vulnerabilities\]/,
      );
      expect(out).toMatch(
        /HIGH +delivery +unverified: no build evidence \[build\.clean\]/,
      );
      expect(out).toMatch(
        /MANAGEABLE +compliance +compliance not attested: no current compliance attestation/,
      );
      expect(out).toMatch(
        /In place:\n +security +dependencies are locked and scanned against advisories/,
      );
      expect(out).toContain('Remediation plan (started 2026-11-24 12:00 UTC):');
      expect(out).toContain(
        'Immediate: contain the stop-work order (from 2026-11-24 12:00 UTC, due 2026-11-25 12:00 UTC)',
      );
      expect(out).toContain(
        '- halt deployments: the gate stays closed while the stop-work order is open (done)',
      );
      expect(out).toContain(
        'Enterprise: reach enterprise grade (from 2026-12-22 12:00 UTC, due 2027-01-19 12:00 UTC)',
      );

      out = '';
      await cli(
        'scan',
        join(examples, 'claude-flow'),
        ...offline,
        '--format',
        'json',
      );
      const report = JSON.parse(out);
      expect(report.risk.risks[0]).toEqual({
        area: 'security',
        level: 'critical',
        statement: expect.stringContaining('known vulnerabilities'),
        checks: ['security.vulnerabilities'],
        unverified: false,
      });
      expect(report.remediation.phases[1]).toMatchObject({
        phase: 'stabilise',
        dueAt: '2026-12-08T12:00:00.000Z',
      });
    });

    it('writes Markdown for pull requests and job summaries', async () => {
      await cli(
        'scan',
        join(examples, 'claude-flow'),
        ...offline,
        '--format',
        'markdown',
      );
      expect(out).toContain('# Readiness: component:default/claude-flow');
      expect(out).toContain('> **Stop work: must not be deployed**');
      expect(out).toMatch(/\| `security.vulnerabilities` \| ❌ fail \|/);
      expect(out).toContain(
        '- upgrade sqlx to 0.8.1 or later (RUSTSEC-2024-0363)',
      );
      expect(out).toContain('## Risk register');
      expect(out).toMatch(
        /\| critical \| security \| known vulnerabilities in locked dependencies: .* \| `security.vulnerabilities` \|/,
      );
      expect(out).toContain(
        '| high | delivery | unverified: no build evidence | `build.clean` |',
      );
      expect(out).toContain(
        '### Immediate: contain the stop-work order (from 2026-11-24 12:00 UTC, due 2026-11-25 12:00 UTC)',
      );
    });

    it('writes a CycloneDX SBOM of the locked packages with their vulnerabilities', async () => {
      const code = await cli(
        'scan',
        join(examples, 'claude-flow'),
        ...offline,
        '--format',
        'cyclonedx',
        '--fail-on',
        'stop-work',
      );
      expect(code).toBe(1);
      const bom = JSON.parse(out);
      expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
      expect(bom.components).toContainEqual(
        expect.objectContaining({
          name: 'sqlx',
          version: '0.7.2',
          purl: 'pkg:cargo/sqlx@0.7.2',
          evidence: { occurrences: [{ location: 'Cargo.lock' }] },
        }),
      );
      expect(
        bom.vulnerabilities.map((v: { id: string }) => v.id).sort(),
      ).toEqual(['RUSTSEC-2023-0071', 'RUSTSEC-2024-0363']);
      expect(bom.metadata.properties).toContainEqual({
        name: 'readiness:stop-work',
        value: 'active',
      });
      expect(bom.compositions).toEqual([{ aggregate: 'complete' }]);
      expect(err).toContain('failed: stop-work order active');
    });

    it('reads an SBOM in the repository as an inventory and says what it could not match', async () => {
      await writeFile(
        join(dir, 'bom.json'),
        JSON.stringify({
          bomFormat: 'CycloneDX',
          specVersion: '1.5',
          components: [
            { type: 'library', name: 'qs', purl: 'pkg:npm/qs@6.11.0' },
            { type: 'library', name: 'vendored', version: '1.0' },
          ],
        }),
      );
      expect(await cli('scan', '.', ...offline, '--format', 'cyclonedx')).toBe(
        0,
      );
      const bom = JSON.parse(out);
      expect(bom.components.map((c: { purl: string }) => c.purl)).toEqual([
        'pkg:npm/qs@6.11.0',
      ]);
      expect(bom.metadata.properties).toContainEqual({
        name: 'readiness:unknown-package',
        value: 'bom.json: vendored (no package URL)',
      });
      expect(bom.compositions).toEqual([{ aggregate: 'incomplete' }]);
      expect(err).toContain("the SBOM's inventory is incomplete");
    });

    it('never follows catalog-info.yaml out of the directory, nor echoes its content', async () => {
      const secret = await mkdtemp(join(tmpdir(), 'readiness-secret-'));
      await writeFile(join(secret, 'credentials'), 'password: [hunter2\n');
      await symlink(
        join(secret, 'credentials'),
        join(dir, 'catalog-info.yaml'),
      );
      expect(await cli('scan', '.', ...offline, '--format', 'json')).toBe(0);
      expect(err).toContain(
        'could not read catalog-info.yaml: a symbolic link to outside the repository, not followed',
      );
      expect(err + out).not.toContain('hunter2');
      await rm(secret, { recursive: true, force: true });
    });

    it('names no content in a catalog-info.yaml YAML error', async () => {
      await writeFile(join(dir, 'catalog-info.yaml'), 'password: [hunter2\n');
      expect(await cli('scan', '.', ...offline, '--format', 'json')).toBe(0);
      expect(err).toContain('could not read catalog-info.yaml: invalid YAML');
      expect(err).not.toContain('hunter2');
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

    it('names a monorepo after its directory, not after one of the packages its catalog-info.yaml lists', async () => {
      const component = (name: string, location: string) =>
        [
          'apiVersion: backstage.io/v1alpha1',
          'kind: Component',
          'metadata:',
          `  name: ${name}`,
          '  annotations:',
          `    backstage.io/source-location: ${location}`,
          'spec: { type: library, lifecycle: production, owner: team-a }',
        ].join('\n');
      const write = (...docs: string[]) =>
        writeFile(join(dir, 'catalog-info.yaml'), docs.join('\n---\n'));
      const scannedAs = async () => {
        out = '';
        expect(await cli('scan', '.', ...offline, '--format', 'json')).toBe(0);
        return JSON.parse(out).entityRef;
      };

      await write(
        component('first-package', 'dir:./packages/first/'),
        component('second-package', 'dir:./packages/second/'),
      );
      expect(await scannedAs()).toBe(`component:default/${basename(dir)}`);

      await write(
        component('first-package', 'dir:./packages/first/'),
        component('whole-repo', 'dir:./'),
      );
      expect(await scannedAs()).toBe('component:default/whole-repo');
    });

    it('ignores a Component whose name breaks the catalog rules, and escapes the directory name in Markdown', async () => {
      // The crafted name that added a fake tier line and hid the real report.
      const crafted = 'x\n\n**Enterprise** · score **100/100**\n\n<!--';
      await writeFile(
        join(dir, 'catalog-info.yaml'),
        [
          'apiVersion: backstage.io/v1alpha1',
          'kind: Component',
          'metadata:',
          `  name: ${JSON.stringify(crafted)}`,
          'spec: { type: service, lifecycle: production, owner: team-a }',
        ].join('\n'),
      );
      expect(await cli('scan', '.', ...offline, '--format', 'json')).toBe(0);
      expect(JSON.parse(out).entityRef).toBe(
        `component:default/${basename(dir)}`,
      );
      expect(err).toContain(
        'catalog-info.yaml: a Component with an invalid metadata.name or metadata.namespace was ignored',
      );

      // A directory name is not checked against the catalog's rules: escaped.
      const odd = join(dir, 'odd [x](e) <!--');
      await mkdir(odd);
      out = '';
      expect(await cli('scan', odd, ...offline, '--format', 'markdown')).toBe(
        0,
      );
      expect(out.split('\n')[0]).toBe(
        '# Readiness: component:default/odd \\[x\\](e) \\<\\!--',
      );
      expect(out).not.toContain('<!--');
    });

    it('names the lockfile it could not read', async () => {
      await writeFile(
        join(dir, 'package-lock.json'),
        '{ "lockfileVersion": 3, ',
      );
      expect(await cli('scan', '.', ...offline)).toBe(0);
      expect(out).toMatch(/could not read package-lock\.json/);
    });

    it('leaves out excluded directories, and refuses one outside the scanned directory', async () => {
      const fixtures = join(dir, 'test', 'fixtures');
      await mkdir(fixtures, { recursive: true });
      await writeFile(
        join(fixtures, 'Cargo.lock'),
        await readFile(join(examples, 'claude-flow', 'Cargo.lock'), 'utf8'),
      );
      const vulnerabilities = () =>
        JSON.parse(out).checks.find(
          (c: { id: string }) => c.id === 'security.vulnerabilities',
        );
      await cli('scan', '.', ...offline, '--format', 'json');
      expect(vulnerabilities().status).toBe('fail');
      out = '';
      await cli(
        'scan',
        '.',
        ...offline,
        '--format',
        'json',
        '--exclude',
        'test/fixtures/',
      );
      expect(vulnerabilities().status).toBe('unknown');

      expect(await cli('scan', '.', ...offline, '--exclude', '../x')).toBe(2);
      expect(err).toContain('--exclude: ../x must be a directory inside');
    });

    it('fails with the reason when the directory cannot be read', async () => {
      expect(await cli('scan', 'missing', ...offline)).toBe(2);
      expect(err).toContain('repository could not collect');
      expect(out).toBe('');
    });

    describe('--build-log', () => {
      const cargoLog = resolve(
        __dirname,
        '../../readiness-node/src/buildLogs/__fixtures__/cargo-human.log',
      );
      const buildCheck = () =>
        JSON.parse(out).checks.find(
          (c: { id: string }) => c.id === 'build.clean',
        );

      /** Real tsc output: the workspace's compiler on a broken file. */
      async function tscLog(): Promise<string> {
        await writeFile(
          join(dir, 'broken.ts'),
          "const port: number = 'eighty';\nconsole.log(missingName, port);\n",
        );
        const result = await new Promise<string>(done =>
          execFile(
            process.execPath,
            [
              require.resolve('typescript/bin/tsc'),
              '--noEmit',
              '--pretty',
              'false',
              'broken.ts',
            ],
            { cwd: dir },
            (_error, stdout) => done(stdout),
          ),
        );
        await writeFile(join(dir, 'tsc.log'), result);
        return result;
      }

      it('counts the compile errors of every log, grouped by code, and starts the stop-work counter', async () => {
        expect(await tscLog()).toContain('error TS2322');
        await cli(
          'scan',
          '.',
          ...offline,
          '--format',
          'json',
          '--build-log',
          'tsc.log',
          '--build-log',
          cargoLog,
        );
        const report = JSON.parse(out);
        const build = buildCheck();
        expect(build.status).toBe('fail');
        expect(build.summary).toBe(
          '8 compilation errors on the default branch',
        );
        expect(build.details).toEqual([
          'E0432 unresolved import … ×3',
          'E0308 mismatched types ×2',
          // Ties keep the order of the logs.
          'TS2322 Type … is not assignable to type …. ×1',
          'TS2304 Cannot find name …. ×1',
          'E0425 cannot find value … in this scope ×1',
          '1 warning, not counted as errors',
        ]);
        expect(report.stopWork.progress).toContainEqual(
          expect.objectContaining({
            label: 'compilation errors resolved 0/8',
          }),
        );
      });

      it('leaves the build unknown when a log holds no compiler output', async () => {
        await writeFile(join(dir, 'empty.log'), '');
        await cli(
          'scan',
          '.',
          ...offline,
          '--format',
          'json',
          '--build-log',
          'empty.log',
        );
        expect(buildCheck()).toMatchObject({
          status: 'unknown',
          summary: expect.stringContaining(
            'no compiler output recognised in empty.log',
          ),
        });
      });

      it('refuses a log it cannot read', async () => {
        expect(
          await cli('scan', '.', ...offline, '--build-log', 'missing.log'),
        ).toBe(2);
        expect(err).toContain('could not read build log missing.log: ENOENT');
      });
    });

    describe('registry signals', () => {
      const server = setupServer();
      beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
      afterEach(() => server.resetHandlers());
      afterAll(() => server.close());
      const auditOf = () =>
        JSON.parse(out).checks.find((c: any) => c.id === 'security.audit');
      const paymentsApi = join(examples, 'payments-api');
      const withAdvisories = ['--advisories', join(examples, 'advisories')];

      it('offline, leaves security.audit unknown, naming npm deprecation as not checked', async () => {
        await cli('scan', paymentsApi, ...offline, '--format', 'json');
        expect(auditOf()).toMatchObject({
          status: 'unknown',
          summary:
            'npm deprecation (registry package metadata) could not be checked',
          details: [
            'npm deprecation (registry package metadata) was not checked for 3 locked packages: offline: the npm registry was not asked',
          ],
        });
      });

      it('passes it offline when the signal is declared not required', async () => {
        await cli(
          'scan',
          paymentsApi,
          ...offline,
          '--required-signals',
          'none',
          '--format',
          'json',
        );
        expect(auditOf()).toMatchObject({
          status: 'pass',
          summary:
            'no unmaintained, unsound, deprecated or yanked dependencies in 3 locked packages',
        });
      });

      it('asks the npm registry given, and fails on a deprecated version', async () => {
        const asked: string[] = [];
        server.use(
          http.get('http://npm.test/:name', ({ params }) => {
            const name = String(params.name);
            asked.push(name);
            const versions: Record<string, string> = {
              semver: '7.6.3',
              yaml: '2.6.1',
              zod: '3.23.8',
            };
            return HttpResponse.json({
              name,
              versions: {
                [versions[name]]: {
                  name,
                  version: versions[name],
                  ...(name === 'yaml'
                    ? { deprecated: 'yaml 2.6.1 is deprecated, use 2.6.2' }
                    : {}),
                },
              },
            });
          }),
        );
        await cli(
          'scan',
          paymentsApi,
          ...withAdvisories,
          '--npm-registry-url',
          'http://npm.test',
          '--format',
          'json',
        );
        expect(asked.sort()).toEqual(['semver', 'yaml', 'zod']);
        expect(auditOf()).toMatchObject({
          status: 'fail',
          summary: '1 unhealthy dependency: yaml 2.6.1 (deprecated)',
          actions: ['replace yaml (deprecated)'],
        });
      });

      it('refuses --offline without an advisory directory, and an unknown signal', async () => {
        expect(await cli('scan', '.', '--offline')).toBe(2);
        expect(err).toContain('--offline needs --advisories');
        err = '';
        expect(
          await cli(
            'scan',
            '.',
            ...offline,
            '--required-signals',
            'pypi-yanked',
          ),
        ).toBe(2);
        expect(err).toContain(
          '--required-signals: signal[0]: expected one of npm-deprecated, crates-yanked',
        );
      });
    });

    describe('licenses', () => {
      const server = setupServer();
      beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
      afterEach(() => server.resetHandlers());
      afterAll(() => server.close());
      const licensesOf = () =>
        JSON.parse(out).checks.find((c: any) => c.id === 'compliance.licenses');

      it('passes compliance.licenses under an allow list covering the lockfile licenses', async () => {
        await cli(
          'scan',
          join(examples, 'payments-api'),
          ...offline,
          '--allow-licenses',
          'MIT,ISC',
          '--format',
          'json',
        );
        expect(licensesOf()).toMatchObject({
          status: 'pass',
          summary: '3 packages under allowed licenses',
        });
      });

      it('fails naming a denied license, and is unknown without a policy', async () => {
        await cli(
          'scan',
          join(examples, 'payments-api'),
          ...offline,
          '--deny-licenses',
          'ISC',
          '--format',
          'json',
        );
        expect(licensesOf()).toMatchObject({
          status: 'fail',
          summary:
            '2 packages under a license the policy does not allow: semver 7.6.3 (ISC), yaml 2.6.1 (ISC)',
        });
        out = '';
        await cli(
          'scan',
          join(examples, 'payments-api'),
          ...offline,
          '--format',
          'json',
        );
        expect(licensesOf().status).toBe('unknown');
      });

      it('asks PyPI for licenses no file states', async () => {
        const asked: string[] = [];
        server.use(
          http.get(
            'http://pypi.test/pypi/:name/:version/json',
            ({ params }) => {
              asked.push(`${params.name} ${params.version}`);
              return HttpResponse.json({
                info: {
                  version: params.version,
                  license_expression: 'Apache-2.0',
                },
              });
            },
          ),
        );
        await writeFile(join(dir, 'requirements.txt'), 'requests==2.31.0\n');
        await cli(
          'scan',
          '.',
          '--advisories',
          join(examples, 'advisories'),
          '--pypi-url',
          'http://pypi.test',
          '--allow-licenses',
          'Apache-2.0',
          '--format',
          'json',
        );
        expect(asked).toEqual(['requests 2.31.0']);
        expect(licensesOf()).toMatchObject({ status: 'pass' });
      });

      it('refuses a license list entry that is not an SPDX id', async () => {
        expect(
          await cli('scan', '.', ...offline, '--allow-licenses', 'MIT OR ISC'),
        ).toBe(2);
        expect(err).toContain('--allow-licenses: expected an SPDX license id');
      });
    });

    it('refuses both an advisory directory and an OSV URL', async () => {
      expect(
        await cli('scan', '.', ...offline, '--osv-url', 'http://osv.test'),
      ).toBe(2);
      expect(err).toMatch(/--advisories.*cannot be used with.*--osv-url/);
    });

    it('rejects an unknown format', async () => {
      expect(await cli('scan', '.', ...offline, '--format', 'xml')).toBe(2);
      expect(err).toContain('--format');
    });
  });

  describe('gate', () => {
    const server = setupServer();
    beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
    afterEach(() => server.resetHandlers());
    afterAll(() => server.close());
    const gateUrl =
      'http://backstage.test/api/readiness/v1/entities/component/default/claude-flow/gate';

    it('exits 0 when allowed, sending the token and the tier', async () => {
      let seen: { auth: string | null; minTier: string | null } | undefined;
      server.use(
        http.get(gateUrl, ({ request }) => {
          seen = {
            auth: request.headers.get('authorization'),
            minTier: new URL(request.url).searchParams.get('minTier'),
          };
          return HttpResponse.json({
            allowed: true,
            tier: 'production',
            minTier: 'production',
            reasons: [],
          });
        }),
      );
      io.env.READINESS_TOKEN = 'secret';
      const code = await cli(
        'gate',
        'claude-flow',
        '--url',
        'http://backstage.test',
        '--min-tier',
        'production',
      );
      expect(code).toBe(0);
      expect(seen).toEqual({ auth: 'Bearer secret', minTier: 'production' });
      expect(out).toContain('allowed: claude-flow is at tier production');
    });

    it("exits 1 with the reasons when denied, leaving the tier to the entity's lifecycle", async () => {
      let asked: string | null | undefined;
      server.use(
        http.get(gateUrl, ({ request }) => {
          asked = new URL(request.url).searchParams.get('minTier');
          return HttpResponse.json({
            allowed: false,
            tier: null,
            minTier: 'mvs',
            reasons: ['stop-work order active (blockers build.clean)'],
          });
        }),
      );
      expect(
        await cli(
          'gate',
          'component:default/claude-flow',
          '--url',
          'http://backstage.test/',
        ),
      ).toBe(1);
      expect(asked).toBeNull();
      expect(out).toContain('denied: claude-flow is at tier none');
      expect(out).toContain('- stop-work order active (blockers build.clean)');
    });

    it.each([
      [
        'a server error',
        () =>
          HttpResponse.json({ error: { message: 'boom' } }, { status: 500 }),
        '500',
      ],
      ['a network error', () => HttpResponse.error(), 'unreachable'],
    ])(
      'exits 2 on %s, neither allowing nor denying',
      async (_what, reply, message) => {
        server.use(http.get(gateUrl, reply));
        expect(
          await cli('gate', 'claude-flow', '--url', 'http://backstage.test'),
        ).toBe(2);
        expect(err).toContain(message);
        expect(out).toBe('');
      },
    );

    it('rejects a malformed entity ref and URL', async () => {
      expect(
        await cli('gate', 'component:', '--url', 'http://backstage.test'),
      ).toBe(2);
      expect(err).toContain('<entityRef>');
      expect(await cli('gate', 'claude-flow', '--url', 'not a url')).toBe(2);
      expect(err).toContain('--url');
    });
  });
});
