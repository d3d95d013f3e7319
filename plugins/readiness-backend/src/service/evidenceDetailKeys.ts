import {
  type CheckDefinition,
  getReadinessPack,
  type ReadinessConfig,
} from '@readiness/plugin-readiness-common';
import { detachedEvidenceFields } from '../database/evidenceDetail';

const wordPattern = (word: string) => new RegExp(`\\b${word}\\b`);

/** `evidence.<name>`, not a macro call on the whole map (`evidence.exists(…)`). */
const namedEvidenceRead =
  /\bevidence\s*\.\s*[A-Za-z_]\w*\b(?!\s*\()|\bevidence\s*\[\s*'[^'\\]*'\s*\]/g;

/** `{{ path }}` placeholders: the only part of a template that reads inputs. */
const placeholder = /\{\{([^{}]*)\}\}/g;

/**
 * Whether an expression may read a detached field of `key`: it names the
 * field, reads the key's value other than by a named field, or reads the
 * evidence as a whole. Any doubt counts as a read, so outcomes stay exact.
 */
function mayReadDetail(
  text: string,
  key: string,
  fields: readonly string[],
): boolean {
  if (fields.some(field => wordPattern(field).test(text))) {
    return true;
  }
  const otherFieldReads = new RegExp(
    `\\bevidence\\s*\\.\\s*${key}\\s*\\.\\s*[A-Za-z_]\\w*\\b(?!\\s*\\()`,
    'g',
  );
  if (wordPattern(key).test(text.replace(otherFieldReads, ''))) {
    return true;
  }
  return /\bevidence\b/.test(text.replace(namedEvidenceRead, ''));
}

/** The rule and the placeholders of the templates of a rule check. */
function ruleTexts(check: CheckDefinition): string[] {
  if (check.rule === undefined) {
    return [];
  }
  const templates = [
    ...Object.values(check.summary ?? {}),
    ...(check.remediation ?? []),
  ].filter((t): t is string => typeof t === 'string');
  return [
    check.rule,
    ...templates.flatMap(t => [...t.matchAll(placeholder)].map(m => m[1])),
  ];
}

const cache = new WeakMap<ReadinessConfig, readonly string[]>();

/**
 * The evidence keys whose detached parts (database/evidenceDetail.ts) an
 * evaluation under `config` may read. The built-in evaluators read only
 * `licenses.packages`, and only under a license policy; a rule check (custom
 * or of a selected pack) may read any, which its text tells.
 */
export function evidenceDetailKeys(config: ReadinessConfig): readonly string[] {
  const cached = cache.get(config);
  if (cached) {
    return cached;
  }
  const keys = new Set<string>();
  if (
    (config.licenses?.allow?.length ?? 0) > 0 ||
    (config.licenses?.deny?.length ?? 0) > 0
  ) {
    keys.add('licenses');
  }
  const texts = [
    ...(config.customChecks ?? []),
    ...(config.packs ?? []).flatMap(s => getReadinessPack(s.pack).checks),
  ].flatMap(ruleTexts);
  for (const [key, fields] of Object.entries(detachedEvidenceFields)) {
    if (texts.some(text => mayReadDetail(text, key, fields))) {
      keys.add(key);
    }
  }
  const result = [...keys].sort();
  cache.set(config, result);
  return result;
}
