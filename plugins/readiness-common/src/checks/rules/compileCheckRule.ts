import {
  celEnv,
  celFunc,
  CelScalar,
  celType,
  isCelError,
  parse,
  plan,
  type CelError,
  type CelValue,
} from '@bufbuild/cel';
import { InputError } from '@backstage/errors';
import {
  describeRuleError,
  ruleBudgetExhausted,
  RuleBudgetExceeded,
} from './ruleErrors';
import { analyseRule, type RuleAnalysis } from './ruleAnalysis';
import type { CheckRuleInputs } from './ruleInputs';

/**
 * The longest rule expression accepted, in characters.
 *
 * @public
 */
export const maxCheckRuleLength = 2000;

/**
 * The deepest a rule's syntax tree may nest.
 *
 * @public
 */
export const maxCheckRuleDepth = 32;

/**
 * How many comprehension steps (`all`, `exists`, `map`, `filter`, …) one
 * evaluation of a rule may take, nested loops counted together. A rule that
 * needs more is stopped and reported as unknown.
 *
 * @public
 */
export const checkRuleIterationBudget = 50_000;

/**
 * What a rule decided, or why it could not.
 *
 * @public
 */
export type CheckRuleResult =
  { status: 'pass' | 'fail' } | { status: 'unknown'; reason?: string };

/**
 * A rule compiled once: evaluate it as often as needed.
 *
 * @public
 */
export interface CompiledCheckRule {
  expression: string;
  /** Built-in evidence keys and namespaced keys (`acme.slo`) the rule reads. */
  evidenceKeys: readonly string[];
  /** Whether the rule reads `entity`. */
  readsEntity: boolean;
  /**
   * Evaluates the rule. Never throws: errors, a rule that yields something
   * else than a boolean or a status, and a rule over its iteration budget
   * are `unknown` with a reason that quotes no evidence value.
   */
  evaluate(inputs: CheckRuleInputs): CheckRuleResult;
}

/** Counts comprehension steps of the evaluation under way (rules run synchronously). */
let activeBudget: { remaining: number; exhausted: boolean } | undefined;

// `@` cannot start an identifier in CEL source, so no rule can call or
// shadow this function: only the loops the compiler rewrites do.
const budgetFunctionName = '@readiness_budget';

const env = celEnv({
  funcs: [
    celFunc(budgetFunctionName, [CelScalar.DYN], CelScalar.DYN, value => {
      const budget = activeBudget;
      if (budget) {
        budget.remaining -= 1;
        if (budget.remaining < 0) {
          budget.exhausted = true;
          throw new RuleBudgetExceeded();
        }
      }
      return value;
    }),
  ],
});

const statuses = new Set(['pass', 'fail', 'unknown']);

function toResult(
  value: CelValue | CelError,
  analysis: RuleAnalysis,
): CheckRuleResult {
  if (isCelError(value)) {
    return { status: 'unknown', reason: describeRuleError(value, analysis) };
  }
  if (value === true) {
    return { status: 'pass' };
  }
  if (value === false) {
    return { status: 'fail' };
  }
  if (typeof value === 'string' && statuses.has(value)) {
    return { status: value as CheckRuleResult['status'] };
  }
  return {
    status: 'unknown',
    reason: `the rule yielded a ${celType(value).name}, not a bool or 'pass', 'fail' or 'unknown'`,
  };
}

function compile(expression: string): CompiledCheckRule {
  if (expression.trim().length === 0) {
    throw new InputError('expected a CEL expression');
  }
  if (expression.length > maxCheckRuleLength) {
    throw new InputError(
      `longer than ${maxCheckRuleLength} characters (${expression.length})`,
    );
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(expression);
  } catch (error) {
    // The parser recurses: deep parentheses exhaust its stack.
    if (error instanceof RangeError) {
      throw new InputError('nested too deeply to parse');
    }
    throw new InputError(
      `not a CEL expression: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const analysis = analyseRule(parsed.expr, {
    functions: env.funcs,
    budgetFunctionName,
    maxDepth: maxCheckRuleDepth,
  });
  const evaluatePlan = plan(env, parsed);
  return {
    expression,
    evidenceKeys: analysis.evidenceKeys,
    readsEntity: analysis.readsEntity,
    evaluate(inputs) {
      const budget = { remaining: checkRuleIterationBudget, exhausted: false };
      const outer = activeBudget;
      activeBudget = budget;
      try {
        const value = evaluatePlan(
          // The inputs are converted to CEL's maps, lists and scalars.
          inputs.bindings(analysis) as Parameters<typeof evaluatePlan>[0],
        );
        // An exhausted budget may hide inside `||` or `&&`, which absorb
        // errors: the rule did not finish, whatever it yielded.
        if (budget.exhausted) {
          return { status: 'unknown', reason: ruleBudgetExhausted };
        }
        return toResult(value, analysis);
      } catch (error) {
        if (budget.exhausted) {
          return { status: 'unknown', reason: ruleBudgetExhausted };
        }
        return {
          status: 'unknown',
          reason: describeRuleError(error as Error, analysis),
        };
      } finally {
        activeBudget = outer;
      }
    },
  };
}

const maxCachedRules = 1000;
const cache = new Map<string, CompiledCheckRule>();

/**
 * Compiles a CEL rule once (the plan is cached by expression), checking
 * what can be checked before any evidence exists: its length and nesting,
 * its syntax, and that it calls only CEL's standard functions and reads
 * only `entity`, `evidence`, `attestations` and `now`. Loops are bounded by
 * {@link checkRuleIterationBudget}. CEL has no I/O: a rule cannot reach the
 * process, the network or the file system.
 *
 * Throws an `InputError` saying what is wrong, without the check's id (the
 * caller adds it).
 *
 * @public
 */
export function compileCheckRule(expression: string): CompiledCheckRule {
  const cached = cache.get(expression);
  if (cached) {
    return cached;
  }
  const compiled = compile(expression);
  if (cache.size >= maxCachedRules) {
    // Oldest first: a Map iterates in insertion order.
    cache.delete(cache.keys().next().value as string);
  }
  cache.set(expression, compiled);
  return compiled;
}
