/**
 * Glob patterns over repository-relative, `/`-separated paths, for the
 * configurable file selections. No dependency: only `*`, `**`, `?`, `[...]`
 * and `{a,b}` are needed, and a pattern is compiled once.
 *
 * - A pattern without `/` matches the file name at any depth (`*.rs`), like
 *   `.gitignore`; one with `/` is anchored at the repository root
 *   (`src/**\/*.ts`; a leading `/` is allowed).
 * - `*` and `?` never cross `/`; `**` does.
 *
 * Throws on an unbalanced `[` or `{`, so bad configuration fails early.
 *
 * @internal
 */
export function globToRegExp(glob: string): RegExp {
  if (glob.trim() === '') {
    throw new Error('empty glob pattern');
  }
  const anchored = glob.includes('/');
  let pattern = glob.startsWith('/') ? glob.slice(1) : glob;
  if (pattern.endsWith('/')) {
    // A folder: everything under it.
    pattern += '**';
  }
  let source = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*') {
      if (pattern[i + 1] === '*') {
        const atStart = i === 0 || pattern[i - 1] === '/';
        const atEnd = i + 2 === pattern.length;
        if (atStart && pattern[i + 2] === '/') {
          source += '(?:.*/)?';
          i += 2;
        } else if (atStart && atEnd) {
          source += '.*';
          i += 1;
        } else {
          source += '[^/]*';
          i += 1;
        }
      } else {
        source += '[^/]*';
      }
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) {
        throw new Error(`unclosed "[" in glob ${JSON.stringify(glob)}`);
      }
      let set = pattern.slice(i + 1, end);
      const negated = set.startsWith('!') || set.startsWith('^');
      if (negated) {
        set = set.slice(1);
      }
      const escaped = set.replace(/[\\\]^]/g, '\\$&');
      source += negated ? `[^/${escaped}]` : `[${escaped}]`;
      i = end;
    } else if (char === '{') {
      braces += 1;
      source += '(?:';
    } else if (char === ',' && braces > 0) {
      source += '|';
    } else if (char === '}' && braces > 0) {
      braces -= 1;
      source += ')';
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  if (braces > 0) {
    throw new Error(`unclosed "{" in glob ${JSON.stringify(glob)}`);
  }
  return new RegExp(`^${anchored ? '' : '(?:.*/)?'}${source}$`);
}

/**
 * A path filter from globs: a path matches when it matches a pattern and no
 * `!`-prefixed one. With only exclusions, `fallback` says what is included.
 *
 * @internal
 */
export function compileGlobs(
  globs: readonly string[],
  fallback: (path: string) => boolean,
): (path: string) => boolean {
  const include: RegExp[] = [];
  const exclude: RegExp[] = [];
  for (const glob of globs) {
    if (glob.startsWith('!')) {
      exclude.push(globToRegExp(glob.slice(1)));
    } else {
      include.push(globToRegExp(glob));
    }
  }
  return path =>
    (include.length === 0
      ? fallback(path)
      : include.some(pattern => pattern.test(path))) &&
    !exclude.some(pattern => pattern.test(path));
}
