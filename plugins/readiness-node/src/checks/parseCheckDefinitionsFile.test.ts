import { parseCheckDefinitionsFile } from './parseCheckDefinitionsFile';

const origin = 'readiness.checks.files[0] (https://example.com/checks.yaml)';
const definition = {
  id: 'acme.has-slo',
  title: 'Declares an SLO',
  tier: 'production',
  dimension: 'operations',
  rule: 'evidence.acme.slo.declared',
};

describe('parseCheckDefinitionsFile', () => {
  it.each([
    [
      'YAML',
      `checks:\n  - id: acme.has-slo\n    title: Declares an SLO\n    tier: production\n    dimension: operations\n    rule: evidence.acme.slo.declared\n`,
    ],
    ['JSON', JSON.stringify({ checks: [definition] })],
  ])('reads %s of the form checks: [...]', (_format, text) => {
    expect(parseCheckDefinitionsFile(text, { origin })).toEqual([
      expect.objectContaining({
        id: 'acme.has-slo',
        tier: 'production',
        severity: 'major',
        rule: 'evidence.acme.slo.declared',
        source: 'custom',
      }),
    ]);
  });

  it('names the file, the check and the field of a bad definition', () => {
    const text = JSON.stringify({
      checks: [definition, { ...definition, id: 'acme.b', dimension: 'vibes' }],
    });
    expect(() => parseCheckDefinitionsFile(text, { origin })).toThrow(
      `${origin}: checks[1] (acme.b): dimension: `,
    );
  });

  it.each([
    [
      'not YAML',
      'checks: [ { id: "do-not-quote-me',
      /not valid YAML or JSON: .+ \(line 1, column \d+\)$/,
    ],
    ['a duplicate key', 'checks: []\nchecks: []', /not valid YAML or JSON: /],
    ['a list', '- id: acme.x', /expected a document with checks: \[\.\.\.\]$/],
    ['an empty file', '', /expected a document with checks: \[\.\.\.\]$/],
    [
      'another key',
      'checks: []\nextra: 1',
      /"extra": unknown key; expected only checks$/,
    ],
    [
      'checks that are not a list',
      'checks: 3',
      /expected a list of check definitions/,
    ],
    [
      'an alias bomb',
      `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nchecks: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]`,
      /not valid YAML or JSON: /,
    ],
  ])(
    'refuses %s, naming the file and quoting nothing',
    (_name, text, message) => {
      let thrown: Error | undefined;
      try {
        parseCheckDefinitionsFile(text, { origin });
      } catch (error) {
        thrown = error as Error;
      }
      expect(thrown?.name).toBe('InputError');
      expect(thrown?.message.startsWith(`${origin}: `)).toBe(true);
      expect(thrown?.message).toMatch(message);
      expect(thrown?.message).not.toContain('do-not-quote-me');
    },
  );
});
