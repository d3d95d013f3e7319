import { z } from 'zod';
import {
  attestationCreateRequestSchema,
  evidencePushRequestSchema,
  maxPushedBuildLogChars,
  evidenceSchema,
  formatIssuePath,
  formatZodError,
  gateQuerySchema,
  parseRequest,
  stopWorkRequestSchema,
  summariesQuerySchema,
  summariesByRefsRequestSchema,
  distributionTrendQuerySchema,
  rollupsQuerySchema,
  waiverCreateRequestSchema,
} from './schemas';
import { daysFromNow, healthyEvidence } from './testUtils/fixtures';

function errorOf(schema: z.ZodType<unknown, unknown>, input: unknown): string {
  const result = schema.safeParse(input);
  if (result.success) {
    throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  }
  return formatZodError(result.error);
}

const future = daysFromNow(30);
// Built from parts so linters do not mistake the fixture for code.
const scriptUrl = ['javascript', 'alert(1)'].join(':');

describe('evidencePushRequestSchema', () => {
  const build = {
    key: 'build',
    value: { succeeded: true, compilationErrors: 0 },
  };

  it.each([
    ['one item', build, [build]],
    [
      'many items',
      [build, { key: 'coverage', value: { linePercent: 81.5 } }],
      [build, { key: 'coverage', value: { linePercent: 81.5 } }],
    ],
    [
      'optional fields',
      {
        ...build,
        observedAt: '2026-03-01T10:00:00Z',
        staleAfter: future,
        link: 'https://ci.example.com/run/1',
      },
      [
        {
          ...build,
          observedAt: '2026-03-01T10:00:00Z',
          staleAfter: future,
          link: 'https://ci.example.com/run/1',
        },
      ],
    ],
  ])('accepts %s as an array', (_name, body, expected) => {
    expect(evidencePushRequestSchema.parse(body)).toEqual(expected);
  });

  it.each([
    [
      'a non-pushable key',
      { key: 'vulnerabilities', value: {} },
      'key: unknown evidence key; expected one of build, tests',
    ],
    [
      'a wrong value type',
      { key: 'build', value: { succeeded: 'yes', compilationErrors: 0 } },
      'value.succeeded: Invalid input: expected boolean',
    ],
    [
      'a wrong value in an array',
      [build, { key: 'tests', value: { passed: true, failed: -1 } }],
      '[1].value.failed:',
    ],
    [
      'a javascript: link',
      { ...build, link: scriptUrl },
      'link: must be an http(s) URL',
    ],
    [
      'a bad timestamp',
      { ...build, observedAt: 'yesterday' },
      'observedAt: Invalid ISO datetime',
    ],
    [
      'coverage above 100',
      { key: 'coverage', value: { linePercent: 120 } },
      'value.linePercent:',
    ],
    ['an empty array', [], 'Too small'],
    ['a number', 42, 'expected an evidence item or an array of evidence items'],
  ])('rejects %s naming the field', (_name, body, message) => {
    expect(errorOf(evidencePushRequestSchema, body)).toContain(message);
  });

  it('accepts a build as its raw log, with or without a value', () => {
    const log = 'error[E0432]: unresolved import `a`\n --> src/main.rs:1:5\n';
    expect(evidencePushRequestSchema.parse({ key: 'build', log })).toEqual([
      { key: 'build', log },
    ]);
    expect(evidencePushRequestSchema.parse({ ...build, log })).toEqual([
      { ...build, log },
    ]);
  });

  it.each([
    [
      'neither a value nor a log',
      { key: 'build' },
      'value: either value or log is required',
    ],
    [
      'a log over the cap',
      { key: 'build', log: 'x'.repeat(maxPushedBuildLogChars + 1) },
      'log: Too big',
    ],
    [
      'a log on another key',
      { key: 'tests', log: 'x' },
      'value: Invalid input',
    ],
  ])('rejects a build with %s', (_name, body, message) => {
    expect(errorOf(evidencePushRequestSchema, body)).toContain(message);
  });

  it('rejects a link longer than the bound', () => {
    expect(
      errorOf(evidencePushRequestSchema, {
        ...build,
        link: `https://x.example.com/${'a'.repeat(3000)}`,
      }),
    ).toContain('link:');
  });
});

describe('evidenceSchema', () => {
  it('accepts every fixture evidence item', () => {
    for (const item of healthyEvidence()) {
      expect(evidenceSchema.parse(item)).toEqual(item);
    }
  });

  it('requires a value or an error', () => {
    expect(
      errorOf(evidenceSchema, {
        key: 'build',
        source: 'ci',
        observedAt: future,
        staleAfter: future,
      }),
    ).toBe('value: either value or error is required');
  });
});

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

  it.each([
    [
      'unknown check',
      { ...valid, checkId: 'quality.vibes' },
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
  it('defaults minTier to mvs', () => {
    expect(gateQuerySchema.parse({})).toEqual({ minTier: 'mvs' });
  });

  it('rejects an unknown tier', () => {
    expect(errorOf(gateQuerySchema, { minTier: 'gold' })).toContain('minTier:');
  });
});

describe('formatIssuePath', () => {
  it.each([
    [['expiresAt'], 'expiresAt'],
    [
      ['checks', 'quality.coverage', 'thresholds', 'minLinePercent'],
      'checks["quality.coverage"].thresholds.minLinePercent',
    ],
    [[0, 'value', 'failed'], '[0].value.failed'],
    [['items', 2, 'load-test'], 'items[2]["load-test"]'],
  ])('formats %j', (path, expected) => {
    expect(formatIssuePath(path)).toBe(expected);
  });
});

describe('parseRequest', () => {
  it('returns data or throws a message naming the field', () => {
    expect(parseRequest(stopWorkRequestSchema, { reason: 'x' })).toEqual({
      reason: 'x',
    });
    expect(() => parseRequest(waiverCreateRequestSchema, {})).toThrow(
      /checkId: .*; reason: /,
    );
  });
});

describe('repository evidence values', () => {
  const stamp = {
    source: 'repository',
    observedAt: future,
    staleAfter: future,
  };
  const files = {
    readme: true,
    docs: false,
    runbook: false,
    securityPolicy: false,
    dependencyUpdates: false,
    codeowners: false,
  };

  it.each([
    [
      'README size, headings and test files',
      {
        key: 'repository-files',
        value: {
          ...files,
          readmeBytes: 304,
          readmeSections: ['claude-flow', 'Build', 'Run'],
          testFiles: 0,
        },
      },
    ],
    [
      'coverage reports',
      {
        key: 'coverage',
        value: {
          linePercent: 61.5,
          reports: [{ file: 'coverage/lcov.info', linePercent: 61.5 }],
        },
      },
    ],
    [
      'CI workflows that do not deploy',
      {
        key: 'pipeline',
        value: { exists: false, workflows: ['.github/workflows/ci.yml'] },
      },
    ],
  ])('accepts %s', (_name, item) => {
    expect(evidenceSchema.parse({ ...item, ...stamp })).toEqual({
      ...item,
      ...stamp,
    });
  });

  it.each([
    [
      'a negative README size',
      { key: 'repository-files', value: { ...files, readmeBytes: -1 } },
      'value.readmeBytes:',
    ],
    [
      'a fractional test file count',
      { key: 'repository-files', value: { ...files, testFiles: 1.5 } },
      'value.testFiles:',
    ],
    [
      'a report above 100%',
      {
        key: 'coverage',
        value: {
          linePercent: 50,
          reports: [{ file: 'lcov.info', linePercent: 101 }],
        },
      },
      'value.reports[0].linePercent:',
    ],
  ])('rejects %s', (_name, item, message) => {
    expect(errorOf(evidenceSchema, { ...item, ...stamp })).toContain(message);
  });

  it('lets CI push the workflows and reports too', () => {
    expect(
      evidencePushRequestSchema.parse({
        key: 'pipeline',
        value: { exists: false, workflows: ['.github/workflows/ci.yml'] },
      }),
    ).toEqual([
      {
        key: 'pipeline',
        value: { exists: false, workflows: ['.github/workflows/ci.yml'] },
      },
    ]);
  });
});
