import type { RuleAnalysis } from './ruleAnalysis';

/**
 * Thrown by the budget function when a rule has taken all its loop steps.
 *
 * @internal
 */
export class RuleBudgetExceeded extends Error {
  constructor() {
    super('iteration budget exceeded');
    this.name = 'RuleBudgetExceeded';
  }
}

/**
 * An input a rule cannot be given, with a message that quotes no value.
 *
 * @internal
 */
export class RuleInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleInputError';
  }
}

/**
 * Why a rule stopped when it ran out of loop steps.
 *
 * @internal
 */
export const ruleBudgetExhausted =
  'the rule was stopped: it took more loop steps than one rule may';

const messages: Array<{
  pattern: RegExp;
  describe: (match: RegExpMatchArray, analysis: RuleAnalysis) => string;
}> = [
  {
    pattern: /^(?:field not found|no such key): (.*)$/,
    // Only a name written in the rule is quoted: a key computed from
    // evidence could carry an evidence value.
    describe: ([, name], analysis) =>
      analysis.names.has(name)
        ? `the rule reads ${name}, which is absent`
        : 'the rule reads a field or key that is absent',
  },
  {
    pattern: /^unresolved attribute/,
    describe: () => 'the rule reads an input that is absent',
  },
  {
    pattern: /^found no matching overload for '([^']+)' applied to '([^']*)'$/,
    // Types only, never values: for example `_+_` on `(double, int)`.
    describe: ([, fn, types]) => `no ${fn} for ${types}`,
  },
  {
    pattern: /^index .* out of bounds/,
    describe: () => 'the rule reads a list index that is out of bounds',
  },
  {
    pattern: /(?:divide|modulus) by zero/,
    describe: () => 'the rule divides by zero',
  },
];

/**
 * A rule's evaluation error in words that never quote evidence values:
 * only names written in the rule and CEL type names.
 *
 * @internal
 */
export function describeRuleError(
  error: Error,
  analysis: RuleAnalysis,
): string {
  if (error instanceof RuleInputError) {
    return error.message;
  }
  const message = error.message ?? '';
  for (const { pattern, describe } of messages) {
    const match = message.match(pattern);
    if (match) {
      return describe(match, analysis);
    }
  }
  return 'the rule could not be evaluated';
}
