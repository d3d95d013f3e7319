import type { EvidenceLink, ResolvedCheck } from '../../types';
import type { CheckOutcome } from '../evaluators/context';
import { evidenceLinkOf, links, unknownOutcome } from '../evaluators/context';
import { compileCheckRule, type CompiledCheckRule } from './compileCheckRule';
import { ruleBudgetExhausted } from './ruleErrors';
import type { CheckRuleInputs } from './ruleInputs';
import { renderCheckTemplate } from './templates';

/**
 * One evidence key as a rule check sees it: usable, or why not.
 *
 * @internal
 */
export type RuleEvidenceLookup = (key: string) => {
  usable: boolean;
  reason?: string;
  evidence?: { key: string; source: string; link?: string };
};

/**
 * What a rule check is evaluated with.
 *
 * @internal
 */
export interface RuleCheckContext {
  inputs: CheckRuleInputs;
  evidence: RuleEvidenceLookup;
  /** Whether the catalog entity was given. */
  hasEntity: boolean;
}

const maxRuleDetailLength = 300;

/** The reason a rule is unknown: the evidence it read that is absent, if any. */
function unknownReason(
  reason: string | undefined,
  absent: Array<{ key: string; reason?: string }>,
  context: RuleCheckContext,
  readsEntity: boolean,
): string {
  if (reason === ruleBudgetExhausted) {
    return reason;
  }
  const missing = absent[0];
  if (missing) {
    return (
      context.inputs.refused.get(missing.key) ??
      missing.reason ??
      `no ${missing.key} evidence`
    );
  }
  if (readsEntity && !context.hasEntity) {
    return 'no catalog entity to evaluate the rule against';
  }
  return reason ?? 'the rule yielded unknown';
}

/**
 * Evaluates a check defined by a CEL rule (`check.rule`), filling its
 * summary and remediation templates.
 *
 * @internal
 */
export function evaluateRuleCheck(
  check: ResolvedCheck,
  context: RuleCheckContext,
): CheckOutcome {
  let rule: CompiledCheckRule;
  try {
    rule = compileCheckRule(check.rule ?? '');
  } catch (error) {
    // Definitions are validated when parsed; this guards unparsed ones.
    return unknownOutcome(
      `the rule does not compile: ${(error as Error).message}`,
    );
  }
  const result = rule.evaluate(context.inputs);
  const read = rule.evidenceKeys.map(key => ({
    key,
    ...context.evidence(key),
  }));
  const evidenceLinks: EvidenceLink[] = links(
    ...read.filter(r => r.usable).map(r => evidenceLinkOf(r.evidence)),
  );
  const render = (template: string | undefined) =>
    template === undefined
      ? undefined
      : renderCheckTemplate(template, context.inputs);
  const ruleDetail = `rule: ${
    rule.expression.length > maxRuleDetailLength
      ? `${rule.expression.slice(0, maxRuleDetailLength - 1)}…`
      : rule.expression
  }`;
  if (result.status === 'unknown') {
    const reason = unknownReason(
      result.reason,
      // Usable evidence the rule could not be given is absent to it too.
      read.filter(r => !r.usable || context.inputs.refused.has(r.key)),
      context,
      rule.readsEntity,
    );
    const summary = render(check.summary?.unknown);
    return {
      status: 'unknown',
      summary: summary ?? reason,
      details: summary ? [reason, ruleDetail] : [ruleDetail],
      evidenceLinks,
      credit: 0,
      actions: [],
    };
  }
  const passed = result.status === 'pass';
  return {
    status: result.status,
    summary:
      render(passed ? check.summary?.pass : check.summary?.fail) ??
      (passed ? 'the rule holds' : 'the rule does not hold'),
    details: [ruleDetail],
    evidenceLinks,
    credit: passed ? 1 : 0,
    actions: passed
      ? []
      : (check.remediation ?? []).map(template => render(template) as string),
  };
}
