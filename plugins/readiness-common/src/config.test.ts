import { parseReadinessConfig, resolveReadinessConfig } from './config';

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
      { delivery: { windowDays: 0 } },
      'Invalid readiness config at delivery.windowDays:',
    ],
    [
      { delivery: { window: 30 } },
      'Invalid readiness config at delivery.window: unknown key',
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

describe('resolveReadinessConfig', () => {
  it('returns the defaults without overrides', () => {
    const resolved = resolveReadinessConfig();
    expect(resolved.checks).toHaveLength(16);
    expect(resolved.checks.every(c => c.enabled)).toBe(true);
    expect(resolved.requiredTiers).toEqual({});
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
