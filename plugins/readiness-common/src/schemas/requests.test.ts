import { daysFromNow } from '../testUtils/fixtures';
import { errorOf, scriptUrl } from './__testUtils__/rejections';
import {
  attestationCreateRequestSchema,
  distributionTrendQuerySchema,
  gateQuerySchema,
  rollupsQuerySchema,
  stopWorkRequestSchema,
  summariesByRefsRequestSchema,
  summariesQuerySchema,
  waiverCreateRequestSchema,
} from './requests';

const future = daysFromNow(30);

describe('attestationCreateRequestSchema', () => {
  const valid = {
    kind: 'compliance',
    summary: 'SOC 2 controls reviewed',
    evidenceLink: 'https://drive.example.com/soc2',
    expiresAt: future,
  };

  it('accepts a valid attestation', () => {
    expect(attestationCreateRequestSchema.parse(valid)).toEqual(valid);
  });

  it.each([
    [
      'script link',
      { ...valid, evidenceLink: scriptUrl },
      'evidenceLink: must be an http(s) URL',
    ],
    [
      'data: link',
      { ...valid, evidenceLink: 'data:text/html,hi' },
      'evidenceLink: must be an http(s) URL',
    ],
    ['missing link', { ...valid, evidenceLink: undefined }, 'evidenceLink:'],
    ['unknown kind', { ...valid, kind: 'vibes' }, 'kind:'],
    ['blank summary', { ...valid, summary: '  ' }, 'summary:'],
    [
      'bad expiry',
      { ...valid, expiresAt: '2026-13-01' },
      'expiresAt: Invalid ISO datetime',
    ],
  ])('rejects a %s', (_name, body, message) => {
    expect(errorOf(attestationCreateRequestSchema, body)).toContain(message);
  });
});

describe('waiverCreateRequestSchema', () => {
  const valid = {
    checkId: 'quality.coverage',
    reason: 'coverage tooling migrates in Q3',
    owner: 'group:default/team-a',
    expiresAt: future,
  };

  it('accepts a valid waiver', () => {
    expect(waiverCreateRequestSchema.parse(valid)).toEqual(valid);
  });

  it('accepts a waiver on a custom check', () => {
    const custom = { ...valid, checkId: 'acme.has-slo' };
    expect(waiverCreateRequestSchema.parse(custom)).toEqual(custom);
  });

  it.each([
    [
      'un-namespaced check id',
      { ...valid, checkId: 'vibes' },
      'checkId: unknown check id',
    ],
    [
      'check id that is no id',
      { ...valid, checkId: 'Quality Vibes!' },
      'checkId: unknown check id',
    ],
    ['missing reason', { ...valid, reason: '' }, 'reason:'],
    ['overlong reason', { ...valid, reason: 'x'.repeat(1001) }, 'reason:'],
    [
      'date without time',
      { ...valid, expiresAt: '2027-01-01' },
      'expiresAt: Invalid ISO datetime',
    ],
  ])('rejects an %s', (_name, body, message) => {
    expect(errorOf(waiverCreateRequestSchema, body)).toContain(message);
  });
});

describe('stopWorkRequestSchema', () => {
  it.each([
    [{}, 'reason:'],
    [{ reason: '   ' }, 'reason:'],
    [{ reason: 'x'.repeat(1001) }, 'reason:'],
  ])('rejects %j', (body, message) => {
    expect(errorOf(stopWorkRequestSchema, body)).toContain(message);
  });

  it('trims the reason', () => {
    expect(stopWorkRequestSchema.parse({ reason: ' incident ' })).toEqual({
      reason: 'incident',
    });
  });
});

describe('summariesQuerySchema', () => {
  it('applies defaults', () => {
    expect(summariesQuerySchema.parse({})).toEqual({
      limit: 50,
      sort: 'entityRef',
    });
  });

  it('parses string query values', () => {
    expect(
      summariesQuerySchema.parse({
        tier: 'none',
        stopWork: 'true',
        limit: '500',
        sort: '-score',
        owner: 'group:default/a',
        q: 'pay',
        belowRequiredTier: 'false',
      }),
    ).toEqual({
      belowRequiredTier: false,
      tier: 'none',
      stopWork: true,
      limit: 500,
      sort: '-score',
      owner: 'group:default/a',
      q: 'pay',
    });
  });

  it.each([
    [{ limit: '0' }, 'limit:'],
    [{ limit: '501' }, 'limit:'],
    [{ limit: 'many' }, 'limit:'],
    [{ tier: 'gold' }, 'tier:'],
    [{ stopWork: 'yes' }, 'stopWork:'],
    [{ sort: 'name' }, 'sort:'],
    [{ owner: ['a', 'b'] }, 'owner:'],
  ])('rejects %j', (query, message) => {
    expect(errorOf(summariesQuerySchema, query)).toContain(message);
  });
});

describe('aggregate and batch schemas', () => {
  it('accepts up to 1000 entity refs in one batch', () => {
    const entityRefs = Array.from(
      { length: 1000 },
      (_, i) => `component:default/c${i}`,
    );
    expect(summariesByRefsRequestSchema.parse({ entityRefs })).toEqual({
      entityRefs,
    });
    expect(
      errorOf(summariesByRefsRequestSchema, {
        entityRefs: [...entityRefs, 'component:default/one-more'],
      }),
    ).toContain('entityRefs:');
    expect(errorOf(summariesByRefsRequestSchema, {})).toContain('entityRefs:');
  });

  it('bounds the trend window', () => {
    expect(distributionTrendQuerySchema.parse({})).toEqual({ days: 90 });
    expect(distributionTrendQuerySchema.parse({ days: '7' })).toEqual({
      days: 7,
    });
    expect(errorOf(distributionTrendQuerySchema, { days: '367' })).toContain(
      'days:',
    );
  });

  it('rolls up by owner or system only', () => {
    expect(rollupsQuerySchema.parse({ by: 'system' })).toEqual({
      by: 'system',
    });
    expect(errorOf(rollupsQuerySchema, { by: 'domain' })).toContain('by:');
  });
});

describe('gateQuerySchema', () => {
  it('leaves minTier to the lifecycle when absent', () => {
    expect(gateQuerySchema.parse({})).toEqual({});
    expect(gateQuerySchema.parse({ minTier: 'production' })).toEqual({
      minTier: 'production',
    });
  });

  it('rejects an unknown tier', () => {
    expect(errorOf(gateQuerySchema, { minTier: 'gold' })).toContain('minTier:');
  });
});
