import type {
  BuildEvidenceValue,
  CompilationErrorGroup,
} from '@readiness/plugin-readiness-common';
import {
  type Diagnostic,
  isRustSpan,
  type LineReading,
  readLine,
  readRustJsonLine,
} from './diagnostics';

/**
 * Compiler errors read from one build log.
 *
 * @public
 */
export interface BuildLogSummary {
  /** The compilers and build tools recognised, for example `rustc`, `maven`. */
  tools: string[];
  errors: number;
  warnings: number;
  /** Errors by code (or message), most frequent first. */
  groups: CompilationErrorGroup[];
  /**
   * `errors` is a lower bound: the log was cut at its cap, or the compiler
   * stopped reporting (go's "too many errors").
   */
  atLeast: boolean;
}

/**
 * What a build log says: its compiler errors, or why nothing was read.
 * A log without recognisable compiler output is never "0 errors".
 *
 * @public
 */
export type BuildLogResult =
  | ({ recognised: true } & BuildLogSummary)
  | { recognised: false; reason: string };

/**
 * Limits of {@link parseBuildLog}.
 *
 * @public
 */
export interface ParseBuildLogOptions {
  /** Characters read; the rest is left out and the count becomes a lower bound. Default 32 MiB. */
  maxChars?: number;
}

/**
 * Default cap on the characters of a build log that are read.
 *
 * @public
 */
export const DEFAULT_BUILD_LOG_MAX_CHARS = 32 * 1024 * 1024;

/** No compiler writes a longer diagnostic line; the rest of such a line is ignored. */
const MAX_LINE_CHARS = 64 * 1024;
/** cargo's JSON messages carry the rendered text and can be long. */
const MAX_JSON_LINE_CHARS = 4 * 1024 * 1024;
const MAX_GROUP_MESSAGE_CHARS = 160;
const MAX_GROUPS = 50;

/** The timestamp GitHub Actions puts before every line of a job log. */
const ACTIONS_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z ?/;
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\x1b\[[0-9;?]{0,40}[A-Za-z]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;
const QUOTED =
  /`[^`\n]{0,200}`|'[^'\n]{0,200}'|"[^"\n]{0,200}"|‘[^’\n]{0,200}’/g;
/** go's "undefined: total": the name after the colon is the instance, not the kind. */
const TRAILING_NAME = /^([^:]{1,120}): [\w.*[\]]{1,200}$/;

/**
 * The kind of an error as people read it: quoted names become `…` so that
 * "unresolved import `a`" and "unresolved import `b`" are one group, and no
 * identifier from the log goes further than needed.
 */
function normaliseMessage(message: string): string {
  const text = message
    .replace(CONTROL, ' ')
    .replace(QUOTED, '…')
    .replace(/\s+/g, ' ')
    .trim();
  const named = TRAILING_NAME.exec(text);
  const kind = named ? `${named[1]}: …` : text;
  return kind.length > MAX_GROUP_MESSAGE_CHARS
    ? `${kind.slice(0, MAX_GROUP_MESSAGE_CHARS - 1)}…`
    : kind;
}

function cleanLine(raw: string): string {
  const line = raw.length > MAX_LINE_CHARS ? raw.slice(0, MAX_LINE_CHARS) : raw;
  return line
    .replace(ACTIONS_TIMESTAMP, '')
    .replace(ANSI_ESCAPE, '')
    .replace(/\r$/, '');
}

/** Tools whose own total is specific enough to show the compiler ran. */
const SELF_EVIDENT_TOTALS = new Set(['rustc', 'tsc', 'cc']);

/**
 * Counts the compiler errors in a build log, grouped by code, as a person
 * reading the seed's failure analysis would ("E0432 unresolved import ×14").
 * Reads cargo and rustc (human and `--message-format=json` /
 * `--error-format=json`), tsc (plain and `--pretty`), go build and go vet,
 * javac, Maven, Gradle (javac and kotlinc output), and gcc and clang, also
 * with ANSI colours and GitHub Actions timestamps. Warnings are counted
 * apart. Where a tool prints its own total (rustc's "due to 6 previous
 * errors", tsc's "Found 7 errors", javac's "only showing the first 100 …
 * of 250", clang's "3 errors generated") the larger of the two counts.
 * Maven prints its errors twice; each counts once.
 *
 * go's findings of `go vet` analysers fail the build like compile errors and
 * count as errors; a successful gcc, clang or go build prints nothing and is
 * therefore unrecognised.
 *
 * @public
 */
export function parseBuildLog(
  text: string,
  options: ParseBuildLogOptions = {},
): BuildLogResult {
  const maxChars = options.maxChars ?? DEFAULT_BUILD_LOG_MAX_CHARS;
  const cut = text.length > maxChars;
  const lines = (cut ? text.slice(0, maxChars) : text).split('\n');

  const tools = new Set<string>();
  const counted = new Map<string, number>();
  const reported = new Map<string, number>();
  const groups = new Map<string, CompilationErrorGroup>();
  const seen = new Set<string>();
  let warnings = 0;
  let stoppedEarly = false;
  let clang = false;
  let pending: Diagnostic | undefined;

  const record = (diagnostic: Diagnostic) => {
    if (diagnostic.dedupeKey !== undefined) {
      if (seen.has(diagnostic.dedupeKey)) {
        return;
      }
      seen.add(diagnostic.dedupeKey);
    }
    tools.add(diagnostic.tool);
    if (diagnostic.severity === 'warning') {
      warnings += 1;
      return;
    }
    counted.set(diagnostic.tool, (counted.get(diagnostic.tool) ?? 0) + 1);
    const message = normaliseMessage(diagnostic.message);
    const key = diagnostic.code ?? `\n${message}`;
    const group = groups.get(key);
    if (group) {
      group.count += 1;
    } else {
      groups.set(key, {
        ...(diagnostic.code ? { code: diagnostic.code } : {}),
        message,
        count: 1,
      });
    }
  };

  for (const raw of lines) {
    const jsonLike = raw.trimStart().startsWith('{');
    if (jsonLike && raw.length > MAX_JSON_LINE_CHARS) {
      continue;
    }
    const line = jsonLike ? raw : cleanLine(raw);
    if (pending && line.trim() !== '') {
      if (isRustSpan(line)) {
        record(pending);
      }
      pending = undefined;
    }
    const reading: LineReading | undefined = jsonLike
      ? readRustJsonLine(line.trim())
      : readLine(line);
    if (!reading) {
      continue;
    }
    switch (reading.kind) {
      case 'diagnostic':
        record(reading.diagnostic);
        break;
      case 'pending':
        pending = reading.diagnostic;
        break;
      case 'marker':
        tools.add(reading.tool);
        break;
      case 'reported':
        reported.set(
          reading.tool,
          (reported.get(reading.tool) ?? 0) + reading.errors,
        );
        if (reading.tool === 'cc') {
          clang = true;
        }
        if (SELF_EVIDENT_TOTALS.has(reading.tool)) {
          tools.add(reading.tool);
        }
        break;
      case 'truncated':
        stoppedEarly = true;
        tools.add(reading.tool);
        break;
      default:
    }
  }

  if (tools.size === 0) {
    return {
      recognised: false,
      reason: cut
        ? `no compiler output recognised in the first ${maxChars} characters`
        : 'no compiler output recognised',
    };
  }
  let errors = 0;
  for (const tool of new Set([...counted.keys(), ...reported.keys()])) {
    if (tools.has(tool)) {
      errors += Math.max(counted.get(tool) ?? 0, reported.get(tool) ?? 0);
    }
  }
  if (tools.delete('cc')) {
    tools.add(clang ? 'clang' : 'gcc');
  }
  return {
    recognised: true,
    tools: [...tools].sort(),
    errors,
    warnings,
    groups: [...groups.values()]
      .sort((a, b) => b.count - a.count)
      .slice(0, MAX_GROUPS),
    atLeast: cut || stoppedEarly,
  };
}

/**
 * A named build log, for {@link buildEvidenceFromLogs}.
 *
 * @public
 */
export interface NamedBuildLog {
  /** Shown in reasons, for example the file name or `job 1234`. */
  name: string;
  result: BuildLogResult;
}

/**
 * Build evidence from the logs of one build: errors, warnings and groups
 * summed over the logs. When no log holds compiler output the count is
 * unknown (an `error`); when only some do, the count is a lower bound.
 *
 * @public
 */
export function buildEvidenceFromLogs(
  logs: NamedBuildLog[],
): { value: BuildEvidenceValue } | { error: string } {
  const read = logs.flatMap(log => (log.result.recognised ? [log.result] : []));
  const unread = logs.filter(log => !log.result.recognised);
  if (read.length === 0) {
    return {
      error: `no compiler output recognised in ${unread.map(log => log.name).join(', ') || 'the build logs'}`,
    };
  }
  const groups = new Map<string, CompilationErrorGroup>();
  for (const group of read.flatMap(result => result.groups)) {
    const key = group.code ?? `\n${group.message}`;
    const known = groups.get(key);
    if (known) {
      known.count += group.count;
    } else {
      groups.set(key, { ...group });
    }
  }
  const errors = read.reduce((sum, result) => sum + result.errors, 0);
  const atLeast = unread.length > 0 || read.some(result => result.atLeast);
  return {
    value: {
      succeeded: errors === 0 && unread.length === 0,
      compilationErrors: errors,
      ...(atLeast ? { compilationErrorsAtLeast: true } : {}),
      errorGroups: [...groups.values()]
        .sort((a, b) => b.count - a.count)
        .slice(0, MAX_GROUPS),
      warnings: read.reduce((sum, result) => sum + result.warnings, 0),
      tools: [...new Set(read.flatMap(result => result.tools))].sort(),
    },
  };
}
