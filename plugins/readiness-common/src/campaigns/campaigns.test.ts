import { type ReadinessConfig, resolveReadinessConfig } from '../config';
import type { Campaign, CampaignCreateRequest } from '../types';
import {
  applyCampaignPromotions,
  campaignCreateRequestSchema,
  campaignGap,
} from './campaigns';

const request: CampaignCreateRequest = {
  id: 'prod-ready-2027',
  title: 'All production services at Production Ready',
  targetTier: 'production',
  appliesTo: { 'spec.lifecycle': 'production' },
  deadline: '2027-03-01T00:00:00Z',
  owner: 'group:default/platform-team',
};

const campaign: Campaign = {
  ...request,
  createdBy: 'user:default/ada',
  createdAt: '2026-12-01T00:00:00Z',
};

describe('campaignCreateRequestSchema', () => {
  it('accepts a tier target with a predicate', () => {
    expect(campaignCreateRequestSchema.parse(request)).toEqual(request);
  });

  it.each([
    [{ targetTier: undefined }, 'targetTier'],
    [{ promote: true }, 'promote'],
    [{ id: 'Not Kebab' }, 'id'],
    [{ appliesTo: { $nope: 1 } }, 'appliesTo'],
    [{ deadline: 'soon' }, 'deadline'],
    [{ checks: [] }, 'checks'],
  ])('rejects %j at %s', (change, field) => {
    const result = campaignCreateRequestSchema.safeParse({
      ...request,
      ...change,
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map(i => i.path[0])).toContain(field);
  });
});

describe('campaignGap', () => {
  it('is undefined at or above the target tier', () => {
    expect(
      campaignGap({ targetTier: 'production' }, { tier: 'enterprise' }),
    ).toBeUndefined();
    expect(
      campaignGap({ targetTier: 'production' }, { tier: 'production' }),
    ).toBeUndefined();
  });

  it('names the tier below the target and no tier at all', () => {
    expect(campaignGap({ targetTier: 'production' }, { tier: 'mvs' })).toEqual({
      tier: 'mvs',
      checks: [],
    });
    expect(campaignGap({ targetTier: 'mvs' }, { tier: null })).toEqual({
      tier: null,
      checks: [],
    });
  });

  it('needs every named check to pass or be waived; unknown and missing are not at target', () => {
    const checks = [
      'docs.complete',
      'quality.coverage',
      'acme.has-slo',
      'security.audit',
    ];
    expect(
      campaignGap(
        { checks },
        {
          tier: 'mvs',
          checks: [
            { id: 'docs.complete', status: 'pass' },
            { id: 'quality.coverage', status: 'unknown' },
            { id: 'security.audit', status: 'waived' },
          ],
        },
      ),
    ).toEqual({
      tier: 'mvs',
      checks: [
        { id: 'quality.coverage', status: 'unknown' },
        { id: 'acme.has-slo', status: 'missing' },
      ],
    });
  });
});

describe('applyCampaignPromotions', () => {
  const promoting: Campaign = {
    ...campaign,
    targetTier: 'production',
    checks: ['operations.on-call', 'build.clean', 'acme.has-slo'],
    promote: true,
  };
  const custom = {
    id: 'acme.has-slo',
    title: 'Has an SLO',
    description: 'An SLO is declared',
    thresholds: {},
    tier: 'enterprise' as const,
    dimension: 'operations' as const,
    severity: 'minor' as const,
    rule: 'true',
  };
  const checksOf = (config: ReadinessConfig) =>
    resolveReadinessConfig(config).checks;

  it('moves promoted checks into the target tier with its severity, effective from the deadline', () => {
    const checks = checksOf(
      applyCampaignPromotions({ customChecks: [custom] }, [promoting]),
    );
    for (const id of ['operations.on-call', 'acme.has-slo']) {
      expect(checks.find(c => c.id === id)).toMatchObject({
        tier: 'production',
        severity: 'major',
        effectiveFrom: '2027-03-01T00:00:00Z',
      });
    }
  });

  it('keeps other overrides of a promoted check', () => {
    const config = applyCampaignPromotions(
      { checks: { 'operations.on-call': { enabled: false } } },
      [promoting],
    );
    expect(config.checks?.['operations.on-call']).toEqual({
      enabled: false,
      tier: 'production',
      effectiveFrom: '2027-03-01T00:00:00Z',
    });
  });

  it('never moves a check to a higher tier', () => {
    const config = applyCampaignPromotions({}, [promoting]);
    expect(config.checks?.['build.clean']).toBeUndefined();
  });

  it('ignores campaigns that do not promote or are archived', () => {
    const config: ReadinessConfig = { customChecks: [custom] };
    expect(
      applyCampaignPromotions(config, [
        { ...promoting, promote: false },
        { ...promoting, archivedAt: '2026-12-02T00:00:00Z' },
      ]),
    ).toBe(config);
  });
});
