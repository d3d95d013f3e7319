import {
  checkRuleIterationBudget,
  compileCheckRule,
  maxCheckRuleLength,
} from './compileCheckRule';
import { createCheckRuleInputs, maxCheckRuleInputDepth } from './ruleInputs';

const now = '2026-12-03T12:00:00.000Z';

function inputs(evidence: Record<string, unknown> = {}, entity?: object) {
  return createCheckRuleInputs({
    evidence: new Map(Object.entries(evidence)),
    entity: entity as never,
    attestations: [
      {
        id: 'a1',
        kind: 'compliance',
        summary: 'SOC 2 type II',
        evidenceLink: 'https://example.com/soc2',
        attestedBy: 'user:default/auditor',
        attestedAt: '2026-06-01T00:00:00.000Z',
        expiresAt: '2027-06-01T00:00:00.000Z',
      },
    ],
    now,
  });
}

const service = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    tags: ['pci'],
    annotations: { 'acme.com/slo': 'https://slo.example.com/payments' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:team-a' },
};

describe('compileCheckRule', () => {
  it.each([
    ['true', 'pass'],
    ['false', 'fail'],
    ["'pass'", 'pass'],
    ["'fail'", 'fail'],
    ["'unknown'", 'unknown'],
    ['entity.spec.type == "service"', 'pass'],
    ['"pci" in entity.metadata.tags', 'pass'],
    ['"acme.com/slo" in entity.metadata.annotations', 'pass'],
    ['evidence.coverage.linePercent >= 80.0', 'pass'],
    ['evidence.coverage.linePercent >= 90', 'fail'],
    ['evidence.acme.slo.target >= 99.9', 'pass'],
    ['evidence["todo-markers"].count <= 10', 'pass'],
    ['attestations.compliance.attestedBy == "user:default/auditor"', 'pass'],
    ['attestations.compliance.expiresAt > now', 'pass'],
    ['now > timestamp("2026-01-01T00:00:00Z")', 'pass'],
    ['evidence.acme.slo.objectives.all(o, o.met)', 'fail'],
    ['"a-b".matches("^[a-z]+-[a-z]+$")', 'pass'],
  ])('evaluates %s to %s', (expression, status) => {
    const result = compileCheckRule(expression).evaluate(
      inputs(
        {
          coverage: { linePercent: 85 },
          'todo-markers': { count: 3 },
          'acme.slo': {
            target: 99.95,
            objectives: [{ met: true }, { met: false }],
          },
        },
        service,
      ),
    );
    expect(result.status).toBe(status);
  });

  it('records the evidence keys and namespaces a rule reads', () => {
    const rule = compileCheckRule(
      'has(evidence.acme.slo) && evidence.coverage.linePercent > 1.0 && evidence["dependency-health"].packages.size() > 0',
    );
    expect([...rule.evidenceKeys].sort()).toEqual([
      'acme.slo',
      'coverage',
      'dependency-health',
    ]);
    expect(rule.readsEntity).toBe(false);
  });

  it('sees all the evidence when it reads evidence as a whole', () => {
    const evidence = {
      coverage: { linePercent: 85 },
      'todo-markers': { count: 3 },
      'acme.slo': { target: 99.95 },
    };
    for (const expression of [
      'evidence.coverage.linePercent > 1.0 && size(evidence) == 3',
      'evidence.all(key, key != "") && size(evidence) == 3',
      'has(evidence.acme) && evidence.acme.size() == 1',
    ]) {
      expect(
        compileCheckRule(expression).evaluate(inputs(evidence)).status,
      ).toBe('pass');
    }
  });

  it('lets has() guard a namespaced key whose namespace has no evidence', () => {
    const rule = compileCheckRule(
      "has(evidence.acme.slo) ? evidence.acme.slo.target > 99.0 : 'fail'",
    );
    expect(rule.evaluate(inputs()).status).toBe('fail');
  });

  it('is unknown, naming the field, when a rule touches an absent field', () => {
    expect(
      compileCheckRule('evidence.coverage.linePercent > 80.0').evaluate(
        inputs(),
      ),
    ).toEqual({
      status: 'unknown',
      reason: 'the rule reads coverage, which is absent',
    });
  });

  it.each([
    [
      '1 + 1',
      "the rule yielded a int, not a bool or 'pass', 'fail' or 'unknown'",
    ],
    [
      "'maybe'",
      "the rule yielded a string, not a bool or 'pass', 'fail' or 'unknown'",
    ],
    ['evidence.coverage.linePercent + 1', 'no _+_ for (double, int)'],
    ['1 / 0 == 1', 'the rule divides by zero'],
  ])('is unknown with a reason when %s', (expression, reason) => {
    expect(
      compileCheckRule(expression).evaluate(
        inputs({ coverage: { linePercent: 85 } }),
      ),
    ).toEqual({ status: 'unknown', reason });
  });

  describe('refuses at compile time', () => {
    it.each([
      ['', 'expected a CEL expression'],
      ['entity.spec.type ==', 'not a CEL expression'],
      ['exec("rm -rf /")', 'unknown function exec'],
      ['process.exit(1)', 'unknown function exit'],
      ['require("fs").readFileSync("/etc/passwd")', 'unknown function'],
      ['fetch("https://example.com") == 1', 'unknown function fetch'],
      ['process.env.HOME == "x"', 'unknown variable process'],
      ['globalThis.process == null', 'unknown variable globalThis'],
      ['constructor == null', 'unknown variable constructor'],
      [
        '[1].all(evidence, evidence > 0)',
        'a loop variable may not be named evidence, an input of the rule',
      ],
      ['@readiness_budget(true)', 'not a CEL expression'],
      [
        `${'['.repeat(40)}1${']'.repeat(40)} == []`,
        'nested deeper than 32 levels',
      ],
      [
        `${'true && '.repeat(300)}true`,
        `longer than ${maxCheckRuleLength} characters`,
      ],
    ])('%s', (expression, message) => {
      expect(() => compileCheckRule(expression)).toThrow(message);
    });
  });

  describe('sandbox', () => {
    it.each([
      'entity.constructor',
      'entity.__proto__',
      'entity["constructor"]["constructor"]',
      'evidence.coverage.__proto__.polluted',
      'entity.metadata.toString',
    ])('reaches no prototype through %s', expression => {
      const result = compileCheckRule(`${expression} == null`).evaluate(
        inputs({ coverage: { linePercent: 85 } }, service),
      );
      expect(result.status).toBe('unknown');
    });

    it('sees own data only', () => {
      expect(
        compileCheckRule(
          'has(entity.toString) || has(entity.metadata.constructor)',
        ).evaluate(inputs({}, service)).status,
      ).toBe('fail');
    });

    it('stops a runaway rule at its iteration budget, as unknown', () => {
      const items = Array.from({ length: 1000 }, (_, i) => i);
      const runaway = compileCheckRule(
        'evidence.acme.load.items.all(a, evidence.acme.load.items.all(b, evidence.acme.load.items.all(c, a + b + c >= 0.0)))',
      );
      const started = Date.now();
      const result = runaway.evaluate(inputs({ 'acme.load': { items } }));
      expect(result).toEqual({
        status: 'unknown',
        reason:
          'the rule was stopped: it took more loop steps than one rule may',
      });
      // A billion steps unbounded; the budget keeps it to a moment.
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('does not let || or && absorb an exhausted budget', () => {
      const items = Array.from({ length: checkRuleIterationBudget }, () => 1);
      const rule = compileCheckRule(
        'evidence.acme.load.items.exists(a, evidence.acme.load.items.exists(b, a < b)) || true',
      );
      expect(rule.evaluate(inputs({ 'acme.load': { items } })).status).toBe(
        'unknown',
      );
    });

    it('lets a rule within its budget finish', () => {
      const items = Array.from({ length: 100 }, (_, i) => i);
      const rule = compileCheckRule(
        'evidence.acme.load.items.all(a, evidence.acme.load.items.exists(b, b == a))',
      );
      expect(rule.evaluate(inputs({ 'acme.load': { items } })).status).toBe(
        'pass',
      );
    });

    it('never quotes evidence values in a reason', () => {
      const secret = 'SECRET-TOKEN-42';
      for (const expression of [
        'int(evidence.acme.token.value) > 1',
        'evidence.acme.token[evidence.acme.token.value] == 1',
        'evidence.acme.token.value + 1 == 2',
        'timestamp(evidence.acme.token.value) > now',
      ]) {
        const result = compileCheckRule(expression).evaluate(
          inputs({ 'acme.token': { value: secret } }),
        );
        expect(result.status).toBe('unknown');
        expect(JSON.stringify(result)).not.toContain(secret);
      }
    });

    it(`refuses evidence nested deeper than ${maxCheckRuleInputDepth} levels`, () => {
      let deep: unknown = 1;
      for (let i = 0; i < 10_000; i++) {
        deep = { deep };
      }
      const ruleInputs = inputs({
        coverage: { linePercent: 85 },
        'acme.deep': deep,
      });
      // Evidence is converted when a rule reads it, not before.
      expect(
        compileCheckRule('evidence.coverage.linePercent > 80.0').evaluate(
          ruleInputs,
        ).status,
      ).toBe('pass');
      expect(ruleInputs.refused.size).toBe(0);
      expect(
        compileCheckRule('has(evidence.acme.deep)').evaluate(ruleInputs).status,
      ).toBe('fail');
      expect(ruleInputs.refused.get('acme.deep')).toBe(
        `acme.deep evidence is nested deeper than ${maxCheckRuleInputDepth} levels`,
      );
    });
  });

  it('refuses parentheses deep enough to exhaust the parser, without crashing', () => {
    const nested = (depth: number) =>
      `${'('.repeat(depth)}true${')'.repeat(depth)}`;
    expect(compileCheckRule(nested(50)).evaluate(inputs()).status).toBe('pass');
    expect(() => compileCheckRule(nested(900))).toThrow(
      'nested too deeply to parse',
    );
  });

  it('compiles a rule once', () => {
    expect(compileCheckRule('true && false')).toBe(
      compileCheckRule('true && false'),
    );
  });
});
