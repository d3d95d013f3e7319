import { z } from 'zod';
import { errorOf } from './__testUtils__/rejections';
import { evidenceSchema } from './evidence';
import {
  createEvidencePushRequestSchema,
  evidencePushRequestSchema,
} from './evidencePush';
import { isNamespacedEvidenceKey } from './namespacedEvidence';

const sloSchema = z.object({
  targetPercent: z.number().min(0).max(100),
  window: z.enum(['7d', '28d', '30d']),
});
const schema = createEvidencePushRequestSchema({ 'acme.slo': sloSchema });
const slo = { key: 'acme.slo', value: { targetPercent: 99.9, window: '28d' } };

describe('isNamespacedEvidenceKey', () => {
  it.each([
    ['acme.slo', true],
    ['acme.slo.latency-p99', true],
    ['a1.b2', true],
    ['build', false],
    ['dependency-health', false],
    ['Acme.slo', false],
    ['acme.', false],
    ['.slo', false],
    ['acme..slo', false],
    ['acme slo.x', false],
    [`acme.${'x'.repeat(100)}`, false],
    [42, false],
  ])('%s -> %s', (key, expected) => {
    expect(isNamespacedEvidenceKey(key)).toBe(expected);
  });
});

describe('createEvidencePushRequestSchema', () => {
  it('accepts a registered kind, checked by its schema, beside built-in items', () => {
    const build = {
      key: 'build',
      value: { succeeded: true, compilationErrors: 0 },
    };
    expect(schema.parse([build, { ...slo, runId: '7', source: 'ci' }])).toEqual(
      [build, { ...slo, runId: '7', source: 'ci' }],
    );
  });

  it('names the field of a value its kind refuses, quoting nothing sent', () => {
    const message = errorOf(schema, [
      slo,
      {
        key: 'acme.slo',
        value: { targetPercent: 'ninety <b>', window: '28d' },
      },
    ]);
    expect(message).toMatch(/^\[1\]\.value\.targetPercent: /);
    expect(message).not.toContain('ninety');
  });

  it.each([
    ['an unregistered namespaced key', { key: 'acme.cost', value: {} }],
    ['a malformed namespaced key', { key: 'Acme..X<script>', value: {} }],
  ])('refuses %s at key, listing the registered kinds', (_name, body) => {
    const message = errorOf(schema, body);
    expect(message).toBe(
      'key: not a registered evidence kind; registered: acme.slo',
    );
  });

  it('refuses every namespaced key when no kind is registered', () => {
    expect(errorOf(evidencePushRequestSchema, slo)).toBe(
      'key: not a registered evidence kind',
    );
  });

  it('keeps the built-in checks and messages', () => {
    expect(
      errorOf(schema, { key: 'coverage', value: { linePercent: 120 } }),
    ).toMatch(/^value\.linePercent: /);
    expect(errorOf(schema, { key: 'nope', value: {} })).toMatch(
      /^key: unknown evidence key; expected one of build, /,
    );
  });

  it('does not let a registered kind name a key outside its own', () => {
    // An own-property lookup only: a prototype name is no registered kind.
    expect(
      errorOf(schema, { key: 'constructor.prototype', value: {} }),
    ).toContain('key: not a registered evidence kind');
  });
});

describe('evidenceSchema', () => {
  const stamp = {
    source: 'acme-slo',
    observedAt: '2026-12-01T00:00:00Z',
    staleAfter: '2026-12-02T00:00:00Z',
  };

  it('accepts stored evidence of a namespaced kind with an opaque value', () => {
    expect(evidenceSchema.parse({ ...slo, ...stamp })).toEqual({
      ...slo,
      ...stamp,
    });
  });

  it('requires a value or an error, and a well-formed key', () => {
    expect(errorOf(evidenceSchema, { key: 'acme.slo', ...stamp })).toBe(
      'value: either value or error is required',
    );
    expect(
      errorOf(evidenceSchema, { key: 'acme.', value: 1, ...stamp }),
    ).toMatch(/^key: must be a namespaced key/);
  });
});
