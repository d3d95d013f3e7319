import type { Entity } from '@backstage/catalog-model';
import { evaluateReadiness } from '@readiness/plugin-readiness-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DirectoryAdvisorySource,
  packageKey,
  type AdvisorySource,
  type OsvVulnerability,
  type PackageQuery,
} from '../../advisories';
import type { RegistryHealthSource } from '../../registries';
import { readLocalRepository } from '../../repository';
import { createCollectorContext } from '../../testUtils';
import {
  analyzeRepository,
  type AnalyzeRepositoryOptions,
} from './analyzeRepository';
import {
  createRepositoryFileFilter,
  isRepositoryFileOfInterest,
} from './repositoryPatterns';
import { createRepositoryCollector } from './createRepositoryCollector';

const examples = resolve(__dirname, '../../../../../examples');
const advisories = new DirectoryAdvisorySource({
  directory: resolve(examples, 'advisories'),
});
const now = new Date('2026-11-24T10:00:00Z');
// A source that knows no advisory, so only the registry signals matter.
const emptySource: AdvisorySource = {
  async findAdvisories() {
    return new Map();
  },
};

async function analyze(repo: string, source: AdvisorySource = advisories) {
  const snapshot = await readLocalRepository(
    resolve(examples, repo),
    [examples],
    {
      include: () => true,
    },
  );
  return analyzeRepository(snapshot, { advisories: source, now });
}

function valueOf(evidence: Awaited<ReturnType<typeof analyze>>, key: string) {
  return evidence.find(e => e.key === key) as any;
}

describe('analyzeRepository', () => {
  it('finds the seed case in examples/claude-flow', async () => {
    const evidence = await analyze('claude-flow');

    const vulnerabilities = valueOf(evidence, 'vulnerabilities').value;
    expect(
      vulnerabilities.findings
        .map(
          (f: any) =>
            `${f.advisoryId} ${f.packageName} ${f.version} ${f.severity}`,
        )
        .sort(),
    ).toEqual([
      'RUSTSEC-2023-0071 rsa 0.9.8 medium',
      'RUSTSEC-2024-0363 sqlx 0.7.2 unknown',
    ]);
    expect(vulnerabilities.unreadable).toEqual([]);
    expect(vulnerabilities.scannedPackages).toBeGreaterThan(20);

    expect(
      valueOf(evidence, 'dependency-health')
        .value.findings.map((f: any) => `${f.packageName} ${f.kind}`)
        .sort(),
    ).toEqual(['paste unmaintained', 'yaml-rust unmaintained']);
    expect(valueOf(evidence, 'repository-files').value).toEqual({
      readme: true,
      docs: false,
      runbook: false,
      securityPolicy: false,
      dependencyUpdates: false,
      codeowners: false,
      license: false,
      contributing: false,
      readmeBytes: 304,
      readmeSections: ['claude-flow', 'Build', 'Run'],
      testFiles: 0,
    });
    expect(valueOf(evidence, 'todo-markers').value).toEqual({
      count: 75,
      files: 8,
    });
    // No registry source was given: the yanked crates were not looked for.
    const health = valueOf(evidence, 'dependency-health').value;
    expect(health.scannedPackages).toBe(vulnerabilities.scannedPackages);
    expect(health.unchecked).toEqual([
      {
        signal: 'crates-yanked',
        reason: 'offline: the crates.io index was not asked',
        packages: vulnerabilities.scannedPackages,
      },
    ]);
    expect(valueOf(evidence, 'pipeline').value).toEqual({ exists: false });
    expect(valueOf(evidence, 'coverage')).toBeUndefined();

    const report = evaluateReadiness({
      entityRef: 'component:default/claude-flow',
      evidence: evidence.map(e => ({ ...e, source: 'repository' }) as any),
      now: now.toISOString(),
    });
    expect(report.stopWork.active).toBe(true);
    expect([...report.stopWork.blockers].sort()).toEqual([
      'delivery.pipeline',
      'security.audit',
      'security.vulnerabilities',
    ]);
    const docs = report.checks.find(c => c.id === 'docs.complete')!;
    expect(docs.summary).toBe('missing docs, runbook (README present)');
    expect(docs.details).toEqual([
      'README: 304 bytes; headings: claude-flow, Build, Run',
    ]);
    expect(docs.credit).toBeCloseTo(0.1);
    expect(
      report.checks.find(c => c.id === 'quality.tests-pass')!.details,
    ).toEqual(['no test files found in the repository']);
  });

  it('keeps every informational advisory of a crate version and adds the registry marks to the lockfile', async () => {
    const unsound = (id: string, fixed?: string): OsvVulnerability => ({
      id,
      modified: '2026-11-01T00:00:00Z',
      summary: `${id} is unsound`,
      affected: [
        {
          package: { ecosystem: 'crates.io', name: 'paste' },
          ranges: [
            {
              type: 'SEMVER',
              events: [
                { introduced: '0.0.0-0' },
                ...(fixed ? [{ fixed }] : []),
              ],
            },
          ],
          database_specific: { informational: 'unsound' },
        },
      ],
    });
    const source: AdvisorySource = {
      async findAdvisories(queries) {
        return new Map(
          queries
            .filter(q => q.name === 'paste')
            .map(q => [
              packageKey(q),
              [
                unsound('RUSTSEC-2099-0001', '1.0.16'),
                unsound('RUSTSEC-2099-0002'),
              ],
            ]),
        );
      },
    };
    const registries: RegistryHealthSource = {
      async checkPackages(queries) {
        const yaml = queries.find(q => q.name === 'yaml-rust')!;
        return {
          findings: new Map([
            [
              packageKey(yaml),
              {
                ecosystem: 'crates.io',
                packageName: 'yaml-rust',
                version: yaml.version,
                kind: 'yanked' as const,
                summary: `yaml-rust ${yaml.version} was yanked from crates.io`,
              },
            ],
          ]),
          unchecked: [],
        };
      },
    };
    const snapshot = await readLocalRepository(
      resolve(examples, 'claude-flow'),
      [examples],
      { include: () => true },
    );
    const evidence = await analyzeRepository(snapshot, {
      advisories: source,
      registries,
      now,
    });
    const health = valueOf(evidence, 'dependency-health').value;
    expect(
      health.findings.map(
        (f: any) =>
          `${f.packageName} ${f.kind} ${f.advisoryId ?? '-'} ${f.nearestFixed ?? '-'} ${f.lockfile}`,
      ),
    ).toEqual([
      'paste unsound RUSTSEC-2099-0001 1.0.16 Cargo.lock',
      'paste unsound RUSTSEC-2099-0002 - Cargo.lock',
      'yaml-rust yanked - - Cargo.lock',
    ]);
    expect(health.unchecked).toBeUndefined();

    const audit = evaluateReadiness({
      entityRef: 'component:default/claude-flow',
      evidence: evidence.map(e => ({ ...e, source: 'repository' }) as any),
      now: now.toISOString(),
    }).checks.find(c => c.id === 'security.audit')!;
    expect(audit.status).toBe('fail');
    expect(audit.actions).toEqual([
      'upgrade paste to 1.0.16 or later (RUSTSEC-2099-0001)',
      'replace paste or avoid its unsound use (RUSTSEC-2099-0002): no fixed version exists',
      'upgrade yaml-rust from yanked version 0.4.5',
    ]);
  });

  it('does not pass the audit of a repository whose yanked crates were not looked for, unless the admin allows it', async () => {
    const evidence = await analyze('claude-flow', emptySource);
    const items = evidence.map(e => ({ ...e, source: 'repository' }) as any);
    const audit = (config?: any) =>
      evaluateReadiness({
        entityRef: 'component:default/claude-flow',
        evidence: items,
        now: now.toISOString(),
        config,
      }).checks.find(c => c.id === 'security.audit')!;
    expect(audit().status).toBe('unknown');
    expect(audit().summary).toBe(
      'crates.io yanked versions (sparse index) could not be checked',
    );
    const relaxed = audit({ dependencyHealth: { requiredSignals: [] } });
    expect(relaxed.status).toBe('pass');
    expect(relaxed.details[0]).toMatch(
      /^crates\.io yanked versions \(sparse index\) was not checked for \d+ locked packages: offline: the crates\.io index was not asked \(not required/,
    );
  });

  it('sees the documentation and policy files of a well-kept repository', async () => {
    const evidence = await analyze('payments-api');
    expect(valueOf(evidence, 'repository-files').value).toEqual({
      readme: true,
      docs: true,
      runbook: true,
      securityPolicy: true,
      dependencyUpdates: true,
      codeowners: true,
      license: false,
      contributing: false,
      readmeBytes: 521,
      readmeSections: ['payments-api', 'Develop'],
      testFiles: 1,
    });
    // deploy.yml deploys (its name, and environment: production): whether
    // its last run succeeded is for CI evidence to say.
    expect(valueOf(evidence, 'pipeline')).toBeUndefined();
  });

  it('counts the tests of a Python repository without a CI', async () => {
    const evidence = await analyze('ledger-worker');
    expect(valueOf(evidence, 'repository-files').value.testFiles).toBe(1);
    expect(valueOf(evidence, 'pipeline').value).toEqual({ exists: false });
  });

  it('reports unpinned requirements instead of calling them clean', async () => {
    const evidence = await analyze('ledger-worker');
    const { unpinned } = valueOf(evidence, 'vulnerabilities').value;
    expect(unpinned.map((u: any) => u.name)).toContain('boto3');
    // nor is its dependency health: an unlocked version may be yanked
    expect(valueOf(evidence, 'dependency-health').error).toMatch(
      /in requirements\.txt has no locked version and was not checked$/,
    );
  });

  it('says which lockfile could not be read, and claims no clean dependency health', async () => {
    const snapshot = {
      location: '/repo',
      files: new Map([['Cargo.lock', 'this is [not toml']]),
      skipped: [],
    };
    const evidence = await analyzeRepository(snapshot, { advisories, now });
    const { unreadable } = valueOf(evidence, 'vulnerabilities').value;
    expect(unreadable).toEqual([
      {
        file: 'Cargo.lock',
        reason: expect.stringMatching(/^invalid TOML at line 1/),
      },
    ]);
    expect(valueOf(evidence, 'dependency-health').error).toMatch(
      /^could not read Cargo\.lock: invalid TOML at line 1/,
    );
  });

  it('discovers and queries the newer lockfile formats', async () => {
    const fixtures = resolve(__dirname, '../../lockfiles/__fixtures__');
    const read = (path: string) =>
      readFileSync(resolve(fixtures, path), 'utf8');
    const files = new Map([
      ['api/uv.lock', read('uv/uv.lock')],
      ['web/bun.lock', read('bun/bun.lock')],
      ['svc/packages.lock.json', read('nuget/packages.lock.json')],
      ['jvm/gradle.lockfile', read('gradle/gradle.lockfile')],
      ['app/pubspec.lock', read('pub/pubspec.lock')],
      ['ex/mix.lock', read('mix/mix.lock')],
      ['ios/Package.resolved', read('swift-v3/Package.resolved')],
      ['tools/pylock.dev.toml', read('pylock/pylock.toml')],
      ['worker/pdm.lock', read('pdm/pdm.lock')],
    ]);
    for (const path of files.keys()) {
      expect(isRepositoryFileOfInterest(path)).toBe(true);
    }
    const queried: PackageQuery[] = [];
    const recording: AdvisorySource = {
      async findAdvisories(queries) {
        queried.push(...queries);
        return new Map();
      },
    };
    await analyzeRepository(
      { location: '/repo', files, skipped: [] },
      { advisories: recording, now },
    );
    expect(new Set(queried.map(q => q.ecosystem))).toEqual(
      new Set(['PyPI', 'npm', 'NuGet', 'Maven', 'Pub', 'Hex', 'SwiftURL']),
    );
    expect(queried).toContainEqual({
      ecosystem: 'Hex',
      name: 'poison',
      version: '2.2.0',
    });
    expect(queried).toContainEqual({
      ecosystem: 'SwiftURL',
      name: 'github.com/vapor/vapor',
      version: '4.99.3',
    });
  });

  it('follows -r includes it has read and names the ones it has not', async () => {
    const snapshot = {
      location: '/repo',
      files: new Map([
        ['requirements.txt', '-r requirements/base.txt\n-r extra.txt\n'],
        ['requirements/base.txt', 'requests==2.31.0\n'],
      ]),
      skipped: [],
    };
    const evidence = await analyzeRepository(snapshot, { advisories, now });
    const value = valueOf(evidence, 'vulnerabilities').value;
    expect(value.scannedPackages).toBe(1);
    expect(value.unreadable).toEqual([
      {
        file: 'extra.txt',
        reason: 'included by requirements.txt but not read',
      },
    ]);
  });

  it('reports a vulnerable version once per lockfile, with the scope each lockfile gives it', async () => {
    const lock = (dev: boolean) =>
      JSON.stringify({
        name: 'app',
        lockfileVersion: 3,
        packages: {
          '': { name: 'app' },
          'node_modules/lodash': {
            version: '4.17.15',
            ...(dev ? { dev } : {}),
          },
        },
      });
    const snapshot = {
      location: '/repo',
      files: new Map([
        ['api/package-lock.json', lock(false)],
        ['tools/package-lock.json', lock(true)],
        [
          'web/yarn.lock',
          'lodash@^4.17.0:\n  version "4.17.15"\n  resolved "https://registry.example/lodash-4.17.15.tgz"\n',
        ],
      ]),
      skipped: [],
    };
    const evidence = await analyzeRepository(snapshot, { advisories, now });
    const { findings } = valueOf(evidence, 'vulnerabilities').value;
    expect(
      findings
        .map((f: any) => `${f.advisoryId} ${f.lockfile} ${f.scope}`)
        .sort(),
    ).toEqual([
      'GHSA-35jh-r3h4-6jhm api/package-lock.json prod',
      'GHSA-35jh-r3h4-6jhm tools/package-lock.json dev',
      'GHSA-35jh-r3h4-6jhm web/yarn.lock unknown',
      'GHSA-p6mc-m468-83gw api/package-lock.json prod',
      'GHSA-p6mc-m468-83gw tools/package-lock.json dev',
      'GHSA-p6mc-m468-83gw web/yarn.lock unknown',
    ]);
  });

  it('turns an advisory outage into errors, not into a clean result', async () => {
    const down: AdvisorySource = {
      findAdvisories: async () => {
        throw new Error('POST /v1/querybatch answered 503');
      },
    };
    const evidence = await analyze('claude-flow', down);
    expect(valueOf(evidence, 'vulnerabilities')).toMatchObject({
      error: 'advisory lookup failed: POST /v1/querybatch answered 503',
    });
    expect(valueOf(evidence, 'vulnerabilities').value).toBeUndefined();
    expect(valueOf(evidence, 'dependency-health').error).toContain('503');
  });
});

function snapshotOf(
  files: Record<string, string>,
  skipped: Array<{ path: string; reason: string }> = [],
) {
  return { location: '/repo', files: new Map(Object.entries(files)), skipped };
}

async function analyzeFiles(
  files: Record<string, string>,
  options: Partial<AnalyzeRepositoryOptions> & {
    skipped?: Array<{ path: string; reason: string }>;
  } = {},
) {
  const { skipped, ...rest } = options;
  return analyzeRepository(snapshotOf(files, skipped), {
    advisories,
    now,
    ...rest,
  });
}

const ciWorkflow = `name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Publish test results
        run: cargo build --release && cargo test
`;

describe('analyzeRepository: README, tests, coverage and workflows', () => {
  it('measures the root README, preferring markdown', async () => {
    const evidence = await analyzeFiles({
      'README.txt': 'x'.repeat(2000),
      'README.md': '# tool\n\nDoes things. \u00e9\n',
      'docs/README.md': '# docs\n## a\n## b\n',
    });
    expect(valueOf(evidence, 'repository-files').value).toMatchObject({
      readme: true,
      // Bytes, not characters: é is two.
      readmeBytes: 24,
      readmeSections: ['tool'],
    });
  });

  it('sees the license and contribution guide OSPS Baseline asks for, by name', async () => {
    const files = async (paths: string[]) =>
      valueOf(
        await analyzeFiles(Object.fromEntries(paths.map(p => [p, 'x']))),
        'repository-files',
      ).value;
    for (const path of [
      'LICENSE',
      'LICENSE.md',
      'COPYING',
      'LICENSE-MIT',
      'LICENSES/Apache-2.0.txt',
    ]) {
      expect(await files([path])).toMatchObject({ license: true });
    }
    // Only at the root, and a tool named after licenses is not one.
    expect(
      await files(['vendor/LICENSE', 'license-checker.js', 'src/COPYING']),
    ).toMatchObject({ license: false, contributing: false });
    expect(await files(['.github/CONTRIBUTING.md'])).toMatchObject({
      contributing: true,
      license: false,
    });
  });

  it('gives no headings for a README that is not markdown', async () => {
    const evidence = await analyzeFiles({ 'README.rst': 'Tool\n====\n' });
    const value = valueOf(evidence, 'repository-files').value;
    expect(value.readmeBytes).toBe(10);
    expect(value).not.toHaveProperty('readmeSections');
  });

  it('still sees a README it skipped for its size, without measuring it', async () => {
    const evidence = await analyzeFiles(
      {},
      { skipped: [{ path: 'README.md', reason: 'too big' }] },
    );
    const value = valueOf(evidence, 'repository-files').value;
    expect(value.readme).toBe(true);
    expect(value).not.toHaveProperty('readmeBytes');
  });

  it('counts test files across ecosystems, once each', async () => {
    const evidence = await analyzeFiles(
      {
        'src/payment.test.ts': '',
        'src/ui/Card.spec.tsx': '',
        'web/__tests__/app.js': '',
        'tests/test_summary.py': '',
        'pkg/summary_test.py': '',
        'test_cli.py': '',
        'internal/store_test.go': '',
        'spec/models/user_spec.rb': '',
        'src/test/java/com/example/OrderTest.java': '',
        'src/lib.rs':
          'fn a() {}\n#[cfg(test)]\nmod tests {\n  #[test]\n  fn b() {}\n}\n',
        'src/async.rs': '#[tokio::test]\nasync fn c() {}\n',
        'src/main.rs': 'fn main() {} // the test is elsewhere',
        'src/testing.ts': '',
        'src/contest.py': '',
        'tests/fixtures/data.json': '{}',
        'docs/test_plan.md': '',
      },
      { skipped: [{ path: 'tests/big_test.go', reason: 'too big' }] },
    );
    expect(valueOf(evidence, 'repository-files').value.testFiles).toBe(12);
  });

  it('turns a committed coverage report into coverage evidence without the repository link', async () => {
    const evidence = await analyzeFiles(
      { 'coverage/lcov.info': 'SF:a.ts\nLF:4\nLH:3\nend_of_record\n' },
      { link: 'https://github.com/example/repo' },
    );
    expect(valueOf(evidence, 'coverage')).toEqual({
      key: 'coverage',
      value: {
        linePercent: 75,
        reports: [{ file: 'coverage/lcov.info', linePercent: 75 }],
      },
      observedAt: now.toISOString(),
      staleAfter: '2026-11-26T10:00:00.000Z',
    });
  });

  it('takes the lowest of several reports and lists them', async () => {
    const evidence = await analyzeFiles({
      'web/coverage/coverage-summary.json':
        '{"total":{"lines":{"total":10,"covered":9,"pct":90}}}',
      'api/coverage.xml': '<coverage lines-valid="4" lines-covered="2"/>',
      'jvm/jacoco.xml':
        '<report><counter type="LINE" missed="1" covered="3"/></report>',
      'src/coverage/__fixtures__/lcov.info': 'not a report',
    });
    expect(valueOf(evidence, 'coverage').value).toEqual({
      linePercent: 50,
      reports: [
        { file: 'api/coverage.xml', linePercent: 50 },
        { file: 'jvm/jacoco.xml', linePercent: 75 },
        { file: 'web/coverage/coverage-summary.json', linePercent: 90 },
      ],
    });
  });

  it.each([
    [
      'a malformed report',
      { 'coverage/lcov.info': 'garbage', 'jacoco.xml': '<report>' },
      [],
      'could not read coverage/lcov.info: line 1: not an lcov line (and 1 more reports)',
    ],
    [
      'a malformed report next to a good one',
      {
        'a/lcov.info': 'SF:a\nLF:1\nLH:1\nend_of_record\n',
        'b/coverage.xml': '<coverage line-rate="0.9">',
      },
      [],
      'could not read b/coverage.xml: line 1: <coverage> is not closed',
    ],
    [
      'a report that was not read',
      {},
      [
        {
          path: 'coverage/lcov.info',
          reason: '20000000 bytes, over the limit',
        },
      ],
      'could not read coverage/lcov.info: 20000000 bytes, over the limit',
    ],
  ])(
    'makes %s a coverage error, never a pass',
    async (_name, files, skipped, error) => {
      const evidence = await analyzeFiles(files, { skipped });
      const coverage = valueOf(evidence, 'coverage');
      expect(coverage.error).toBe(error);
      expect(coverage.value).toBeUndefined();
    },
  );

  it('says "no deployment pipeline" for GitHub workflows that only test, naming them', async () => {
    const evidence = await analyzeFiles({
      '.github/workflows/lint.yaml':
        'on: push\njobs:\n  lint:\n    runs-on: x\n',
      '.github/workflows/ci.yml': ciWorkflow,
    });
    expect(valueOf(evidence, 'pipeline').value).toEqual({
      exists: false,
      workflows: ['.github/workflows/ci.yml', '.github/workflows/lint.yaml'],
    });
  });

  it.each([
    ['a deploying file name', { '.github/workflows/release.yml': ciWorkflow }],
    [
      'a deploying workflow name',
      {
        '.github/workflows/main.yml': ciWorkflow.replace(
          'name: ci',
          'name: CI/CD',
        ),
      },
    ],
    [
      'a deploying job id',
      {
        '.github/workflows/main.yml': ciWorkflow.replace(
          '  test:',
          '  publish-npm:',
        ),
      },
    ],
    [
      'a deploying job name',
      {
        '.github/workflows/main.yml': ciWorkflow.replace(
          '    runs-on',
          '    name: Deploy to staging\n    runs-on',
        ),
      },
    ],
    [
      'a called deploy workflow',
      {
        '.github/workflows/main.yml':
          'jobs:\n  go:\n    uses: org/infra/.github/workflows/deploy.yml@v1\n',
      },
    ],
    [
      'an environment',
      {
        '.github/workflows/main.yml': ciWorkflow.replace(
          '    runs-on',
          '    environment:\n      name: production\n    runs-on',
        ),
      },
    ],
    [
      'another CI system next to the workflows',
      {
        '.github/workflows/ci.yml': ciWorkflow,
        '.gitlab-ci.yml': 'test: {}\n',
      },
    ],
    [
      'a workflow that cannot be parsed',
      {
        '.github/workflows/ci.yml': ciWorkflow,
        '.github/workflows/x.yml': 'jobs: [',
      },
    ],
    [
      'a workflow without jobs',
      {
        '.github/workflows/ci.yml': ciWorkflow,
        '.github/workflows/x.yml': 'name: x\n',
      },
    ],
    [
      'a workflow with duplicate keys',
      {
        '.github/workflows/ci.yml': `${ciWorkflow}  test:\n    runs-on: y\n`,
      },
    ],
  ])('leaves the pipeline to CI evidence with %s', async (_name, files) => {
    const evidence = await analyzeFiles(files);
    expect(valueOf(evidence, 'pipeline')).toBeUndefined();
  });

  it('leaves the pipeline to CI evidence when a workflow was not read', async () => {
    const evidence = await analyzeFiles(
      { '.github/workflows/ci.yml': ciWorkflow },
      {
        skipped: [{ path: '.github/workflows/deploy.yml', reason: 'too big' }],
      },
    );
    expect(valueOf(evidence, 'pipeline')).toBeUndefined();
  });

  it('uses configured deploy patterns instead of the default', async () => {
    const files = {
      '.github/workflows/ci.yml': ciWorkflow,
      '.github/workflows/ship.yml': 'jobs:\n  ship-it:\n    runs-on: x\n',
    };
    expect(valueOf(await analyzeFiles(files), 'pipeline').value).toMatchObject({
      exists: false,
    });
    expect(
      valueOf(
        await analyzeFiles(files, { deployPatterns: ['^ship'] }),
        'pipeline',
      ),
    ).toBeUndefined();
    // A regular expression with the g flag is not stateful across files.
    expect(
      valueOf(
        await analyzeFiles(
          {
            ...files,
            '.github/workflows/ship2.yml': files['.github/workflows/ship.yml'],
          },
          { deployPatterns: [/ship/g] },
        ),
        'pipeline',
      ),
    ).toBeUndefined();
  });

  it('counts TODO markers in the configured files only', async () => {
    const files = {
      'src/a.rs': '// TODO one\n// FIXME two',
      'src/generated/b.rs': '// TODO generated',
      'scripts/c.sh': '# TODO shell',
      'README.md': 'TODO: write me',
    };
    const count = async (options: Partial<AnalyzeRepositoryOptions>) =>
      valueOf(await analyzeFiles(files, options), 'todo-markers').value.count;
    expect(await count({})).toBe(3);
    expect(await count({ todoGlobs: ['!src/generated/'] })).toBe(2);
    expect(
      await count({ todoGlobs: ['*.sh', 'src/**/*.rs', '!**/generated/**'] }),
    ).toBe(3);
    expect(await count({ sourceExtensions: ['.SH'] })).toBe(1);
  });

  it('counts a marker where it opens a comment, not where code or prose names it', async () => {
    const files = {
      'src/lib.rs': [
        '/// TODO: document the public API',
        '//! FIXME crate docs',
        'let x = 1; // TODO(ana): overflow',
        'todo!("not a marker")',
        'const label = "TODO/FIXME markers";',
        '/* TODO one */',
        '/**',
        ' * FIXME: wrong for empty input',
        ' */',
      ].join('\n'),
      'src/tool.py': '# TODO retry\nprint("a TODO list")\n#FIXME: encoding',
      'src/query.sql': '-- TODO index\nSELECT 1; -- FIXME slow',
      'src/page.html': '<!-- TODO: alt text --><p>TODO apps</p>',
      'src/notes.ts': '// the word TODO later in a comment does not count',
    };
    expect(
      valueOf(
        await analyzeFiles(files, { todoGlobs: ['src/**'] }),
        'todo-markers',
      ).value.count,
    ).toBe(10);
  });

  it('calls TODO markers unknown when a configured file was not read', async () => {
    const evidence = await analyzeFiles(
      { 'src/a.rs': '' },
      {
        todoGlobs: ['*.sh'],
        skipped: [{ path: 'scripts/c.sh', reason: 'too big' }],
      },
    );
    expect(valueOf(evidence, 'todo-markers').error).toBe(
      'could not read scripts/c.sh: too big',
    );
  });

  it.each([
    [{ sourceExtensions: [] }, /sourceExtensions must be a non-empty list/],
    [{ sourceExtensions: ['r s'] }, /sourceExtensions must be/],
    [{ todoGlobs: ['src/[a'] }, /unclosed "\["/],
    [{ deployPatterns: ['(deploy'] }, /invalid deploy pattern "\(deploy"/],
  ])('rejects invalid patterns %p', async (patterns, message) => {
    expect(() => createRepositoryFileFilter(patterns)).toThrow(message);
    await expect(analyzeFiles({}, patterns)).rejects.toThrow(message);
  });
});

describe('isRepositoryFileOfInterest', () => {
  it.each([
    ['coverage/lcov.info', true],
    ['coverage/cobertura-coverage.xml', true],
    ['coverage/coverage-summary.json', true],
    ['target/site/jacoco/jacoco.xml', true],
    ['.github/workflows/deploy.yml', true],
    ['src/lib.rs', true],
    ['README.md', true],
    ['scripts/deploy.sh', false],
    ['coverage/coverage-final.json', false],
    ['assets/logo.png', false],
  ])('%s: %s', (path, expected) => {
    expect(isRepositoryFileOfInterest(path)).toBe(expected);
  });

  it('reads the files configured TODO globs select', () => {
    expect(
      createRepositoryFileFilter({ todoGlobs: ['*.sh'] })('scripts/deploy.sh'),
    ).toBe(true);
    expect(createRepositoryFileFilter()('scripts/deploy.sh')).toBe(false);
  });
});

describe('createRepositoryCollector', () => {
  const entity = (sourceLocation: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'claude-flow',
      annotations: {
        'backstage.io/source-location': sourceLocation,
        'backstage.io/managed-by-location': `file:${examples}/entities.yaml`,
      },
    },
  });

  it('reads an entity repository from an allowed local root', async () => {
    const collector = createRepositoryCollector({
      advisories,
      allowedLocalRoots: [examples],
    });
    const evidence = await collector.collect(
      entity('dir:./claude-flow/'),
      createCollectorContext({ now }),
    );
    expect(evidence.map(e => e.key).sort()).toEqual([
      'dependency-health',
      'licenses',
      'pipeline',
      'repository-files',
      'todo-markers',
      'vulnerabilities',
    ]);
  });

  it('leaves out the directories of the readiness/exclude-paths annotation', async () => {
    const collector = createRepositoryCollector({
      advisories,
      allowedLocalRoots: [examples],
    });
    const collect = (excludePaths?: string) => {
      const e = entity('dir:./');
      if (excludePaths !== undefined) {
        e.metadata.annotations!['readiness/exclude-paths'] = excludePaths;
      }
      return collector.collect(e, createCollectorContext({ now }));
    };
    const findings = async (excludePaths?: string) =>
      valueOf(
        await collect(excludePaths),
        'vulnerabilities',
      ).value.findings.map((f: { lockfile?: string }) => f.lockfile);
    // examples/ holds claude-flow's Cargo.lock with its known vulnerabilities
    expect(await findings()).toContain('claude-flow/Cargo.lock');
    expect(
      await findings(' claude-flow/ , ledger-worker,web-portal'),
    ).not.toContain('claude-flow/Cargo.lock');
    await expect(collect('../secrets')).rejects.toThrow(
      'annotation readiness/exclude-paths: ../secrets must be a directory inside the repository',
    );
  });

  it('names a lockfile over the size limit as unread, so the scan cannot come out clean', async () => {
    const collector = createRepositoryCollector({
      advisories,
      allowedLocalRoots: [examples],
      limits: { maxFileBytes: 1024 },
    });
    const evidence = await collector.collect(
      entity('dir:./claude-flow/'),
      createCollectorContext({ now }),
    );
    const { value } = valueOf(evidence, 'vulnerabilities');
    expect(value.findings).toEqual([]);
    expect(value.unreadable).toEqual([
      {
        file: 'Cargo.lock',
        reason: expect.stringMatching(
          /bytes, over the 1024 byte limit per file/,
        ),
      },
    ]);
    // dependency health cannot be judged from an unread lockfile either
    expect(valueOf(evidence, 'dependency-health').error).toMatch(
      /could not read Cargo.lock/,
    );
  });

  it('names an advisory record over the size limit as unread, so no scan comes out clean', async () => {
    const evidence = await analyze(
      'payments-api',
      new DirectoryAdvisorySource({
        directory: resolve(examples, 'advisories'),
        maxFileBytes: 1024,
      }),
    );
    const { value } = valueOf(evidence, 'vulnerabilities');
    expect(value.unreadable).toEqual(
      expect.arrayContaining([
        {
          file: expect.stringMatching(/^advisory record crates\.io\/RUSTSEC-/),
          reason:
            'is larger than 1024 bytes and was not read, so whether it affects a locked package is unknown',
        },
      ]),
    );
    const check = evaluateReadiness({
      entityRef: 'component:default/payments-api',
      evidence: evidence.map(e => ({ ...e, source: 'repository' }) as any),
      now: now.toISOString(),
    }).checks.find(c => c.id === 'security.vulnerabilities')!;
    expect(check.status).toBe('unknown');
    expect(check.details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^could not read advisory record .* larger than 1024 bytes/,
        ),
      ]),
    );
  });

  it('passes its patterns to the read filter and the analysis', async () => {
    const collect = (
      options: Partial<Parameters<typeof createRepositoryCollector>[0]>,
    ) =>
      createRepositoryCollector({
        advisories,
        allowedLocalRoots: [examples],
        ...options,
      }).collect(
        entity('dir:./payments-api/'),
        createCollectorContext({ now }),
      );
    // No pattern matches deploy.yml, but its environment: still deploys.
    expect(
      (await collect({ deployPatterns: ['^nothing$'] })).find(
        e => e.key === 'pipeline',
      ),
    ).toBeUndefined();
    const todos = await collect({ todoGlobs: ['*.sh'] });
    expect(todos.find(e => e.key === 'todo-markers')).toMatchObject({
      value: { count: 0 },
    });
    expect(() =>
      createRepositoryCollector({ advisories, deployPatterns: ['('] }),
    ).toThrow(/invalid deploy pattern/);
  });

  it.each([
    [
      'outside the roots',
      'dir:../../../etc/',
      /outside the allowed local roots/,
    ],
    ['with no roots configured', 'dir:./claude-flow/', /no allowed roots/],
  ])('refuses a directory %s', async (_what, location, message) => {
    const collector = createRepositoryCollector({
      advisories,
      allowedLocalRoots: _what === 'outside the roots' ? [examples] : [],
    });
    await expect(
      collector.collect(entity(location), createCollectorContext({ now })),
    ).rejects.toThrow(message);
  });
});
