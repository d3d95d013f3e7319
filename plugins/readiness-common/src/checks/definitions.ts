import { InputError } from '@backstage/errors';
import { createZodV4FilterPredicateSchema } from '@backstage/filter-predicates';
import { z } from 'zod';
import { fieldProblems, formatIssuePath } from '../schemas/parseRequest';
import { customCheckIdPattern, tierSchema } from '../schemas/primitives';
import type { CheckDefinition, CheckSeverity, Tier } from '../types';
import { readinessDimensions } from '../types';
import { isBuiltInCheckId } from './defaultChecks';
import { compileCheckRule } from './rules/compileCheckRule';
import { validateCheckTemplate } from './rules/templates';

const maxCheckIdLength = 100;
const maxRemediationItems = 10;

const severityAliases: Record<string, CheckSeverity> = {
  blocker: 'blocker',
  major: 'major',
  minor: 'minor',
  required: 'major',
  advisory: 'minor',
};

/**
 * A severity as config writes it: `blocker`, `major` or `minor`, or the
 * aliases `required` (major) and `advisory` (minor).
 *
 * @public
 */
export const checkSeverityInputSchema = z
  .enum(['blocker', 'major', 'minor', 'required', 'advisory'], {
    error: 'expected blocker, required (major) or advisory (minor)',
  })
  .transform(severity => severityAliases[severity]);

/**
 * An entity predicate in the `@backstage/filter-predicates` syntax.
 *
 * @public
 */
export const appliesToSchema = createZodV4FilterPredicateSchema();

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });

/**
 * When a check starts to count: an ISO date or datetime.
 *
 * @public
 */
export const effectiveFromSchema = z
  .string({ error: 'expected an ISO date such as 2027-01-31' })
  .refine(
    value =>
      isoDate.safeParse(value).success || isoDateTime.safeParse(value).success,
    { error: 'expected an ISO date such as 2027-01-31' },
  );

const templateSchema = z.string().superRefine((template, ctx) => {
  try {
    validateCheckTemplate(template);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const ruleSchema = z
  .string({ error: 'expected a CEL expression' })
  .superRefine((rule, ctx) => {
    try {
      compileCheckRule(rule);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

/**
 * The severity a check gets from its tier when none is set.
 *
 * @internal
 */
export const tierSeverities: Record<Tier, CheckSeverity> = {
  mvs: 'blocker',
  production: 'major',
  enterprise: 'minor',
};

const definitionSchema = z.strictObject({
  id: z
    .string({ error: 'expected a check id' })
    .max(maxCheckIdLength, {
      error: `longer than ${maxCheckIdLength} characters`,
    })
    .regex(customCheckIdPattern, {
      error: 'expected dot-namespaced kebab-case, such as acme.has-slo',
    })
    .refine(id => !isBuiltInCheckId(id), {
      error: 'is a built-in check id; override it under readiness.checks',
    }),
  title: z.string({ error: 'expected text' }).trim().min(1).max(200),
  description: z.string({ error: 'expected text' }).max(2000).optional(),
  tier: tierSchema,
  dimension: z.enum(readinessDimensions as [string, ...string[]], {
    error: `expected one of ${readinessDimensions.join(', ')}`,
  }),
  severity: checkSeverityInputSchema.optional(),
  appliesTo: appliesToSchema.optional(),
  rule: ruleSchema,
  summary: z
    .strictObject({
      pass: templateSchema.optional(),
      fail: templateSchema.optional(),
      unknown: templateSchema.optional(),
    })
    .optional(),
  remediation: z
    .array(templateSchema)
    .max(maxRemediationItems, {
      error: `at most ${maxRemediationItems} items`,
    })
    .optional(),
  effectiveFrom: effectiveFromSchema.optional(),
});

/**
 * Options of {@link parseCheckDefinitions}.
 *
 * @public
 */
export interface ParseCheckDefinitionsOptions {
  /** Where the list comes from, for messages; `checks` when absent. */
  origin?: string;
  /** The `source` of the parsed checks; `custom` when absent. */
  source?: string;
}

function idOf(value: unknown): string | undefined {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id.slice(0, maxCheckIdLength) : undefined;
}

/**
 * Parses and validates custom check definitions (for example
 * `readiness.checks.custom`): ids, tiers, dimensions, severities (with the
 * aliases `required` and `advisory`), `appliesTo` predicates, templates and
 * `effectiveFrom`; every rule is compiled, so a rule that cannot run is
 * refused here rather than reported unknown later. Severity defaults by
 * tier as for built-ins: blocker, major, minor.
 *
 * Throws an `InputError` naming each problem's check and field, for
 * example `readiness.checks.custom[2] (acme.has-slo): rule: unknown function exec: …`.
 *
 * @public
 */
export function parseCheckDefinitions(
  value: unknown,
  options: ParseCheckDefinitionsOptions = {},
): CheckDefinition[] {
  const origin = options.origin ?? 'checks';
  if (!Array.isArray(value)) {
    throw new InputError(`${origin}: expected a list of check definitions`);
  }
  const problems: string[] = [];
  const definitions: CheckDefinition[] = [];
  const seen = new Map<string, number>();
  value.forEach((item, index) => {
    const id = idOf(item);
    const where = `${origin}[${index}]${id ? ` (${id})` : ''}`;
    const result = definitionSchema.safeParse(item);
    if (!result.success) {
      for (const problem of fieldProblems(result.error.issues)) {
        const field = problem.path.length
          ? formatIssuePath(problem.path)
          : '(definition)';
        problems.push(`${where}: ${field}: ${problem.message}`);
      }
      return;
    }
    const check = result.data;
    const first = seen.get(check.id);
    if (first !== undefined) {
      problems.push(`${where}: id: repeats ${origin}[${first}]`);
      return;
    }
    seen.set(check.id, index);
    definitions.push({
      id: check.id,
      title: check.title,
      description: check.description ?? '',
      tier: check.tier,
      dimension: check.dimension as CheckDefinition['dimension'],
      severity: check.severity ?? tierSeverities[check.tier],
      thresholds: {},
      rule: check.rule,
      ...(check.appliesTo ? { appliesTo: check.appliesTo } : {}),
      ...(check.summary ? { summary: check.summary } : {}),
      ...(check.remediation ? { remediation: check.remediation } : {}),
      ...(check.effectiveFrom ? { effectiveFrom: check.effectiveFrom } : {}),
      source: options.source ?? 'custom',
    });
  });
  if (problems.length > 0) {
    throw new InputError(problems.join('; '));
  }
  return definitions;
}
