import { parse as parseTomlText, TomlError } from 'smol-toml';
import { parseDocument } from 'yaml';
import type { Ecosystem } from './types';

/**
 * A dependency as a format parser sees it, before the path and ecosystem are added.
 *
 * @internal
 */
export interface RawPackage {
  name: string;
  version: string;
  dev: boolean | undefined;
  /** Set by SBOMs, which list packages of several ecosystems; others take the format's. */
  ecosystem?: Ecosystem;
  /** The declared license, as an SBOM states it (ideally an SPDX expression). */
  license?: string;
}

/**
 * What one format parser returns; it throws {@link LockfileFormatError} instead of guessing.
 *
 * @internal
 */
export interface ParsedLockfile {
  packages: RawPackage[];
  /** Names of requirements that have no exact version. */
  unpinned: string[];
  /** Repository-relative paths of included files (requirements.txt `-r`, `-c`). */
  includes?: string[];
}

/**
 * Thrown by format parsers; its message becomes the `<reason>` of the error.
 *
 * @internal
 */
export class LockfileFormatError extends Error {}

/**
 * Stops a format parser with the reason the file cannot be read.
 *
 * @internal
 */
export function fail(reason: string): never {
  throw new LockfileFormatError(reason);
}

/**
 * A plain object (not an array, not null).
 *
 * @internal
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a key only when the object itself has it: package names such as
 * `constructor` or `toString` must not resolve to `Object.prototype` members.
 *
 * @internal
 */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * An own string property, or `undefined`.
 *
 * @internal
 */
export function stringField(
  record: Record<string, unknown>,
  key: string,
): string | undefined {
  const value = own(record, key);
  return typeof value === 'string' ? value : undefined;
}

/**
 * Code-unit order, the same in every locale.
 *
 * @internal
 */
export function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/**
 * 1-based line number of a character offset.
 *
 * @internal
 */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) line++;
  }
  return line;
}

/**
 * `JSON.parse` whose failure says the line, not the character offset.
 *
 * @internal
 */
export function parseJson(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /position (\d+)/.exec(message);
    if (position) {
      return fail(
        `invalid JSON at line ${lineAt(content, Number(position[1]))}`,
      );
    }
    const line = /line (\d+)/.exec(message);
    if (line) return fail(`invalid JSON at line ${line[1]}`);
    return fail(`invalid JSON (${message.replace(/\.$/, '')})`);
  }
}

/**
 * TOML parsing whose failure says the line.
 *
 * @internal
 */
export function parseToml(content: string): Record<string, unknown> {
  try {
    return parseTomlText(content) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) {
      const reason = e.message
        .split('\n')[0]
        .replace(/^Invalid TOML document: /, '');
      return fail(`invalid TOML at line ${e.line} (${reason})`);
    }
    throw e;
  }
}

/**
 * Requires a top-level JSON object, the shape of every JSON lockfile.
 *
 * @internal
 */
export function jsonObject(content: string): Record<string, unknown> {
  const value = parseJson(content);
  if (!isRecord(value)) fail('expected a JSON object at the top level');
  return value;
}

/**
 * The text before the first match of `pattern` (all of it when none), in
 * linear time: `text.replace(/x.*$/, '')` rescans from every `x` of a long
 * run of them.
 */
export function beforeFirst(text: string, pattern: RegExp | string): string {
  const end =
    typeof pattern === 'string' ? text.indexOf(pattern) : text.search(pattern);
  return end === -1 ? text : text.slice(0, end);
}

/**
 * The YAML nesting a reader must refuse before parsing: `yaml` recurses per
 * level, so 1,000 `[` overflow its stack and 150,000 take a second and
 * exhaust a test worker's memory. Counts flow brackets (across lines, quoted
 * or not, so it overestimates, never under) and the compact block entries
 * opening one line (`- - - x`).
 */
export function yamlNestingDepth(content: string): number {
  let flow = 0;
  let deepest = 0;
  let compact = 0;
  let lineStart = true;
  for (let i = 0; i < content.length; i++) {
    const char = content[i];
    if (char === '[' || char === '{') {
      flow += 1;
      deepest = Math.max(deepest, flow);
    } else if (char === ']' || char === '}') {
      flow = Math.max(0, flow - 1);
    } else if (char === '\n') {
      lineStart = true;
      compact = 0;
      continue;
    }
    if (lineStart && (char === '-' || char === '?' || char === ':')) {
      const next = content[i + 1];
      if (next === ' ' || next === '\t') {
        compact += 1;
        deepest = Math.max(deepest, compact);
        continue;
      }
    }
    if (lineStart && char !== ' ' && char !== '\t') {
      lineStart = false;
    }
  }
  return deepest;
}

/** Deeper YAML than any real lockfile or workflow; see {@link yamlNestingDepth}. */
export const MAX_YAML_NESTING = 64;

/**
 * A YAML lockfile's top-level mapping, refusing deep nesting first.
 *
 * @internal
 */
export function parseYamlMapping(content: string): Record<string, unknown> {
  if (yamlNestingDepth(content) > MAX_YAML_NESTING) {
    return fail(`YAML nested deeper than ${MAX_YAML_NESTING} levels`);
  }
  // The duplicate-key check of `yaml` is quadratic (16 s for a 4 MB lockfile);
  // lock tools never write duplicates, and with one the last entry counts.
  const doc = parseDocument(content, {
    prettyErrors: false,
    uniqueKeys: false,
  });
  const [error] = doc.errors;
  if (error) {
    return fail(`invalid YAML at line ${lineAt(content, error.pos[0])}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch {
    return fail('invalid YAML (too many aliases)');
  }
  if (!isRecord(value)) fail('expected a YAML mapping at the top level');
  return value;
}
