/**
 * The fields of a GitHub check-run annotation the compile-error rule reads.
 *
 * @public
 */
export interface GithubCheckAnnotation {
  annotation_level?: 'notice' | 'warning' | 'failure' | string;
  title?: string | null;
  message?: string | null;
  path?: string;
}

/**
 * Compiler diagnostics as GitHub Actions problem matchers turn them into
 * annotations. Kept to compiler wording so that failing tests, lint findings
 * and the generic "Process completed with exit code 1" are not counted.
 */
const COMPILER_DIAGNOSTICS: RegExp[] = [
  /\berror\[E\d{4}\]/, // rustc: error[E0308]: mismatched types
  /\bTS\d{4,5}\b/, // tsc: TS2322
  /\bCS\d{4}\b/, // C# compiler: CS0103
  /\bcompil(?:e|er|ation)\b/i, // "compile error", "compilation failed", "compiler error"
  /\bcannot find symbol\b/i, // javac
  /\bsyntax ?error\b/i, // most compilers and parsers
  /\bundefined reference to\b/i, // linkers
  /\bunresolved (?:reference|import|external)\b/i, // kotlinc, rustc, MSVC
  /\bmismatched types\b/i, // rustc
  /^undefined: \S/m, // go build
  /\buse of undeclared identifier\b/i, // clang
  /\bunknown type name\b/i, // clang, gcc
];

/**
 * The default rule for counting compilation errors: a check-run annotation
 * counts when its level is `failure` and its title or message reads like a
 * compiler diagnostic (rustc `error[E…]`, tsc `TS…`, C# `CS…`, "compile",
 * "cannot find symbol", "syntax error", "undefined reference to",
 * "unresolved reference", "mismatched types", go's "undefined: x", clang's
 * "use of undeclared identifier" and "unknown type name").
 *
 * @public
 */
export function defaultIsCompilationError(
  annotation: GithubCheckAnnotation,
): boolean {
  if (annotation.annotation_level !== 'failure') {
    return false;
  }
  const text = [annotation.title, annotation.message]
    .filter((part): part is string => typeof part === 'string')
    .join('\n');
  return COMPILER_DIAGNOSTICS.some(pattern => pattern.test(text));
}
