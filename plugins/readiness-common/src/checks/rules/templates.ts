import { InputError } from '@backstage/errors';
import type { CheckRuleInputs } from './ruleInputs';
import { ruleVariables } from './ruleAnalysis';

/**
 * The longest a summary or remediation template may be, and the longest
 * text it renders to.
 *
 * @public
 */
export const maxCheckTemplateLength = 500;

const maxValueLength = 120;
const placeholder = /\{\{([^{}]*)\}\}/g;
const path = /^[A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\])*$/;

function segmentsOf(expression: string): string[] {
  return expression.replace(/\[(\d+)\]/g, '.$1').split('.');
}

/**
 * Checks a template: bounded, no markup, and every `{{ path }}` reads one of
 * the rule's inputs (`entity`, `evidence`, `attestations`, `now`). Throws an
 * `InputError` naming the problem.
 *
 * @internal
 */
export function validateCheckTemplate(template: string): void {
  if (template.length > maxCheckTemplateLength) {
    throw new InputError(
      `longer than ${maxCheckTemplateLength} characters (${template.length})`,
    );
  }
  if (/[<>]/.test(template)) {
    throw new InputError('must be plain text, without < or >');
  }
  for (const [, written] of template.matchAll(placeholder)) {
    const expression = written.trim();
    if (
      !path.test(expression) ||
      !ruleVariables.includes(segmentsOf(expression)[0])
    ) {
      throw new InputError(
        `placeholder {{ ${expression} }} is not a path into ${ruleVariables.join(', ')}`,
      );
    }
  }
  if (/\{\{|\}\}/.test(template.replace(placeholder, ''))) {
    throw new InputError('has an unclosed {{ placeholder }}');
  }
}

function display(value: unknown): string {
  if (value === undefined || value === null) {
    return '?';
  }
  if (value instanceof Map) {
    return `(${value.size} fields)`;
  }
  if (Array.isArray(value)) {
    return `(${value.length} items)`;
  }
  const text = String(value);
  return text.length > maxValueLength
    ? `${text.slice(0, maxValueLength - 1)}…`
    : text;
}

/**
 * Fills a validated template's placeholders from the rule's inputs: an
 * absent value reads `?`, a list or map its size. The text stays plain
 * (`<` and `>` and control characters are dropped from values) and within
 * {@link maxCheckTemplateLength}.
 *
 * @internal
 */
export function renderCheckTemplate(
  template: string,
  inputs: CheckRuleInputs,
): string {
  const text = template
    .replace(placeholder, (_, expression: string) =>
      display(inputs.valueAt(segmentsOf(expression.trim()))),
    )
    // eslint-disable-next-line no-control-regex
    .replace(/[<>\u0000-\u001f\u007f]/g, '');
  return text.length > maxCheckTemplateLength
    ? `${text.slice(0, maxCheckTemplateLength - 1)}…`
    : text;
}
