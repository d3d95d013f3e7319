import { ConfigReader } from '@backstage/config';
import { readGithubModuleConfig } from './config';

describe('readGithubModuleConfig', () => {
  it('defaults to the documented patterns and no wait override', () => {
    expect(readGithubModuleConfig(new ConfigReader({}))).toEqual({
      buildPatterns: [/build|ci|test|compile/i],
      deployPatterns: [/deploy|release|publish|cd\b/i],
      maxRateLimitWaitMs: undefined,
      maxResponseBytes: undefined,
      host: undefined,
    });
  });

  it('reads patterns, the wait in every duration form, and the host', () => {
    const read = (github: object) =>
      readGithubModuleConfig(new ConfigReader({ readiness: { github } }));
    const config = read({
      buildWorkflowPattern: '^ci$',
      deployWorkflowPattern: 'ship',
      maxRateLimitWait: '2m',
      maxResponseBytes: 1_048_576,
      host: 'ghe.example.com',
      deploymentEnvironment: 'production',
    });
    expect(config.deploymentEnvironment).toBe('production');
    expect(config.maxResponseBytes).toBe(1_048_576);
    expect(config.buildPatterns).toEqual([/^ci$/i]);
    expect(config.deployPatterns).toEqual([/ship/i]);
    expect(config.maxRateLimitWaitMs).toBe(120_000);
    expect(config.host).toBe('ghe.example.com');
    expect(read({ maxRateLimitWait: 'PT45S' }).maxRateLimitWaitMs).toBe(45_000);
    expect(
      read({ maxRateLimitWait: { minutes: 1, seconds: 30 } })
        .maxRateLimitWaitMs,
    ).toBe(90_000);
  });

  it('fails with the key named on invalid values', () => {
    expect(() =>
      readGithubModuleConfig(
        new ConfigReader({
          readiness: { github: { buildWorkflowPattern: '(unclosed' } },
        }),
      ),
    ).toThrow(/readiness\.github\.buildWorkflowPattern/);
    expect(() =>
      readGithubModuleConfig(
        new ConfigReader({
          readiness: { github: { maxRateLimitWait: 'soon' } },
        }),
      ),
    ).toThrow(/maxRateLimitWait/);
    expect(() =>
      readGithubModuleConfig(
        new ConfigReader({ readiness: { github: { maxResponseBytes: -1 } } }),
      ),
    ).toThrow(/readiness\.github\.maxResponseBytes must be a positive/);
  });
});
