import { InputError } from '@backstage/errors';
import {
  parseReadinessConfig,
  requiredTierFor,
  resolveReadinessConfig,
} from './config';

describe('parseReadinessConfig', () => {
  it.each([undefined, null, {}])('accepts %p as no overrides', raw => {
    expect(parseReadinessConfig(raw)).toEqual({});
  });

  it('accepts valid overrides and ignores other readiness keys', () => {
    expect(
      parseReadinessConfig({
        collectors: { github: { enabled: true } },
        checks: {
          'quality.coverage': { thresholds: { minLinePercent: 70 } },
          'build.clean': { severity: 'major', enabled: false },
        },
        requiredTiers: { production: 'production' },
      }),
    ).toEqual({
      checks: {
        'quality.coverage': { thresholds: { minLinePercent: 70 } },
        'build.clean': { severity: 'major', enabled: false },
      },
      requiredTiers: { production: 'production' },
    });
  });

  it.each([
    [
      {
        checks: {
          'quality.coverage': { thresholds: { minLinePercent: '80' } },
        },
      },
      'Invalid readiness config at checks["quality.coverage"].thresholds.minLinePercent: expected number',
    ],
    [
      { checks: { 'quality.nope': {} } },
      'Invalid readiness config at checks["quality.nope"]: unknown check id',
    ],
    [
      { checks: { 'quality.coverage': { thresholds: { maxTodoMarkers: 3 } } } },
      'Invalid readiness config at checks["quality.coverage"].thresholds.maxTodoMarkers: unknown threshold',
    ],
    [
      { checks: { 'build.clean': { enabled: 'yes' } } },
      'Invalid readiness config at checks["build.clean"].enabled: expected boolean',
    ],
    [
      { checks: { 'build.clean': { severity: 'fatal' } } },
      'Invalid readiness config at checks["build.clean"].severity:',
    ],
    [
      { checks: { 'build.clean': { colour: 'red' } } },
      'Invalid readiness config at checks["build.clean"].colour: unknown key',
    ],
    [
      {
        checks: { 'quality.tech-debt': { thresholds: { maxTodoMarkers: -1 } } },
      },
      'Invalid readiness config at checks["quality.tech-debt"].thresholds.maxTodoMarkers: expected a number >= 0',
    ],
    [
      { requiredTiers: { production: 'gold' } },
      'Invalid readiness config at requiredTiers.production:',
    ],
    [
      { dependencyHealth: { requiredSignals: ['pypi-yanked'] } },
      'Invalid readiness config at dependencyHealth.requiredSignals[0]: expected one of npm-deprecated, crates-yanked',
    ],
    [
      { dependencyHealth: { optionalSignals: [] } },
      'Invalid readiness config at dependencyHealth.optionalSignals: unknown key',
    ],
    [
      { remediation: { phases: { immediate: { dueHours: -1 } } } },
      'Invalid readiness config at remediation.phases.immediate.dueHours: expected a number >= 0',
    ],
    [
      { remediation: { phases: { emergency: { dueHours: 1 } } } },
      'Invalid readiness config at remediation.phases.emergency: unknown key',
    ],
    [
      { remediation: { owners: { finance: 'group:default/finance' } } },
      'Invalid readiness config at remediation.owners.finance: unknown key',
    ],
    [
      { remediation: { phases: { production: { startHours: 900 } } } },
      'Invalid readiness config at remediation.phases.production: ends before it starts',
    ],
    [
      { delivery: { windowDays: 0 } },
      'Invalid readiness config at delivery.windowDays:',
    ],
    [
      { delivery: { window: 30 } },
      'Invalid readiness config at delivery.window: unknown key',
    ],
    [
      { checks: { 'quality.coverage': { tier: 'gold' } } },
      'Invalid readiness config at checks["quality.coverage"].tier:',
    ],
    [
      { checks: { 'quality.coverage': { effectiveFrom: 'soon' } } },
      'Invalid readiness config at checks["quality.coverage"].effectiveFrom: expected an ISO date such as 2027-01-31',
    ],
    [
      { checks: { 'quality.coverage': { appliesTo: { $nope: [] } } } },
      'Invalid readiness config at checks["quality.coverage"].appliesTo',
    ],
    [
      { packs: [{ pack: 'OSPS Baseline' }] },
      'Invalid readiness config at packs[0].pack: expected a pack id such as seed',
    ],
    [
      {
        checks: {
          custom: [
            {
              id: 'acme.has-slo',
              title: 'Has an SLO',
              tier: 'production',
              dimension: 'operations',
              rule: 'evidence.acme.slo.target >=',
            },
          ],
        },
      },
      'readiness.checks.custom[0] (acme.has-slo): rule: not a CEL expression',
    ],
  ])('rejects %j naming the key path', (raw, message) => {
    expect(() => parseReadinessConfig(raw)).toThrow(message);
  });

  it('names every problem', () => {
    expect(() =>
      parseReadinessConfig({
        checks: {
          'build.clean': { enabled: 1 },
          'docs.complete': { severity: 2 },
        },
      }),
    ).toThrow(
      /checks\["build.clean"\]\.enabled: .*; at checks\["docs.complete"\]\.severity/,
    );
  });
});

describe('parseReadinessConfig of checks as data', () => {
  const custom = {
    id: 'acme.has-slo',
    title: 'Has an SLO',
    tier: 'production',
    dimension: 'operations',
    severity: 'advisory',
    rule: 'has(evidence.acme.slo)',
  };

  it('parses readiness.checks.custom beside the overrides by id', () => {
    expect(
      parseReadinessConfig({
        checks: { 'build.clean': { enabled: false }, custom: [custom] },
      }),
    ).toEqual({
      checks: { 'build.clean': { enabled: false } },
      customChecks: [
        {
          ...custom,
          severity: 'minor',
          description: '',
          thresholds: {},
          source: 'custom',
        },
      ],
    });
  });

  it('accepts tier, appliesTo, effectiveFrom and the severity aliases in overrides, and packs', () => {
    const raw = {
      checks: {
        'quality.coverage': {
          tier: 'enterprise',
          severity: 'required',
          appliesTo: { 'spec.type': { $in: ['service', 'website'] } },
          effectiveFrom: '2027-01-31',
        },
      },
      packs: [
        { pack: 'osps-baseline', appliesTo: { 'spec.type': 'library' } },
        { pack: 'seed' },
      ],
    };
    expect(parseReadinessConfig(raw)).toEqual({
      ...raw,
      checks: {
        'quality.coverage': {
          ...raw.checks['quality.coverage'],
          severity: 'major',
        },
      },
    });
  });

  it('throws an InputError for a custom check', () => {
    expect(() =>
      parseReadinessConfig({
        checks: { custom: [{ ...custom, id: 'build.clean' }] },
      }),
    ).toThrow(InputError);
  });

  it('resolves custom checks after the built-ins, enabled', () => {
    const resolved = resolveReadinessConfig(
      parseReadinessConfig({ checks: { custom: [custom] } }),
    );
    expect(resolved.checks).toHaveLength(18);
    expect(resolved.checks[17]).toMatchObject({
      id: 'acme.has-slo',
      enabled: true,
      source: 'custom',
    });
  });

  it('gives a built-in moved to another tier that tier’s severity unless set', () => {
    const moved = resolveReadinessConfig({
      checks: {
        'build.clean': { tier: 'production' },
        'quality.coverage': { tier: 'mvs', severity: 'minor' },
      },
    }).checks;
    expect(moved.find(c => c.id === 'build.clean')).toMatchObject({
      tier: 'production',
      severity: 'major',
    });
    expect(moved.find(c => c.id === 'quality.coverage')).toMatchObject({
      tier: 'mvs',
      severity: 'minor',
    });
  });
});

describe('resolveReadinessConfig', () => {
  it('returns the defaults without overrides', () => {
    const resolved = resolveReadinessConfig();
    expect(resolved.checks).toHaveLength(17);
    expect(resolved.checks.every(c => c.enabled)).toBe(true);
    expect(resolved.requiredTiers).toEqual({});
    expect(resolved.requiredHealthSignals).toEqual([
      'npm-deprecated',
      'crates-yanked',
    ]);
    expect(resolved.remediation).toEqual({
      phases: {
        immediate: { startHours: 0, dueHours: 24 },
        stabilise: { startHours: 0, dueHours: 336 },
        production: { startHours: 336, dueHours: 672 },
        enterprise: { startHours: 672, dueHours: 1344 },
      },
      owners: {},
    });
  });

  it('requires only the registry signals the admin lists', () => {
    const config = parseReadinessConfig({
      dependencyHealth: { requiredSignals: ['crates-yanked'] },
    });
    expect(resolveReadinessConfig(config).requiredHealthSignals).toEqual([
      'crates-yanked',
    ]);
    expect(
      resolveReadinessConfig({ dependencyHealth: { requiredSignals: [] } })
        .requiredHealthSignals,
    ).toEqual([]);
  });

  it('merges remediation time boxes and owners', () => {
    const raw = {
      remediation: {
        phases: { stabilise: { dueHours: 168 } },
        owners: { security: 'group:default/security' },
      },
    };
    const resolved = resolveReadinessConfig(parseReadinessConfig(raw));
    expect(resolved.remediation.phases.stabilise).toEqual({
      startHours: 0,
      dueHours: 168,
    });
    expect(resolved.remediation.owners).toEqual({
      security: 'group:default/security',
    });
  });

  it('merges overrides into the defaults', () => {
    const resolved = resolveReadinessConfig({
      checks: {
        'quality.coverage': { thresholds: { minLinePercent: 60 } },
        'build.clean': { enabled: false, severity: 'minor' },
      },
    });
    const coverage = resolved.checks.find(c => c.id === 'quality.coverage');
    const build = resolved.checks.find(c => c.id === 'build.clean');
    expect(coverage).toMatchObject({
      thresholds: { minLinePercent: 60 },
      severity: 'major',
      enabled: true,
    });
    expect(build).toMatchObject({ enabled: false, severity: 'minor' });
  });
});

describe('requiredTierFor', () => {
  const config = { requiredTiers: { production: 'production' as const } };
  it.each([
    ['production', 'production'],
    ['experimental', undefined],
    [undefined, undefined],
    ['constructor', undefined],
  ])('lifecycle %s requires %s', (lifecycle, tier) => {
    expect(requiredTierFor(lifecycle, config)).toBe(tier);
  });
});
