import type { CelEnv, parse } from '@bufbuild/cel';
import { InputError } from '@backstage/errors';
import { isBuiltInEvidenceKey } from '../evaluators/context';

type Expr = ReturnType<typeof parse>['expr'];
type ExprKind<C extends Expr['exprKind']['case']> = Extract<
  Expr['exprKind'],
  { case: C }
>['value'];

/**
 * The variables a rule may read.
 *
 * @internal
 */
export const ruleVariables = ['entity', 'evidence', 'attestations', 'now'];

// Type names a rule may compare with `type(x) == string`.
const typeNames = [
  'bool',
  'bytes',
  'double',
  'int',
  'list',
  'map',
  'null_type',
  'string',
  'type',
  'uint',
];

// Operators the planner evaluates itself rather than through a function.
const plannerOperators = [
  '_&&_',
  '_||_',
  '_?_:_',
  '_[_]',
  '_[?_]',
  '_?._',
  '@not_strictly_false',
  '__not_strictly_false__',
];

/**
 * What a rule reads, found while checking it.
 *
 * @internal
 */
export interface RuleAnalysis {
  /** Evidence keys read, built-in (`coverage`) or namespaced (`acme.slo`). */
  evidenceKeys: string[];
  /** Namespaces of namespaced keys (`acme`), so `has()` can guard them. */
  evidenceNamespaces: string[];
  /** True when the rule reads `evidence` other than by a constant name. */
  allEvidence: boolean;
  readsEntity: boolean;
  /** Field names and variables written in the rule: safe to quote in errors. */
  names: Set<string>;
}

interface AnalyseOptions {
  functions: CelEnv['funcs'];
  budgetFunctionName: string;
  maxDepth: number;
}

function identName(expr: Expr | undefined): string | undefined {
  return expr?.exprKind.case === 'identExpr'
    ? expr.exprKind.value.name
    : undefined;
}

/** `a.b.c` as a dotted name, for functions called on a namespace. */
function qualifiedName(expr: Expr | undefined): string | undefined {
  if (!expr) {
    return undefined;
  }
  if (expr.exprKind.case === 'identExpr') {
    return expr.exprKind.value.name;
  }
  if (expr.exprKind.case === 'selectExpr' && !expr.exprKind.value.testOnly) {
    const operand = qualifiedName(expr.exprKind.value.operand);
    return operand && `${operand}.${expr.exprKind.value.field}`;
  }
  return undefined;
}

/** The field `F` of `operand.F` or `operand["F"]`, with its operand. */
function fieldAccess(
  expr: Expr,
): { operand: Expr | undefined; field: string } | undefined {
  if (expr.exprKind.case === 'selectExpr') {
    return {
      operand: expr.exprKind.value.operand,
      field: expr.exprKind.value.field,
    };
  }
  if (
    expr.exprKind.case === 'callExpr' &&
    expr.exprKind.value.function === '_[_]'
  ) {
    const [operand, key] = expr.exprKind.value.args;
    if (
      key?.exprKind.case === 'constExpr' &&
      key.exprKind.value.constantKind.case === 'stringValue'
    ) {
      return { operand, field: key.exprKind.value.constantKind.value };
    }
  }
  return undefined;
}

/**
 * Checks a parsed rule (depth, functions, variables), records what it reads,
 * and rewrites every loop's condition into a call of the budget function so
 * that each step is counted. Throws an `InputError` naming what is wrong.
 *
 * @internal
 */
export function analyseRule(root: Expr, options: AnalyseOptions): RuleAnalysis {
  const evidenceKeys = new Set<string>();
  const namespaces = new Set<string>();
  const names = new Set<string>();
  let readsEntity = false;
  // Every use of `evidence` that is not `evidence.<name>` reads all of it.
  let evidenceUses = 0;
  let evidenceFieldReads = 0;

  function recordEvidence(expr: Expr) {
    const access = fieldAccess(expr);
    if (!access) {
      return;
    }
    names.add(access.field);
    if (identName(access.operand) === 'evidence') {
      evidenceFieldReads += 1;
      // Built-in keys never contain a dot; namespaced ones always do, so a
      // key is recorded here and a namespace (`evidence.acme`) one level on.
      evidenceKeys.add(access.field);
      return;
    }
    const outer = access.operand && fieldAccess(access.operand);
    if (
      outer &&
      identName(outer.operand) === 'evidence' &&
      !isBuiltInEvidenceKey(outer.field)
    ) {
      namespaces.add(outer.field);
      evidenceKeys.add(`${outer.field}.${access.field}`);
    }
  }

  function checkFunction(call: ExprKind<'callExpr'>) {
    const name = call.function;
    if (plannerOperators.includes(name) || options.functions.find(name)) {
      return;
    }
    const qualifier = qualifiedName(call.target);
    if (qualifier && options.functions.find(`${qualifier}.${name}`)) {
      return;
    }
    throw new InputError(
      `unknown function ${name}: a rule may call CEL's standard functions only`,
    );
  }

  function visit(expr: Expr | undefined, scope: string[], depth: number) {
    if (!expr) {
      return;
    }
    if (depth > options.maxDepth) {
      throw new InputError(`nested deeper than ${options.maxDepth} levels`);
    }
    const next = depth + 1;
    const kind = expr.exprKind;
    switch (kind.case) {
      case 'identExpr': {
        const name = kind.value.name;
        if (
          !scope.includes(name) &&
          !ruleVariables.includes(name) &&
          !typeNames.includes(name)
        ) {
          throw new InputError(
            `unknown variable ${name}: a rule reads ${ruleVariables.join(', ')}`,
          );
        }
        names.add(name);
        if (!scope.includes(name)) {
          readsEntity ||= name === 'entity';
          evidenceUses += name === 'evidence' ? 1 : 0;
        }
        return;
      }
      case 'selectExpr':
        recordEvidence(expr);
        visit(kind.value.operand, scope, next);
        return;
      case 'callExpr':
        checkFunction(kind.value);
        recordEvidence(expr);
        visit(kind.value.target, scope, next);
        for (const arg of kind.value.args) {
          visit(arg, scope, next);
        }
        return;
      case 'listExpr':
        for (const element of kind.value.elements) {
          visit(element, scope, next);
        }
        return;
      case 'structExpr':
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey') {
            visit(entry.keyKind.value, scope, next);
          }
          visit(entry.value, scope, next);
        }
        return;
      case 'comprehensionExpr': {
        const loop = kind.value;
        const shadowing = [loop.iterVar, loop.iterVar2].find(variable =>
          ruleVariables.includes(variable),
        );
        if (shadowing) {
          throw new InputError(
            `a loop variable may not be named ${shadowing}, an input of the rule`,
          );
        }
        visit(loop.iterRange, scope, next);
        visit(loop.accuInit, scope, next);
        const inner = [...scope, loop.iterVar, loop.iterVar2, loop.accuVar];
        visit(loop.loopCondition, inner, next);
        visit(loop.loopStep, inner, next);
        visit(loop.result, [...scope, loop.accuVar], next);
        if (loop.loopCondition) {
          loop.loopCondition = {
            $typeName: 'cel.expr.Expr',
            id: loop.loopCondition.id,
            exprKind: {
              case: 'callExpr',
              value: {
                $typeName: 'cel.expr.Expr.Call',
                function: options.budgetFunctionName,
                args: [loop.loopCondition],
              },
            },
          } as Expr;
        }
        return;
      }
      default:
        return;
    }
  }

  visit(root, [], 0);
  return {
    evidenceKeys: [...evidenceKeys].filter(key => !namespaces.has(key)),
    evidenceNamespaces: [...namespaces],
    allEvidence: evidenceUses > evidenceFieldReads,
    readsEntity,
    names,
  };
}
