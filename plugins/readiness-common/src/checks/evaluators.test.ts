import { resolveReadinessConfig, type ReadinessConfig } from '../config';
import { evaluateChecks } from '../evaluation/evaluateChecks';
import { attestation, daysFromNow, evidence, NOW } from '../testUtils/fixtures';
import type {
  Attestation,
  CheckId,
  CheckResult,
  DependencyHealthFinding,
  DependencyHealthKind,
  Evidence,
  VulnerabilityFinding,
  Waiver,
} from '../types';

function evaluateOne(
  id: CheckId,
  items: Evidence[],
  options: {
    attestations?: Attestation[];
    waivers?: Waiver[];
    config?: ReadinessConfig;
  } = {},
): CheckResult {
  const resolved = resolveReadinessConfig(options.config);
  const { checks } = evaluateChecks({
    checks: resolved.checks,
    requiredHealthSignals: resolved.requiredHealthSignals,
    evidence: items,
    attestations: options.attestations,
    waivers: options.waivers,
    now: NOW,
  });
  const result = checks.find(c => c.id === id);
  if (!result) {
    throw new Error(`${id} was not evaluated`);
  }
  return result;
}

// Built from parts so linters do not mistake the fixture for code.
const scriptUrl = ['javascript', 'alert(1)'].join(':');

const files = (overrides: Partial<Record<string, boolean>> = {}) =>
  evidence('repository-files', {
    readme: true,
    docs: true,
    runbook: true,
    securityPolicy: true,
    dependencyUpdates: true,
    codeowners: true,
    ...overrides,
  });

const catalog = (
  overrides: Partial<{
    techdocs: boolean;
    monitoring: string[];
    alerting: string[];
    onCall: string[];
    slo: string[];
  }> = {},
) =>
  evidence('catalog', {
    techdocs: false,
    monitoring: ['grafana'],
    alerting: ['pagerduty'],
    onCall: ['pagerduty-schedule'],
    errorTracking: [],
    ...overrides,
  });

const finding = (
  overrides: Partial<VulnerabilityFinding> = {},
): VulnerabilityFinding => ({
  advisoryId: 'GHSA-1234',
  aliases: [],
  ecosystem: 'npm',
  packageName: 'lodash',
  version: '4.17.20',
  severity: 'high',
  summary: 'prototype pollution',
  fixedVersions: ['4.17.21'],
  link: 'https://github.com/advisories/GHSA-1234',
  ...overrides,
});

const scan = (
  overrides: Partial<{
    scannedPackages: number;
    findings: VulnerabilityFinding[];
    unreadable: { file: string; reason: string }[];
    unpinned: { file: string; name: string }[];
  }> = {},
) =>
  evidence('vulnerabilities', {
    scannedPackages: 10,
    findings: [],
    unreadable: [],
    unpinned: [],
    ...overrides,
  });

const unhealthy = evidence('dependency-health', {
  findings: [
    {
      ecosystem: 'crates.io',
      packageName: 'yaml-rust',
      version: '0.4.5',
      kind: 'unmaintained',
      advisoryId: 'RUSTSEC-2024-0320',
      summary: 'unmaintained',
    },
  ],
});

type Case = [
  name: string,
  id: CheckId,
  items: Evidence[],
  attestations: Attestation[],
  status: CheckResult['status'],
  summary: string,
];

const cases: Case[] = [
  // build.clean
  ['build missing', 'build.clean', [], [], 'unknown', 'no build evidence yet'],
  [
    'build clean',
    'build.clean',
    [evidence('build', { succeeded: true, compilationErrors: 0 })],
    [],
    'pass',
    'the latest build on the default branch succeeded',
  ],
  [
    'build with errors',
    'build.clean',
    [
      evidence('build', {
        succeeded: false,
        compilationErrors: 97,
        branch: 'main',
      }),
    ],
    [],
    'fail',
    '97 compilation errors on main',
  ],
  [
    'build failed without errors',
    'build.clean',
    [evidence('build', { succeeded: false, compilationErrors: 0 })],
    [],
    'fail',
    'the latest build on the default branch failed',
  ],
  [
    'build with a lower bound from annotations',
    'build.clean',
    [
      evidence('build', {
        succeeded: false,
        compilationErrors: 50,
        compilationErrorsAtLeast: true,
        branch: 'main',
      }),
    ],
    [],
    'fail',
    'at least 50 compilation errors on main',
  ],
  [
    'build stale',
    'build.clean',
    [
      evidence(
        'build',
        { succeeded: true, compilationErrors: 0 },
        { staleAfter: daysFromNow(-2) },
      ),
    ],
    [],
    'unknown',
    `build evidence is stale since ${daysFromNow(-2).slice(0, 10)}`,
  ],
  [
    'build stale exactly now',
    'build.clean',
    [
      evidence(
        'build',
        { succeeded: true, compilationErrors: 0 },
        { staleAfter: NOW },
      ),
    ],
    [],
    'unknown',
    'build evidence is stale since',
  ],
  [
    'build collection error',
    'build.clean',
    [
      {
        key: 'build',
        source: 'github-actions',
        observedAt: daysFromNow(-1),
        staleAfter: daysFromNow(1),
        error: 'HTTP 502',
      },
    ],
    [],
    'unknown',
    'could not collect build evidence: HTTP 502',
  ],
  [
    'newest build evidence wins',
    'build.clean',
    [
      evidence('build', { succeeded: true, compilationErrors: 0 }),
      evidence(
        'build',
        { succeeded: false, compilationErrors: 3 },
        { observedAt: daysFromNow(-0.5) },
      ),
    ],
    [],
    'fail',
    '3 compilation errors',
  ],
  // security.vulnerabilities
  [
    'scan missing',
    'security.vulnerabilities',
    [],
    [],
    'unknown',
    'no vulnerability scan evidence yet',
  ],
  [
    'scan clean',
    'security.vulnerabilities',
    [scan()],
    [],
    'pass',
    'no known vulnerabilities in 10 locked packages',
  ],
  [
    'scan finding',
    'security.vulnerabilities',
    [scan({ findings: [finding()] })],
    [],
    'fail',
    '1 known vulnerability: GHSA-1234 (lodash 4.17.20)',
  ],
  [
    'finding of unknown severity is still a vulnerability',
    'security.vulnerabilities',
    [scan({ findings: [finding({ severity: 'unknown' })] })],
    [],
    'fail',
    '1 known vulnerability',
  ],
  [
    'unreadable lockfile',
    'security.vulnerabilities',
    [scan({ unreadable: [{ file: 'Cargo.lock', reason: 'invalid TOML' }] })],
    [],
    'unknown',
    'could not read Cargo.lock: invalid TOML',
  ],
  [
    'unpinned requirement',
    'security.vulnerabilities',
    [scan({ unpinned: [{ file: 'requirements.txt', name: 'flask' }] })],
    [],
    'unknown',
    'flask in requirements.txt has no locked version',
  ],
  [
    'unreadable lockfile with findings',
    'security.vulnerabilities',
    [
      scan({
        findings: [finding()],
        unreadable: [{ file: 'Cargo.lock', reason: 'invalid TOML' }],
      }),
    ],
    [],
    'fail',
    '1 known vulnerability',
  ],
  [
    'nothing scanned',
    'security.vulnerabilities',
    [scan({ scannedPackages: 0 })],
    [],
    'unknown',
    'no locked dependencies were found to scan',
  ],
  // quality.tests-pass
  [
    'tests missing',
    'quality.tests-pass',
    [],
    [],
    'unknown',
    'no test evidence yet',
  ],
  [
    'tests pass',
    'quality.tests-pass',
    [evidence('tests', { passed: true, total: 12 })],
    [],
    'pass',
    'all 12 tests passed',
  ],
  [
    'tests passed but none ran',
    'quality.tests-pass',
    [evidence('tests', { passed: true, total: 0 })],
    [],
    'unknown',
    'the test suite ran no tests',
  ],
  [
    'tests fail',
    'quality.tests-pass',
    [evidence('tests', { passed: false, total: 12, failed: 2 })],
    [],
    'fail',
    '2 of 12 tests failed',
  ],
  // security.audit
  [
    'audit missing',
    'security.audit',
    [],
    [],
    'unknown',
    'no dependency-health evidence yet',
  ],
  [
    'audit clean',
    'security.audit',
    [evidence('dependency-health', { findings: [] })],
    [],
    'pass',
    'no unmaintained, unsound, deprecated or yanked dependencies',
  ],
  [
    'audit clean, with its count',
    'security.audit',
    [evidence('dependency-health', { findings: [], scannedPackages: 12 })],
    [],
    'pass',
    'no unmaintained, unsound, deprecated or yanked dependencies in 12 locked packages',
  ],
  [
    'audit of no locked dependency',
    'security.audit',
    [evidence('dependency-health', { findings: [], scannedPackages: 0 })],
    [],
    'unknown',
    'no locked dependencies were found to audit',
  ],
  [
    'audit of no locked dependency, counted by the same scan',
    'security.audit',
    [
      evidence('dependency-health', { findings: [] }),
      scan({ scannedPackages: 0 }),
    ],
    [],
    'unknown',
    'no locked dependencies were found to audit',
  ],
  [
    'audit offline: npm deprecation not checked',
    'security.audit',
    [
      evidence('dependency-health', {
        findings: [],
        scannedPackages: 30,
        unchecked: [
          { signal: 'npm-deprecated', reason: 'offline', packages: 30 },
        ],
      }),
    ],
    [],
    'unknown',
    'npm deprecation (registry package metadata) could not be checked',
  ],
  [
    'audit unhealthy',
    'security.audit',
    [unhealthy],
    [],
    'fail',
    '1 unhealthy dependency: yaml-rust 0.4.5 (unmaintained)',
  ],
  [
    'audit: the same advisory in two lockfiles is one unhealthy dependency',
    'security.audit',
    [
      evidence('dependency-health', {
        findings: ['api/Cargo.lock', 'cli/Cargo.lock'].map(lockfile => ({
          ...unhealthy.value!.findings[0],
          lockfile,
        })),
      }),
    ],
    [],
    'fail',
    '1 unhealthy dependency: yaml-rust 0.4.5 (unmaintained)',
  ],
  [
    'audit unhealthy but attested',
    'security.audit',
    [unhealthy],
    [attestation('security-audit')],
    'pass',
    'security-audit attested by user:default/auditor',
  ],
  [
    'audit unhealthy, attestation expired',
    'security.audit',
    [unhealthy],
    [attestation('security-audit', { expiresAt: NOW })],
    'fail',
    '1 unhealthy dependency',
  ],
  // delivery.pipeline
  [
    'pipeline missing',
    'delivery.pipeline',
    [],
    [],
    'unknown',
    'no pipeline evidence yet',
  ],
  [
    'no pipeline',
    'delivery.pipeline',
    [evidence('pipeline', { exists: false })],
    [],
    'fail',
    'no deployment pipeline',
  ],
  [
    'pipeline failing',
    'delivery.pipeline',
    [
      evidence('pipeline', {
        exists: true,
        latestRunSucceeded: false,
        name: 'deploy',
      }),
    ],
    [],
    'fail',
    'the latest run of the deployment pipeline deploy failed',
  ],
  [
    'pipeline never ran',
    'delivery.pipeline',
    [evidence('pipeline', { exists: true })],
    [],
    'fail',
    'has not run yet',
  ],
  [
    'pipeline green',
    'delivery.pipeline',
    [evidence('pipeline', { exists: true, latestRunSucceeded: true })],
    [],
    'pass',
    'succeeded',
  ],
  // quality.coverage
  [
    'coverage missing',
    'quality.coverage',
    [],
    [],
    'unknown',
    'no coverage evidence yet',
  ],
  [
    'coverage enough',
    'quality.coverage',
    [evidence('coverage', { linePercent: 80 })],
    [],
    'pass',
    'line coverage 80% (minimum 80%)',
  ],
  [
    'coverage low',
    'quality.coverage',
    [evidence('coverage', { linePercent: 60 })],
    [],
    'fail',
    'line coverage 60% (minimum 80%)',
  ],
  // security.hardening
  [
    'hardening complete',
    'security.hardening',
    [files()],
    [],
    'pass',
    'SECURITY.md, dependency-update automation and CODEOWNERS present',
  ],
  [
    'hardening partial',
    'security.hardening',
    [files({ securityPolicy: false, codeowners: false })],
    [],
    'fail',
    'missing SECURITY.md, CODEOWNERS',
  ],
  [
    'hardening missing',
    'security.hardening',
    [],
    [],
    'unknown',
    'no repository files evidence yet',
  ],
  // operations.monitoring
  [
    'monitoring wired',
    'operations.monitoring',
    [catalog()],
    [],
    'pass',
    'monitoring and alerting are wired',
  ],
  [
    'no alerting',
    'operations.monitoring',
    [catalog({ alerting: [] })],
    [],
    'fail',
    'no alerting wired',
  ],
  [
    'monitoring missing',
    'operations.monitoring',
    [],
    [],
    'unknown',
    'no catalog evidence yet',
  ],
  [
    'a pushed SLO is monitoring',
    'operations.monitoring',
    [
      catalog({ monitoring: [] }),
      evidence('slo', {
        objectives: [{ name: 'availability', targetPercent: 99.9 }],
      }),
    ],
    [],
    'pass',
    'monitoring and alerting are wired',
  ],
  [
    'an SLO annotation is monitoring',
    'operations.monitoring',
    [catalog({ monitoring: [], slo: ['readiness.io/slo'] })],
    [],
    'pass',
    'monitoring and alerting are wired',
  ],
  [
    'a stale SLO is not monitoring',
    'operations.monitoring',
    [
      catalog({ monitoring: [] }),
      evidence(
        'slo',
        { objectives: [{ name: 'availability', targetPercent: 99.9 }] },
        { staleAfter: daysFromNow(-1) },
      ),
    ],
    [],
    'fail',
    'no monitoring wired',
  ],
  [
    'an SLO without catalog evidence',
    'operations.monitoring',
    [
      evidence('slo', {
        objectives: [{ name: 'availability', targetPercent: 99.9 }],
      }),
    ],
    [],
    'unknown',
    'no catalog evidence yet',
  ],
  // docs.complete
  [
    'docs complete',
    'docs.complete',
    [files()],
    [],
    'pass',
    'README, docs and runbook present',
  ],
  [
    'docs through techdocs',
    'docs.complete',
    [files({ docs: false }), catalog({ techdocs: true })],
    [],
    'pass',
    'README, docs and runbook present',
  ],
  [
    'readme only',
    'docs.complete',
    [files({ docs: false, runbook: false }), catalog()],
    [],
    'fail',
    'missing docs, runbook (README present)',
  ],
  [
    'docs only undecidable without catalog',
    'docs.complete',
    [files({ docs: false })],
    [],
    'unknown',
    'no docs/ folder, and TechDocs is unknown: no catalog evidence yet',
  ],
  // quality.benchmarks
  [
    'benchmark met',
    'quality.benchmarks',
    [evidence('benchmark', { met: true, name: 'p99' })],
    [],
    'pass',
    'benchmark p99 met its target',
  ],
  [
    'benchmark missed',
    'quality.benchmarks',
    [
      evidence('benchmark', {
        met: false,
        name: 'p99',
        value: 140,
        target: 100,
        unit: 'ms',
      }),
    ],
    [],
    'fail',
    'benchmark p99 missed its target (140 ms, target 100 ms)',
  ],
  [
    'benchmark missing',
    'quality.benchmarks',
    [],
    [],
    'unknown',
    'no benchmark evidence yet',
  ],
  // quality.tech-debt
  [
    'few todos',
    'quality.tech-debt',
    [evidence('todo-markers', { count: 10 })],
    [],
    'pass',
    '10 TODO/FIXME markers (maximum 10)',
  ],
  [
    'no todos in 40 files',
    'quality.tech-debt',
    [evidence('todo-markers', { count: 0, files: 40 })],
    [],
    'pass',
    '0 TODO/FIXME markers (maximum 10)',
  ],
  [
    'no todos because no source file was read',
    'quality.tech-debt',
    [evidence('todo-markers', { count: 0, files: 0 })],
    [],
    'unknown',
    'no source files were read to count TODO/FIXME markers',
  ],
  [
    'many todos',
    'quality.tech-debt',
    [evidence('todo-markers', { count: 75 })],
    [],
    'fail',
    '75 TODO/FIXME markers (maximum 10)',
  ],
  // compliance.requirements
  [
    'compliance attested',
    'compliance.requirements',
    [],
    [attestation('compliance')],
    'pass',
    'compliance attested by user:default/auditor until',
  ],
  [
    'compliance not attested',
    'compliance.requirements',
    [],
    [],
    'fail',
    'no current compliance attestation',
  ],
  [
    'compliance attestation expired',
    'compliance.requirements',
    [],
    [attestation('compliance', { expiresAt: daysFromNow(-1) })],
    'fail',
    `the compliance attestation expired on ${daysFromNow(-1).slice(0, 10)}`,
  ],
  [
    'other attestation kinds do not count',
    'compliance.requirements',
    [],
    [attestation('certification')],
    'fail',
    'no current compliance attestation',
  ],
  // security.certifications
  [
    'certification attested',
    'security.certifications',
    [],
    [attestation('certification')],
    'pass',
    'certification attested',
  ],
  [
    'certification expired',
    'security.certifications',
    [],
    [attestation('certification', { expiresAt: NOW })],
    'fail',
    'the certification attestation expired',
  ],
  // operations.disaster-recovery
  [
    'recent drill',
    'operations.disaster-recovery',
    [
      evidence(
        'dr-drill',
        { succeeded: true },
        { observedAt: daysFromNow(-100) },
      ),
    ],
    [],
    'pass',
    `disaster-recovery drill succeeded on ${daysFromNow(-100).slice(0, 10)}`,
  ],
  [
    'old drill',
    'operations.disaster-recovery',
    [
      evidence(
        'dr-drill',
        { succeeded: true },
        { observedAt: daysFromNow(-400) },
      ),
    ],
    [],
    'fail',
    'is older than 365 days',
  ],
  [
    'failed drill',
    'operations.disaster-recovery',
    [evidence('dr-drill', { succeeded: false })],
    [],
    'fail',
    'failed',
  ],
  [
    'dr attested',
    'operations.disaster-recovery',
    [],
    [attestation('disaster-recovery')],
    'pass',
    'disaster-recovery attested',
  ],
  [
    'no drill, no attestation',
    'operations.disaster-recovery',
    [],
    [],
    'unknown',
    'no disaster-recovery drill evidence yet, and no current disaster-recovery attestation',
  ],
  [
    'no drill, expired attestation',
    'operations.disaster-recovery',
    [],
    [attestation('disaster-recovery', { expiresAt: daysFromNow(-5) })],
    'fail',
    'the disaster-recovery attestation expired on',
  ],
  // operations.scalability
  [
    'load test met',
    'operations.scalability',
    [evidence('load-test', { met: true })],
    [],
    'pass',
    'load test met its target',
  ],
  [
    'load test missed',
    'operations.scalability',
    [evidence('load-test', { met: false })],
    [],
    'fail',
    'load test missed its target',
  ],
  [
    'load test missing',
    'operations.scalability',
    [],
    [],
    'unknown',
    'no load-test evidence yet',
  ],
  // operations.on-call
  [
    'on-call referenced',
    'operations.on-call',
    [catalog()],
    [],
    'pass',
    'on-call referenced: pagerduty-schedule',
  ],
  [
    'on-call attested',
    'operations.on-call',
    [catalog({ onCall: [] })],
    [attestation('on-call')],
    'pass',
    'on-call attested',
  ],
  [
    'no on-call',
    'operations.on-call',
    [catalog({ onCall: [] })],
    [],
    'fail',
    'no on-call schedule or escalation policy referenced',
  ],
  [
    'on-call without catalog',
    'operations.on-call',
    [],
    [],
    'unknown',
    'no catalog evidence yet',
  ],
];

describe('check evaluators', () => {
  it.each(cases)(
    '%s: %s',
    (_name, id, items, attestations, status, summary) => {
      const result = evaluateOne(id, items, { attestations });
      expect(result.status).toBe(status);
      expect(result.summary).toContain(summary);
    },
  );

  it.each(cases.filter(c => c[4] === 'unknown'))(
    'gives no credit when unknown: %s',
    (_name, id, items, attestations) => {
      expect(evaluateOne(id, items, { attestations }).credit).toBe(0);
    },
  );

  it.each(cases.filter(c => c[4] === 'pass'))(
    'has nothing to do when passing: %s',
    (_name, id, items, attestations) => {
      expect(evaluateOne(id, items, { attestations }).actions).toEqual([]);
    },
  );

  it.each(cases.filter(c => c[4] === 'fail'))(
    'says what to do when failing: %s',
    (_name, id, items, attestations) => {
      const { actions } = evaluateOne(id, items, { attestations });
      expect(actions.length).toBeGreaterThan(0);
    },
  );

  it('covers every check with pass, fail and unknown-or-attested cases', () => {
    const covered = new Set(cases.map(c => `${c[1]}:${c[4]}`));
    for (const id of [
      'build.clean',
      'security.vulnerabilities',
      'quality.tests-pass',
      'security.audit',
      'delivery.pipeline',
      'quality.coverage',
      'security.hardening',
      'operations.monitoring',
      'docs.complete',
      'quality.benchmarks',
      'quality.tech-debt',
      'compliance.requirements',
      'operations.disaster-recovery',
      'operations.scalability',
      'security.certifications',
      'operations.on-call',
    ]) {
      expect(covered).toContain(`${id}:pass`);
      expect(covered).toContain(`${id}:fail`);
    }
  });

  it.each<[string, Evidence[], string[]]>([
    [
      'a fix above the current version',
      [
        scan({
          findings: [
            finding({
              version: '0.7.2',
              packageName: 'sqlx',
              advisoryId: 'RUSTSEC-2024-0363',
              fixedVersions: ['0.8.1'],
            }),
          ],
        }),
      ],
      ['upgrade sqlx to 0.8.1 or later (RUSTSEC-2024-0363)'],
    ],
    [
      'the nearest of several fixes, as the collector ordered them',
      [
        scan({
          findings: [
            finding({
              version: '1.2.0',
              fixedVersions: ['0.9.9', '1.10.3', '2.0.1'],
              nearestFixed: '1.10.3',
            }),
          ],
        }),
      ],
      ['upgrade lodash to 1.10.3 or later (GHSA-1234)'],
    ],
    [
      'several fixes nobody ordered: every one, none guessed',
      [
        scan({
          findings: [
            finding({
              version: '1.2.0',
              fixedVersions: ['2.0.1', '1.10.3'],
            }),
          ],
        }),
      ],
      ['upgrade lodash to a fixed version (2.0.1, 1.10.3) (GHSA-1234)'],
    ],
    [
      'no fix',
      [
        scan({
          findings: [
            finding({
              packageName: 'rsa',
              advisoryId: 'RUSTSEC-2023-0071',
              fixedVersions: [],
            }),
          ],
        }),
      ],
      ['replace rsa or mitigate RUSTSEC-2023-0071: no fixed version exists'],
    ],
    [
      'duplicates across lockfiles once',
      [
        scan({
          findings: [
            finding({ lockfile: 'a/package-lock.json' }),
            finding({ lockfile: 'b/package-lock.json' }),
          ],
        }),
      ],
      ['upgrade lodash to 4.17.21 or later (GHSA-1234)'],
    ],
  ])('vulnerability actions: %s', (_name, items, actions) => {
    const result = evaluateOne('security.vulnerabilities', items);
    expect(result.actions).toEqual(actions);
    expect(result.counters).toEqual({ vulnerabilities: 1 });
  });

  it('links advisories to OSV and drops unsafe links', () => {
    const result = evaluateOne('security.vulnerabilities', [
      { ...scan({ findings: [finding()] }), link: scriptUrl },
    ]);
    expect(result.evidenceLinks).toEqual([
      { title: 'GHSA-1234', url: 'https://osv.dev/vulnerability/GHSA-1234' },
    ]);
  });

  it.each([
    ['yanked', {}, 'upgrade paste from yanked version 1.0.15'],
    ['deprecated', {}, 'replace paste (deprecated)'],
    ['unmaintained', {}, 'replace paste (unmaintained)'],
    [
      'unsound',
      { advisoryId: 'RUSTSEC-2025-0001' },
      'replace paste or avoid its unsound use (RUSTSEC-2025-0001): no fixed version exists',
    ],
    [
      'unsound',
      {
        advisoryId: 'RUSTSEC-2025-0001',
        fixedVersions: ['1.0.16', '2.0.1'],
        nearestFixed: '1.0.16',
      },
      'upgrade paste to 1.0.16 or later (RUSTSEC-2025-0001)',
    ],
    [
      'unmaintained',
      { advisoryId: 'RUSTSEC-2025-0002', fixedVersions: ['1.1.0'] },
      'upgrade paste to 1.1.0 or later (RUSTSEC-2025-0002)',
    ],
  ] as Array<[DependencyHealthKind, Partial<DependencyHealthFinding>, string]>)(
    'dependency-health action for %s %j',
    (kind, extra, action) => {
      const result = evaluateOne('security.audit', [
        evidence('dependency-health', {
          findings: [
            {
              ecosystem: 'crates.io',
              packageName: 'paste',
              version: '1.0.15',
              kind,
              summary: kind,
              ...extra,
            },
          ],
        }),
      ]);
      expect(result.summary).toBe(
        `1 unhealthy dependency: paste 1.0.15 (${kind})`,
      );
      expect(result.actions).toEqual([action]);
    },
  );

  it('passes an audit whose unchecked signal the admin does not require, and names it', () => {
    const offline = evidence('dependency-health', {
      findings: [],
      scannedPackages: 30,
      unchecked: [{ signal: 'crates-yanked', reason: 'offline', packages: 30 }],
    });
    const strict = evaluateOne('security.audit', [offline]);
    expect(strict.status).toBe('unknown');
    expect(strict.details).toEqual([
      'crates.io yanked versions (sparse index) was not checked for 30 locked packages: offline',
    ]);
    const relaxed = evaluateOne('security.audit', [offline], {
      config: { dependencyHealth: { requiredSignals: ['npm-deprecated'] } },
    });
    expect(relaxed.status).toBe('pass');
    expect(relaxed.details).toEqual([
      'crates.io yanked versions (sparse index) was not checked for 30 locked packages: offline (not required by readiness.dependencyHealth.requiredSignals)',
    ]);
  });

  it('fails on a finding even when a signal was not checked, naming both', () => {
    const result = evaluateOne('security.audit', [
      evidence('dependency-health', {
        findings: [
          {
            ecosystem: 'crates.io',
            packageName: 'paste',
            version: '1.0.15',
            kind: 'unmaintained',
            summary: 'no longer maintained',
          },
        ],
        scannedPackages: 3,
        unchecked: [
          { signal: 'crates-yanked', reason: 'offline', packages: 3 },
        ],
      }),
    ]);
    expect(result.status).toBe('fail');
    expect(result.details).toEqual([
      'paste 1.0.15 is unmaintained: no longer maintained',
      'crates.io yanked versions (sparse index) was not checked for 3 locked packages: offline',
    ]);
  });

  it.each<[string, Evidence[], number]>([
    ['README only', [files({ docs: false, runbook: false }), catalog()], 0.1],
    ['README and docs', [files({ runbook: false })], 0.55],
    ['everything', [files()], 1],
    [
      'nothing',
      [files({ readme: false, docs: false, runbook: false }), catalog()],
      0,
    ],
  ])('docs credit: %s', (_name, items, credit) => {
    expect(evaluateOne('docs.complete', items).credit).toBeCloseTo(credit);
  });

  it.each<[string, CheckId, Evidence[], number]>([
    [
      'coverage 40 of 80',
      'quality.coverage',
      [evidence('coverage', { linePercent: 40 })],
      0.5,
    ],
    [
      'tech debt 20 of max 10',
      'quality.tech-debt',
      [evidence('todo-markers', { count: 20 })],
      0.5,
    ],
    [
      'pipeline exists but fails',
      'delivery.pipeline',
      [evidence('pipeline', { exists: true, latestRunSucceeded: false })],
      0.5,
    ],
    [
      'hardening 1 of 3',
      'security.hardening',
      [files({ securityPolicy: false, codeowners: false })],
      1 / 3,
    ],
    [
      'monitoring only',
      'operations.monitoring',
      [catalog({ alerting: [] })],
      0.5,
    ],
  ])('partial credit: %s', (_name, id, items, credit) => {
    expect(evaluateOne(id, items).credit).toBeCloseTo(credit);
  });

  it('shows a SonarQube analysis as tech-debt context without changing the outcome', () => {
    const todos = evidence('todo-markers', { count: 75 });
    const withSonar = evidence('catalog', {
      techdocs: false,
      monitoring: [],
      alerting: [],
      onCall: [],
      errorTracking: [],
      codeQuality: ['sonarqube.org/project-key'],
    });
    const analysed = evaluateOne('quality.tech-debt', [todos, withSonar]);
    expect(analysed.details).toEqual([
      'code-quality analysis: sonarqube.org/project-key',
    ]);
    const plain = evaluateOne('quality.tech-debt', [todos, catalog()]);
    expect(plain.details).toEqual([]);
    expect(analysed.status).toBe(plain.status);
    expect(analysed.credit).toBe(plain.credit);
  });

  it('shows the top error groups of a build log, the lower bound and the warnings', () => {
    const groups = [
      { code: 'E0432', message: 'unresolved import …', count: 14 },
      { code: 'E0308', message: 'mismatched types', count: 9 },
      { code: 'E0425', message: 'cannot find value … in this scope', count: 5 },
      { code: 'E0599', message: 'no method named … found', count: 3 },
      { message: 'this file contains an unclosed delimiter', count: 2 },
      {
        code: 'E0277',
        message: 'the trait bound … is not satisfied',
        count: 1,
      },
      { code: 'E0061', message: 'this function takes … arguments', count: 1 },
    ];
    const result = evaluateOne('build.clean', [
      evidence('build', {
        succeeded: false,
        compilationErrors: 35,
        compilationErrorsAtLeast: true,
        errorGroups: groups,
        warnings: 4,
      }),
    ]);
    expect(result.summary).toBe(
      'at least 35 compilation errors on the default branch',
    );
    expect(result.details).toEqual([
      'E0432 unresolved import … ×14',
      'E0308 mismatched types ×9',
      'E0425 cannot find value … in this scope ×5',
      'E0599 no method named … found ×3',
      'this file contains an unclosed delimiter ×2',
      '2 other errors',
      'the count is a lower bound: read from annotations (at most 50 per job), a log cut at its size limit, or a compiler that stopped early',
      '4 warnings, not counted as errors',
    ]);
    expect(result.counters).toEqual({ compilationErrors: 35 });
  });

  it('has no error counter for a failed build whose errors were not counted', () => {
    const result = evaluateOne('build.clean', [
      evidence('build', { succeeded: false, compilationErrors: 0 }),
    ]);
    expect(result.status).toBe('fail');
    expect(result.counters).toEqual({});
  });

  it('applies configured thresholds', () => {
    const items = [evidence('coverage', { linePercent: 60 })];
    const config = {
      checks: { 'quality.coverage': { thresholds: { minLinePercent: 50 } } },
    };
    expect(evaluateOne('quality.coverage', items, { config }).status).toBe(
      'pass',
    );
    const dr = [
      evidence(
        'dr-drill',
        { succeeded: true },
        { observedAt: daysFromNow(-100) },
      ),
    ];
    expect(
      evaluateOne('operations.disaster-recovery', dr, {
        config: {
          checks: {
            'operations.disaster-recovery': { thresholds: { maxAgeDays: 90 } },
          },
        },
      }).status,
    ).toBe('fail');
  });

  describe('waivers', () => {
    const failing = [evidence('todo-markers', { count: 75 })];
    const waiver = (overrides: Partial<Waiver> = {}): Waiver => ({
      id: 'w1',
      checkId: 'quality.tech-debt',
      reason: 'refactoring in Q3',
      owner: 'group:default/team-a',
      createdBy: 'user:default/lead',
      createdAt: daysFromNow(-1),
      expiresAt: daysFromNow(30),
      state: 'approved',
      ...overrides,
    });

    it('waives a failing check, keeping the summary and credit', () => {
      const result = evaluateOne('quality.tech-debt', failing, {
        waivers: [waiver()],
      });
      expect(result.status).toBe('waived');
      expect(result.summary).toBe(
        `75 TODO/FIXME markers (maximum 10) (waived by user:default/lead until ${daysFromNow(30).slice(0, 10)})`,
      );
      expect(result.details[0]).toContain('refactoring in Q3');
      expect(result.waiver?.id).toBe('w1');
      expect(result.credit).toBeCloseTo(10 / 75);
    });

    it.each<[string, Waiver]>([
      ['expired', waiver({ expiresAt: daysFromNow(-1) })],
      ['expiring exactly now', waiver({ expiresAt: NOW })],
      ['for another check', waiver({ checkId: 'quality.coverage' })],
      ['pending approval', waiver({ state: 'pending' })],
      ['denied', waiver({ state: 'denied' })],
      ['revoked', waiver({ state: 'revoked' })],
      ['marked expired', waiver({ state: 'expired' })],
    ])('ignores a waiver %s', (_name, w) => {
      expect(
        evaluateOne('quality.tech-debt', failing, { waivers: [w] }).status,
      ).toBe('fail');
    });

    describe('of findings', () => {
      const two = scan({
        findings: [
          finding({ advisoryId: 'GHSA-1234', aliases: ['CVE-2024-1'] }),
          finding({ advisoryId: 'GHSA-5678', packageName: 'express' }),
        ],
      });
      const scoped = (advisories: string[], extra: Partial<Waiver> = {}) =>
        waiver({
          id: advisories.join('+'),
          checkId: 'security.vulnerabilities',
          advisories,
          ...extra,
        });
      const vulnerabilities = (waivers: Waiver[], items = [two]) =>
        evaluateOne('security.vulnerabilities', items, { waivers });

      it('keeps the check failing, naming what is left, while one advisory is not covered', () => {
        const result = vulnerabilities([scoped(['cve-2024-1'])]);
        expect(result.status).toBe('fail');
        expect(result.summary).toBe(
          '1 known vulnerability: GHSA-5678 (express 4.17.20)',
        );
        expect(result.details.at(-1)).toMatch(
          /^waived: GHSA-1234 \(waiver cve-2024-1 until /,
        );
      });

      it('waives, never passes, when every failing advisory is covered', () => {
        const result = vulnerabilities([
          scoped(['CVE-2024-1']),
          scoped(['GHSA-5678'], { expiresAt: daysFromNow(5) }),
        ]);
        expect(result.status).toBe('waived');
        // The soonest expiry is the one shown: the check fails after it.
        expect(result.waiver?.id).toBe('GHSA-5678');
        expect(result.summary).toContain('2 known vulnerabilities');
      });

      it.each<[string, Waiver]>([
        ['on another package', scoped(['GHSA-5678'], { package: 'lodash' })],
        ['pending', scoped(['GHSA-1234', 'GHSA-5678'], { state: 'pending' })],
      ])('does not count a waiver %s', (_name, w) => {
        expect(vulnerabilities([scoped(['GHSA-1234']), w]).status).toBe('fail');
      });

      it('leaves an incomplete scan unknown once every finding is covered', () => {
        const incomplete = scan({
          findings: [finding()],
          unreadable: [{ file: 'yarn.lock', reason: 'corrupt' }],
        });
        expect(
          vulnerabilities([scoped(['GHSA-1234'])], [incomplete]).status,
        ).toBe('unknown');
      });
    });

    it.each<[string, Evidence[], CheckResult['status']]>([
      ['unknown', [], 'unknown'],
      ['pass', [evidence('todo-markers', { count: 1 })], 'pass'],
    ])('does not waive a %s check', (_name, items, status) => {
      expect(
        evaluateOne('quality.tech-debt', items, { waivers: [waiver()] }).status,
      ).toBe(status);
    });
  });

  it('skips disabled checks', () => {
    const { checks } = evaluateChecks({
      checks: resolveReadinessConfig({
        checks: { 'quality.benchmarks': { enabled: false } },
      }).checks,
      evidence: [],
      now: NOW,
    });
    expect(checks.map(c => c.id)).not.toContain('quality.benchmarks');
    expect(checks).toHaveLength(16);
  });

  it('rejects an invalid evaluation time', () => {
    expect(() =>
      evaluateChecks({ checks: [], evidence: [], now: 'yesterday' }),
    ).toThrow('Invalid evaluation time: yesterday');
  });
});
