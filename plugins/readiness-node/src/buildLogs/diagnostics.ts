/**
 * Line readers for compiler output. Every pattern is linear in the line's
 * length: no nested quantifiers, no leading wildcard, only bounded repeats
 * between literals, because the log comes from a repository's build.
 */

/** One diagnostic read from a line. */
export interface Diagnostic {
  tool: string;
  severity: 'error' | 'warning';
  code?: string;
  message: string;
  /** Set when the same diagnostic may be printed twice (Maven repeats its errors). */
  dedupeKey?: string;
}

/** What a line says, when it says anything a reader understands. */
export type LineReading =
  | { kind: 'diagnostic'; diagnostic: Diagnostic }
  /** A rustc `error: msg` without a code: counted only when a `-->` span follows. */
  | { kind: 'pending'; diagnostic: Diagnostic }
  /** The tool ran (for example cargo's `Finished`), whatever the result. */
  | { kind: 'marker'; tool: string }
  /** The tool's own total of errors, a cross-check on the count. */
  | { kind: 'reported'; tool: string; errors: number }
  /** The compiler stopped reporting before the end (go's "too many errors"). */
  | { kind: 'truncated'; tool: string };

const RUST_DIAGNOSTIC = /^(error|warning)(?:\[(E\d{4})\])?: /;
const RUST_SPAN = /^\s{0,12}--> \S/;
const RUST_SUMMARY =
  /^error: (?:aborting|could not compile `[^`]{1,200}`[^;]{0,200}) due to (\d{1,9}) previous errors?/;
const CARGO_MARKER =
  /^\s{0,12}(?:Compiling \S{1,200} v\d|Finished `[\w-]{1,50}` profile)/;

const TSC_DIAGNOSTIC =
  /(?:^|\(\d{1,9},\d{1,9}\): |:\d{1,9}:\d{1,9} - )(error|warning) (TS\d{1,6}): /;
const TSC_FOUND = /^Found (\d{1,9}) errors?\b/;

const JAVAC_DIAGNOSTIC = /\.java:\d{1,9}: (error|warning): /;
const JAVAC_TOTAL = /^(\d{1,9}) errors?$/;
// Printed after javac's own "100 errors": only the rest is added.
const JAVAC_CAPPED =
  /only showing the first (\d{1,9}) errors, of (\d{1,9}) total/;

const MAVEN_DIAGNOSTIC = /^\[(ERROR|WARNING)\] (?:\S| ?[A-Za-z]:)/;
const MAVEN_LOCATION = /\.(?:java|kt|scala|groovy):\[\d{1,9},\d{1,9}\] /;
const MAVEN_MARKER =
  /^\[INFO\] (?:--- (?:maven-)?compiler(?:-plugin)?:|BUILD (?:SUCCESS|FAILURE))/;

const GRADLE_MARKER =
  /^(?:> Task :\S{0,200}compile\w{0,40}|BUILD (?:SUCCESSFUL|FAILED) in )/;
const KOTLIN_DIAGNOSTIC = /^([ew]): \S/;
const KOTLIN_LOCATION =
  /\.kts?(?::\d{1,9}:\d{1,9}:? |: ?\(\d{1,9}, \d{1,9}\): )/;

const C_DIAGNOSTIC =
  /\.(?:c|cc|cpp|cxx|c\+\+|h|hh|hpp|hxx|m|mm|cu):\d{1,9}(?::\d{1,9})?: (fatal error|error|warning): /;
const C_OPTION = /\[(-W[\w=+-]{1,80})\]$/;
const CLANG_SUMMARY =
  /^(?:\d{1,9} warnings? and )?(\d{1,9}) errors? generated\.$/;

const GO_DIAGNOSTIC = /^(?:vet: )?[^\s:]{0,400}\.go:\d{1,9}:\d{1,9}: /;
const GO_LOCATION = /\.go:\d{1,9}:\d{1,9}: /;

/** What one line of human-readable compiler output says, if anything. */
export function readLine(line: string): LineReading | undefined {
  const rust = RUST_DIAGNOSTIC.exec(line);
  if (rust) {
    const summary = RUST_SUMMARY.exec(line);
    if (summary) {
      return { kind: 'reported', tool: 'rustc', errors: Number(summary[1]) };
    }
    const found: Diagnostic = {
      tool: 'rustc',
      severity: rust[1] as 'error' | 'warning',
      code: rust[2],
      message: line.slice(rust[0].length),
    };
    return rust[2]
      ? { kind: 'diagnostic', diagnostic: found }
      : { kind: 'pending', diagnostic: found };
  }
  if (CARGO_MARKER.test(line)) {
    return { kind: 'marker', tool: 'rustc' };
  }

  const tsc = TSC_DIAGNOSTIC.exec(line);
  if (tsc) {
    return diagnostic(
      'tsc',
      tsc[1],
      line.slice(tsc.index + tsc[0].length),
      tsc[2],
    );
  }
  const found = TSC_FOUND.exec(line);
  if (found) {
    return { kind: 'reported', tool: 'tsc', errors: Number(found[1]) };
  }

  if (MAVEN_DIAGNOSTIC.test(line)) {
    const location = MAVEN_LOCATION.exec(line);
    if (location) {
      const severity = line.startsWith('[ERROR]') ? 'error' : 'warning';
      const rest = line.slice(location.index + location[0].length);
      return {
        kind: 'diagnostic',
        diagnostic: {
          tool: 'maven',
          severity,
          message: rest,
          dedupeKey: line,
        },
      };
    }
  }
  if (MAVEN_MARKER.test(line)) {
    return { kind: 'marker', tool: 'maven' };
  }

  const javac = JAVAC_DIAGNOSTIC.exec(line);
  if (javac && !/^\s/.test(line)) {
    return diagnostic(
      'javac',
      javac[1],
      line.slice(javac.index + javac[0].length),
    );
  }
  const capped = JAVAC_CAPPED.exec(line);
  if (capped) {
    return {
      kind: 'reported',
      tool: 'javac',
      errors: Math.max(0, Number(capped[2]) - Number(capped[1])),
    };
  }
  const javacTotal = JAVAC_TOTAL.exec(line);
  if (javacTotal) {
    return { kind: 'reported', tool: 'javac', errors: Number(javacTotal[1]) };
  }

  if (GRADLE_MARKER.test(line)) {
    return { kind: 'marker', tool: 'gradle' };
  }
  const kotlin = KOTLIN_DIAGNOSTIC.exec(line);
  if (kotlin) {
    const location = KOTLIN_LOCATION.exec(line);
    if (location) {
      return diagnostic(
        'kotlinc',
        kotlin[1] === 'e' ? 'error' : 'warning',
        line.slice(location.index + location[0].length),
      );
    }
  }

  const c = C_DIAGNOSTIC.exec(line);
  if (c && !/^\s/.test(line)) {
    const message = line.slice(c.index + c[0].length);
    const severity = c[1] === 'warning' ? 'warning' : 'error';
    return diagnostic('cc', severity, message, C_OPTION.exec(message)?.[1]);
  }
  const clang = CLANG_SUMMARY.exec(line);
  if (clang) {
    return { kind: 'reported', tool: 'cc', errors: Number(clang[1]) };
  }

  if (GO_DIAGNOSTIC.test(line)) {
    const location = GO_LOCATION.exec(line)!;
    const message = line.slice(location.index + location[0].length);
    if (message === 'too many errors') {
      return { kind: 'truncated', tool: 'go' };
    }
    return diagnostic('go', 'error', message);
  }
  return undefined;
}

function diagnostic(
  tool: string,
  severity: string,
  message: string,
  code?: string,
): LineReading {
  return {
    kind: 'diagnostic',
    diagnostic: {
      tool,
      severity: severity === 'warning' ? 'warning' : 'error',
      message,
      ...(code ? { code } : {}),
    },
  };
}

/** Whether the line is a rustc span (` --> src/main.rs:1:5`), which confirms a pending diagnostic. */
export function isRustSpan(line: string): boolean {
  return RUST_SPAN.test(line);
}

interface RustcJsonMessage {
  level?: unknown;
  message?: unknown;
  code?: { code?: unknown } | null;
}

/**
 * A line of `cargo --message-format=json` or `rustc --error-format=json`.
 * Undefined when the line is not such JSON.
 */
export function readRustJsonLine(line: string): LineReading | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const record = value as Record<string, unknown>;
  let message: RustcJsonMessage | undefined;
  if (record.reason === 'compiler-message') {
    message = record.message as RustcJsonMessage;
  } else if (record.$message_type === 'diagnostic') {
    message = record as RustcJsonMessage;
  } else if (
    record.reason === 'build-finished' ||
    record.reason === 'compiler-artifact'
  ) {
    return { kind: 'marker', tool: 'rustc' };
  }
  if (!message || typeof message.message !== 'string') {
    return undefined;
  }
  const text = message.message;
  if (message.level === 'error') {
    const summary = /^aborting due to (\d{1,9}) previous errors?/.exec(text);
    if (summary) {
      return { kind: 'reported', tool: 'rustc', errors: Number(summary[1]) };
    }
    const code = message.code?.code;
    return diagnostic(
      'rustc',
      'error',
      text,
      typeof code === 'string' ? code : undefined,
    );
  }
  if (message.level === 'warning') {
    if (/^\d{1,9} warnings? emitted/.test(text)) {
      return { kind: 'marker', tool: 'rustc' };
    }
    return diagnostic('rustc', 'warning', text);
  }
  return { kind: 'marker', tool: 'rustc' };
}
