import { InputError } from '@backstage/errors';
import {
  type CheckDefinition,
  parseCheckDefinitions,
} from '@readiness/plugin-readiness-common';
import { parseDocument } from 'yaml';

/**
 * Largest check definitions file read, in bytes: far more than any set of
 * definitions needs.
 *
 * @public
 */
export const maxCheckDefinitionsFileBytes = 1024 * 1024;

/**
 * Options of {@link parseCheckDefinitionsFile}.
 *
 * @public
 */
export interface ParseCheckDefinitionsFileOptions {
  /** Names the file in messages, e.g. `readiness.checks.files[0] (https://…)`. */
  origin: string;
  /** The `source` of the parsed checks; `custom` when absent. */
  source?: string;
}

/**
 * Parses a check definitions file, YAML or JSON, of the form
 * `checks: [...]`, validating every definition as `readiness.checks.custom`
 * is. Throws an `InputError` naming the file, the check and the field,
 * such as `<origin>: checks[1] (acme.has-slo): rule: …`. Messages never
 * quote the file's text.
 *
 * @public
 */
export function parseCheckDefinitionsFile(
  text: string,
  options: ParseCheckDefinitionsFileOptions,
): CheckDefinition[] {
  const { origin } = options;
  // YAML 1.2 reads JSON too; duplicate keys and alias bombs are refused.
  const document = parseDocument(text, { uniqueKeys: true });
  const [error] = document.errors;
  if (error) {
    const at = error.linePos?.[0];
    const description = error.message.split(/ at line \d+/)[0];
    throw new InputError(
      `${origin}: not valid YAML or JSON: ${description}${at ? ` (line ${at.line}, column ${at.col})` : ''}`,
    );
  }
  let content: unknown;
  try {
    content = document.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new InputError(`${origin}: not valid YAML or JSON: ${String(e)}`);
  }
  if (!content || typeof content !== 'object' || Array.isArray(content)) {
    throw new InputError(`${origin}: expected a document with checks: [...]`);
  }
  const unknownKeys = Object.keys(content).filter(key => key !== 'checks');
  if (unknownKeys.length > 0 || !('checks' in content)) {
    throw new InputError(
      unknownKeys.length > 0
        ? `${origin}: ${unknownKeys.map(key => JSON.stringify(key).slice(0, 102)).join(', ')}: unknown key; expected only checks`
        : `${origin}: expected a document with checks: [...]`,
    );
  }
  return parseCheckDefinitions((content as { checks: unknown }).checks, {
    origin: `${origin}: checks`,
    source: options.source,
  });
}
