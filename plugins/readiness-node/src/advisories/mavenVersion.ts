/*
 * Maven's version order, as the POM reference's "Version Order
 * Specification" defines it (ComparableVersion). No maintained JavaScript
 * library implements it, so it is written here against the specification's
 * examples (see mavenVersion.test.ts).
 */

interface Token {
  /** The separator before the token: `.` or `-` (a digit/letter switch counts as `-`). */
  prefix: '.' | '-';
  /** A number (digits, leading zeros dropped) or a lower-cased qualifier. */
  value: string;
  numeric: boolean;
}

// Known qualifiers in ascending order; `` is the release (also `ga`,
// `final`, `release`). Unknown qualifiers come after all of them.
const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = {
  ga: '',
  final: '',
  release: '',
  cr: 'rc',
};

// Printable, separator-delimited text of sane length; anything else is not a
// version Readiness orders.
const MAVEN_VERSION = /^[0-9A-Za-z][0-9A-Za-z._+-]{0,127}$/;

function isNull(token: Token): boolean {
  return token.numeric ? token.value === '0' : token.value === '';
}

function tokenize(version: string): Token[] | undefined {
  if (!MAVEN_VERSION.test(version)) return undefined;
  const text = version.toLowerCase();
  const tokens: Token[] = [];
  let prefix: '.' | '-' = '-';
  let current = '';
  const push = (next: '.' | '-') => {
    const numeric = /^\d+$/.test(current);
    tokens.push({
      prefix,
      value: numeric ? current.replace(/^0+(?=\d)/, '') : current || '0',
      numeric: numeric || current === '',
    });
    prefix = next;
    current = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '.' || char === '-') {
      push(char);
      continue;
    }
    const digit = char >= '0' && char <= '9';
    const previous = current[current.length - 1];
    if (
      previous !== undefined &&
      digit !== (previous >= '0' && previous <= '9')
    ) {
      // `a1`, `b2`, `m3` directly followed by a number: alpha, beta, milestone.
      if (digit && ['a', 'b', 'm'].includes(current)) {
        current = { a: 'alpha', b: 'beta', m: 'milestone' }[current]!;
      }
      push('-');
    }
    current += char;
  }
  push('-');
  for (const token of tokens) {
    if (!token.numeric) token.value = ALIASES[token.value] ?? token.value;
  }
  tokens[0].prefix = '.';
  return trimNulls(tokens);
}

/** Drops the null tokens (0, release) before the end and before each `-`. */
function trimNulls(tokens: Token[]): Token[] {
  const kept: Token[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i];
    const next = kept[kept.length - 1];
    const atBoundary = next === undefined || next.prefix === '-';
    if (isNull(token) && atBoundary && i > 0) continue;
    kept.push(token);
  }
  return kept.reverse();
}

/** Qualifiers (either prefix) < `-number` < `.number`. */
function kindRank(token: Token): number {
  if (!token.numeric) return 0;
  return token.prefix === '-' ? 1 : 2;
}

function compareNumbers(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function compareQualifiers(a: string, b: string): number {
  const x = QUALIFIERS.indexOf(a);
  const y = QUALIFIERS.indexOf(b);
  if (x !== -1 && y !== -1) return Math.sign(x - y);
  if (x !== -1 || y !== -1) return x === -1 ? 1 : -1;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function compareTokens(a: Token, b: Token): number {
  const rank = kindRank(a) - kindRank(b);
  if (rank !== 0) return Math.sign(rank);
  return a.numeric
    ? compareNumbers(a.value, b.value)
    : compareQualifiers(a.value, b.value);
}

/** The null token matching another's prefix, padding the shorter version. */
function padding(other: Token): Token {
  return other.prefix === '.'
    ? { prefix: '.', value: '0', numeric: true }
    : { prefix: '-', value: '', numeric: false };
}

/**
 * Maven ComparableVersion order, or undefined when either version is not
 * printable version text.
 *
 * @internal
 */
export function compareMavenVersions(a: string, b: string): number | undefined {
  const x = tokenize(a.trim());
  const y = tokenize(b.trim());
  if (!x || !y) return undefined;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const left = x[i] ?? padding(y[i]);
    const right = y[i] ?? padding(x[i]);
    const diff = compareTokens(left, right);
    if (diff !== 0) return diff;
  }
  return 0;
}
