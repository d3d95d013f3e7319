import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import { resolve } from 'node:path';
import { readBackendConfig } from './config';

const read = (readiness: object) =>
  readBackendConfig(new ConfigReader({ readiness }));

describe('readBackendConfig', () => {
  it('has explicit defaults', () => {
    const config = readBackendConfig(new ConfigReader({}));
    expect(config).toMatchObject({
      kinds: ['Component'],
      concurrency: 4,
      entityTimeoutMs: 60_000,
      removalGracePeriodMs: 7 * 86_400_000,
      historyRetentionMs: 365 * 86_400_000,
      pushedEvidenceTtlMs: 30 * 86_400_000,
      maxClockSkewMs: 5 * 60_000,
      maxEvidenceLifetimeMs: 400 * 86_400_000,
      maxWaiverDurationMs: 365 * 86_400_000,
      repository: { allowedLocalRoots: [] },
      advisories: { osvBatchWindowMs: 250 },
      badgesEnabled: false,
      badgeKinds: ['Component'],
      refreshRateLimit: { requests: 10, windowMs: 60_000 },
      notificationWindowMs: 60_000,
    });
    expect(read({ badges: { enabled: true } }).badgesEnabled).toBe(true);
    expect(config.recheckSchedule.frequency).toEqual({ hours: 1 });
    expect(config.collector('repository')).toMatchObject({
      enabled: true,
      schedule: { frequency: { hours: 24 } },
    });
  });

  it('reads the badge kinds, the refresh rate limit and the notification window', () => {
    const config = read({
      badges: { enabled: true, kinds: ['Component', 'System'] },
      refresh: { rateLimit: { requests: 3, window: { seconds: 30 } } },
      notifications: { coalesceWindow: { minutes: 5 } },
    });
    expect(config).toMatchObject({
      badgeKinds: ['Component', 'System'],
      refreshRateLimit: { requests: 3, windowMs: 30_000 },
      notificationWindowMs: 300_000,
    });
    expect(() => read({ refresh: { rateLimit: { requests: 0 } } })).toThrow(
      'Invalid config at readiness.refresh.rateLimit.requests: expected a positive integer, got 0',
    );
  });

  it('reads the collection queue and the budgets per source, refusing a cap that is not a positive whole number', () => {
    expect(readBackendConfig(new ConfigReader({}))).toMatchObject({
      queue: { leaseMs: 120_000, pollIntervalMs: 5_000, maxAttempts: 3 },
      budgets: {},
    });
    const config = read({
      collection: {
        lease: { seconds: 30 },
        pollInterval: { seconds: 5 },
        maxAttempts: 5,
        budgets: {
          github: { maxRequestsPerCycle: 4000 },
          osv: {},
        },
      },
    });
    expect(config).toMatchObject({
      queue: { leaseMs: 30_000, pollIntervalMs: 5_000, maxAttempts: 5 },
      budgets: {
        github: { maxRequestsPerCycle: 4000 },
        osv: { maxRequestsPerCycle: undefined },
      },
    });
    expect(() =>
      read({
        collection: { budgets: { github: { maxRequestsPerCycle: 0 } } },
      }),
    ).toThrow(
      'Invalid config at readiness.collection.budgets.github.maxRequestsPerCycle: expected a positive integer, got 0',
    );
  });

  it('reads the registry signals: asked online and all required by default', () => {
    const defaults = read({});
    expect(defaults.registries).toEqual({
      offline: false,
      npmBaseUrl: undefined,
      cratesIndexBaseUrl: undefined,
      maxResponseBytes: undefined,
    });
    expect(defaults.engine.dependencyHealth).toBeUndefined();
    const offline = read({
      dependencyHealth: {
        requiredSignals: ['crates-yanked'],
        registries: {
          offline: true,
          npmBaseUrl: 'https://npm.mirror.test',
          maxResponseBytes: 4096,
        },
      },
    });
    expect(offline.registries).toEqual({
      offline: true,
      npmBaseUrl: 'https://npm.mirror.test',
      cratesIndexBaseUrl: undefined,
      maxResponseBytes: 4096,
    });
    expect(offline.engine.dependencyHealth).toEqual({
      requiredSignals: ['crates-yanked'],
    });
    expect(
      read({ dependencyHealth: { requiredSignals: [] } }).engine
        .dependencyHealth,
    ).toEqual({ requiredSignals: [] });
    expect(() =>
      read({ dependencyHealth: { requiredSignals: ['pypi-yanked'] } }),
    ).toThrow(
      'Invalid readiness config at dependencyHealth.requiredSignals[0]: expected one of npm-deprecated, crates-yanked',
    );
  });

  it('reads the license policy and where licenses are asked', () => {
    const defaults = read({});
    expect(defaults.engine.licenses).toBeUndefined();
    expect(defaults.licenseRegistries).toEqual({
      offline: false,
      npmBaseUrl: undefined,
      pypiBaseUrl: undefined,
      cratesApiBaseUrl: undefined,
      maxResponseBytes: undefined,
    });
    const config = read({
      licenses: {
        allow: ['MIT', 'Apache-2.0'],
        deny: ['AGPL-3.0-only'],
        acceptUnknown: true,
        registries: { pypiBaseUrl: 'https://pypi.mirror.test' },
      },
    });
    expect(config.engine.licenses).toEqual({
      allow: ['MIT', 'Apache-2.0'],
      deny: ['AGPL-3.0-only'],
      acceptUnknown: true,
    });
    expect(config.licenseRegistries.pypiBaseUrl).toBe(
      'https://pypi.mirror.test',
    );
    expect(() => read({ licenses: { deny: ['MIT OR GPL-3.0'] } })).toThrow(
      'Invalid readiness config at licenses.deny[0]: expected an SPDX license id',
    );
  });

  it('reads the advisory byte limits and refuses ones that are not positive whole numbers', () => {
    expect(
      read({
        advisories: { maxFileBytes: 1024, osv: { maxResponseBytes: 2048 } },
      }).advisories,
    ).toEqual({
      directory: undefined,
      maxFileBytes: 1024,
      maxAgeDays: undefined,
      osvBaseUrl: undefined,
      osvMaxResponseBytes: 2048,
      osvBatchWindowMs: 250,
    });
    expect(
      read({ advisories: { osv: { batchWindow: { seconds: 2 } } } }).advisories
        .osvBatchWindowMs,
    ).toBe(2_000);
    expect(() =>
      read({ advisories: { osv: { maxResponseBytes: 0 } } }),
    ).toThrow(
      'Invalid config at readiness.advisories.osv.maxResponseBytes: expected a positive integer, got 0',
    );
    expect(() => read({ advisories: { maxFileBytes: 1.5 } })).toThrow(
      /readiness\.advisories\.maxFileBytes/,
    );
  });

  it('reads how old the advisory directory may be, in whole positive days', () => {
    expect(read({ advisories: { maxAgeDays: 30 } }).advisories.maxAgeDays).toBe(
      30,
    );
    expect(() => read({ advisories: { maxAgeDays: 0 } })).toThrow(
      'Invalid config at readiness.advisories.maxAgeDays: expected a positive integer, got 0',
    );
  });

  it('reads the remediation time boxes as durations and owners by dimension', () => {
    const config = read({
      remediation: {
        phases: {
          immediate: { due: { hours: 8 } },
          stabilise: { start: 'P1D', due: { days: 10 } },
        },
        owners: { security: 'group:default/security' },
      },
    });
    expect(config.engine.remediation).toEqual({
      phases: {
        immediate: { dueHours: 8 },
        stabilise: { startHours: 24, dueHours: 240 },
      },
      owners: { security: 'group:default/security' },
    });
    expect(() =>
      read({ remediation: { phases: { emergency: { due: 'P1D' } } } }),
    ).toThrow('remediation.phases.emergency: unknown key');
    expect(() =>
      read({ remediation: { phases: { immediate: { start: 'P2D' } } } }),
    ).toThrow('remediation.phases.immediate: ends before it starts');
    expect(() =>
      read({ remediation: { owners: { legal: 'group:default/legal' } } }),
    ).toThrow('remediation.owners.legal: unknown key');
  });

  it('reads check overrides nested by check id', () => {
    const config = read({
      checks: {
        quality: { coverage: { thresholds: { minLinePercent: 70 } } },
        operations: { scalability: { enabled: false } },
      },
    });
    expect(config.engine.checks).toEqual({
      'quality.coverage': { thresholds: { minLinePercent: 70 } },
      'operations.scalability': { enabled: false },
    });
  });

  it('reads custom checks and packs beside the overrides, and refuses a bad definition by name', () => {
    const hasSlo = {
      id: 'acme.has-slo',
      title: 'Has an SLO',
      tier: 'production',
      dimension: 'operations',
      severity: 'required',
      appliesTo: { 'spec.type': 'service' },
      rule: 'evidence.acme.slo.target >= 99.9',
    };
    const config = read({
      checks: {
        quality: { coverage: { tier: 'enterprise' } },
        custom: [hasSlo],
      },
      packs: [{ pack: 'seed' }],
    });
    expect(config.engine.checks).toEqual({
      'quality.coverage': { tier: 'enterprise' },
    });
    expect(config.engine.customChecks).toEqual([
      expect.objectContaining({ id: 'acme.has-slo', severity: 'major' }),
    ]);
    expect(config.engine.packs).toEqual([{ pack: 'seed' }]);
    expect(() =>
      read({ checks: { custom: [{ ...hasSlo, rule: 'exec("id")' }] } }),
    ).toThrow(
      'readiness.checks.custom[0] (acme.has-slo): rule: unknown function exec',
    );
  });

  it('reads readiness.checks.files beside the overrides', () => {
    const files = ['https://standards.example.com/readiness-checks.yaml'];
    const config = read({
      checks: {
        files,
        quality: { coverage: { enabled: false } },
      },
    });
    expect(config.checkFiles).toEqual(files);
    expect(config.engine.checks).toEqual({
      'quality.coverage': { enabled: false },
    });
    expect(read({}).checkFiles).toEqual([]);
  });

  it("reads the demo portal's app-config.yaml, custom checks included", async () => {
    const { appConfigs } = await loadConfig({
      configRoot: resolve(__dirname, '../../../..'),
      configTargets: [],
    });
    const config = readBackendConfig(ConfigReader.fromConfigs(appConfigs));
    expect(config.engine.customChecks?.map(check => check.id)).toEqual([
      'acme.has-slo',
      'acme.slo-target',
    ]);
  });

  it('reads collector schedules and durations', () => {
    const config = read({
      collection: { entityTimeout: { seconds: 5 }, concurrency: 8 },
      collectors: {
        repository: {
          enabled: false,
          schedule: { frequency: { minutes: 30 }, timeout: { minutes: 5 } },
        },
      },
      repository: {
        allowedLocalRoots: ['/srv/repos'],
        todoGlobs: ['src/**', '!src/generated/**'],
        deployPatterns: ['ship-it'],
      },
    });
    expect(config.entityTimeoutMs).toBe(5_000);
    expect(config.concurrency).toBe(8);
    expect(config.collector('repository')).toMatchObject({
      enabled: false,
      schedule: { frequency: { minutes: 30 } },
    });
    expect(config.repository).toMatchObject({
      allowedLocalRoots: ['/srv/repos'],
      todoGlobs: ['src/**', '!src/generated/**'],
      deployPatterns: ['ship-it'],
    });
  });

  it.each([
    [
      { checks: { quality: { coverag: { enabled: false } } } },
      /quality\.coverag/,
    ],
    [
      {
        checks: {
          quality: { coverage: { thresholds: { minLinePercent: 'high' } } },
        },
      },
      /minLinePercent/,
    ],
    [{ requiredTiers: { production: 'gold' } }, /requiredTiers/],
    [
      { checks: { files: ['file:///etc/passwd'] } },
      /readiness\.checks\.files\[0\]: expected an absolute http\(s\) URL/,
    ],
    [{ checks: { files: 'https://x.example' } }, /checks\.files/],
    [{ collection: { concurrency: 0 } }, /readiness\.collection\.concurrency/],
    [{ collection: { kinds: [] } }, /readiness\.collection\.kinds/],
    [{ collection: { entityTimeout: 'soon' } }, /entityTimeout/],
    [{ advisories: { osv: { batchWindow: 'soon' } } }, /batchWindow/],
    [{ repository: { maxFiles: 0 } }, /readiness\.repository\.maxFiles/],
    [
      { repository: { maxTotalBytes: -1 } },
      /readiness\.repository\.maxTotalBytes/,
    ],
    [
      { repository: { maxFileBytes: 1.5 } },
      /readiness\.repository\.maxFileBytes/,
    ],
  ])('fails on %j naming the key', (readiness, message) => {
    expect(() => read(readiness)).toThrow(message);
  });
});
