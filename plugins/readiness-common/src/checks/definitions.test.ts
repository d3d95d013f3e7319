import { InputError } from '@backstage/errors';
import { parseCheckDefinitions } from './definitions';

const hasSlo = {
  id: 'acme.has-slo',
  title: 'Has an SLO',
  description: 'An SLO with a target of at least 99.9% is defined.',
  tier: 'production',
  dimension: 'operations',
  severity: 'required',
  appliesTo: { kind: 'Component', 'spec.type': 'service' },
  rule: 'evidence.acme.slo.target >= 99.9',
  summary: {
    pass: 'SLO target {{ evidence.acme.slo.target }}%',
    fail: 'SLO target {{ evidence.acme.slo.target }}% is below 99.9%',
  },
  remediation: ['raise the SLO of {{ entity.metadata.name }} to 99.9%'],
  effectiveFrom: '2027-01-31',
};

const origin = 'readiness.checks.custom';

function problemOf(definition: unknown): string {
  try {
    parseCheckDefinitions([hasSlo, definition], { origin });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the definitions to be refused');
}

describe('parseCheckDefinitions', () => {
  it('parses a definition, mapping severity aliases and marking it custom', () => {
    expect(parseCheckDefinitions([hasSlo], { origin })).toEqual([
      {
        ...hasSlo,
        severity: 'major',
        thresholds: {},
        source: 'custom',
      },
    ]);
  });

  it('defaults severity by tier and description to empty, and takes a source', () => {
    const [check] = parseCheckDefinitions(
      [
        {
          id: 'osps.ac-01',
          title: 'MFA for maintainers',
          tier: 'mvs',
          dimension: 'security',
          rule: "attestations.compliance.reason != '' ? 'pass' : 'unknown'",
        },
      ],
      { source: 'osps-baseline' },
    );
    expect(check).toMatchObject({
      severity: 'blocker',
      description: '',
      source: 'osps-baseline',
    });
  });

  it.each([
    [
      { ...hasSlo, id: 'acme.bad-rule', rule: 'exec("ls") == 0' },
      "readiness.checks.custom[1] (acme.bad-rule): rule: unknown function exec: a rule may call CEL's standard functions only",
    ],
    [
      { ...hasSlo, id: 'acme.syntax', rule: 'evidence.acme.slo.target >=' },
      'readiness.checks.custom[1] (acme.syntax): rule: not a CEL expression',
    ],
    [
      { ...hasSlo, id: 'acme.no-rule', rule: undefined },
      'readiness.checks.custom[1] (acme.no-rule): rule: expected a CEL expression',
    ],
    [
      { ...hasSlo, id: 'build.clean' },
      'readiness.checks.custom[1] (build.clean): id: is a built-in check id; override it under readiness.checks',
    ],
    [
      { ...hasSlo, id: 'HasSlo' },
      'readiness.checks.custom[1] (HasSlo): id: expected dot-namespaced kebab-case, such as acme.has-slo',
    ],
    [
      { ...hasSlo, id: 'acme/has-slo' },
      'readiness.checks.custom[1] (acme/has-slo): id: expected dot-namespaced kebab-case',
    ],
    [
      hasSlo,
      'readiness.checks.custom[1] (acme.has-slo): id: repeats readiness.checks.custom[0]',
    ],
    [
      { ...hasSlo, id: 'acme.tier', tier: 'platinum' },
      'readiness.checks.custom[1] (acme.tier): tier:',
    ],
    [
      { ...hasSlo, id: 'acme.dimension', dimension: 'vibes' },
      'readiness.checks.custom[1] (acme.dimension): dimension: expected one of build, security, testing, documentation, operations',
    ],
    [
      { ...hasSlo, id: 'acme.severity', severity: 'fatal' },
      'readiness.checks.custom[1] (acme.severity): severity: expected blocker, required (major) or advisory (minor)',
    ],
    [
      { ...hasSlo, id: 'acme.applies', appliesTo: { kind: { $regex: '.*' } } },
      'readiness.checks.custom[1] (acme.applies): appliesTo',
    ],
    [
      { ...hasSlo, id: 'acme.date', effectiveFrom: 'next spring' },
      'readiness.checks.custom[1] (acme.date): effectiveFrom: expected an ISO date such as 2027-01-31',
    ],
    [
      {
        ...hasSlo,
        id: 'acme.markup',
        summary: { fail: '<img src=x onerror=alert(1)>' },
      },
      'readiness.checks.custom[1] (acme.markup): summary.fail: must be plain text, without < or >',
    ],
    [
      {
        ...hasSlo,
        id: 'acme.placeholder',
        summary: { pass: '{{ process.env.SECRET }}' },
      },
      'readiness.checks.custom[1] (acme.placeholder): summary.pass: placeholder {{ process.env.SECRET }} is not a path into entity, evidence, attestations, now',
    ],
    [
      { ...hasSlo, id: 'acme.unclosed', remediation: ['fix {{ entity'] },
      'readiness.checks.custom[1] (acme.unclosed): remediation[0]: has an unclosed {{ placeholder }}',
    ],
    [
      { ...hasSlo, id: 'acme.long', summary: { pass: 'x'.repeat(501) } },
      'readiness.checks.custom[1] (acme.long): summary.pass: longer than 500 characters (501)',
    ],
    [
      { ...hasSlo, id: 'acme.extra', thresholds: { min: 1 } },
      'readiness.checks.custom[1] (acme.extra): thresholds: unknown key',
    ],
    ['acme.has-slo', 'readiness.checks.custom[1]: (definition):'],
  ])('refuses %j, naming the check and the field', (definition, message) => {
    expect(problemOf(definition)).toContain(message);
  });

  it('names every problem of every definition at once', () => {
    const message = problemOf({
      id: 'acme.two',
      title: '',
      tier: 'mvs',
      dimension: 'build',
      rule: 'nope(1)',
    });
    expect(message).toContain('readiness.checks.custom[1] (acme.two): title:');
    expect(message).toContain(
      'readiness.checks.custom[1] (acme.two): rule: unknown function nope',
    );
  });

  it('refuses a value that is not a list', () => {
    expect(() => parseCheckDefinitions({ id: 'acme.x' }, { origin })).toThrow(
      'readiness.checks.custom: expected a list of check definitions',
    );
  });
});
