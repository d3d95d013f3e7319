import semver from 'semver';
import {
  beforeFirst,
  compareText,
  fail,
  ParsedLockfile,
  RawPackage,
} from './util';

const DIRECTIVES = new Set([
  'module',
  'go',
  'toolchain',
  'godebug',
  'require',
  'replace',
  'exclude',
  'retract',
  'tool',
  'ignore',
]);

/** Splits a go.mod line into tokens; paths may be quoted ("..." or `...`). */
function tokens(line: string, lineNo: number): string[] {
  const out: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|[^\s"`]+)/y;
  let rest = line.trim();
  while (rest.length > 0) {
    re.lastIndex = 0;
    const match = re.exec(rest);
    if (!match) fail(`unexpected text at line ${lineNo}`);
    const token = match[1];
    out.push(
      token.startsWith('"')
        ? (JSON.parse(token) as string)
        : token.replace(/^`|`$/g, ''),
    );
    rest = rest.slice(match[0].length).trim();
  }
  return out;
}

/** Go module versions are reported without their `v`, as OSV lists them. */
function goVersion(version: string): string {
  return version.replace(/^v/, '');
}

function isGoVersion(version: string): boolean {
  return /^v\d+\.\d+\.\d+([-+.][0-9A-Za-z.+-]*)?$/.test(version);
}

/** A replacement target that is a directory rather than a module. */
function isLocalPath(path: string): boolean {
  return /^(\.{1,2}[\\/]|\.{1,2}$|\/|[A-Za-z]:[\\/])/.test(path);
}

/**
 * go.mod: `require` lines (single and in blocks, `// indirect` ones too, as
 * they are built in) and `replace` directives: a replacement by another
 * module swaps path and version, one by a local directory removes the module
 * (its code is in the repository). A go.mod needs a `module` directive; any
 * line that is not a known directive is an error, so unrelated text is never
 * read as a module without dependencies. Go has no dev dependencies.
 *
 * @internal
 */
export function parseGoMod(content: string): ParsedLockfile {
  const requires: Array<{ path: string; version: string }> = [];
  const replaces: Array<{
    path: string;
    version?: string;
    newPath: string;
    newVersion?: string;
  }> = [];
  let hasModule = false;
  let block: string | undefined;
  const lines = content.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    const line = beforeFirst(lines[index], '//').trim();
    if (!line) continue;
    let words: string[];
    if (block) {
      if (line === ')') {
        block = undefined;
        continue;
      }
      words = [block, ...tokens(line, lineNo)];
    } else {
      words = tokens(line, lineNo);
      if (!DIRECTIVES.has(words[0])) {
        fail(`unexpected line ${lineNo}: not a go.mod directive`);
      }
      if (words.length === 2 && words[1] === '(') {
        block = words[0];
        continue;
      }
      // `require (x v1)` on one line is valid too.
      if (words[1] === '(' && words[words.length - 1] === ')') {
        words = [words[0], ...words.slice(2, -1)];
      }
    }
    const [directive, ...args] = words;
    if (directive === 'module') {
      if (args.length !== 1) fail(`invalid module directive at line ${lineNo}`);
      hasModule = true;
    } else if (directive === 'require') {
      if (args.length !== 2 || !isGoVersion(args[1])) {
        fail(`invalid require at line ${lineNo}`);
      }
      requires.push({ path: args[0], version: args[1] });
    } else if (directive === 'replace') {
      const arrow = args.indexOf('=>');
      const left = args.slice(0, arrow);
      const right = args.slice(arrow + 1);
      if (
        arrow < 1 ||
        left.length > 2 ||
        right.length < 1 ||
        right.length > 2 ||
        (right.length === 2 && !isGoVersion(right[1]))
      ) {
        fail(`invalid replace at line ${lineNo}`);
      }
      replaces.push({
        path: left[0],
        version: left[1],
        newPath: right[0],
        newVersion: right[1],
      });
    }
  }
  if (block) fail(`unterminated ${block} block`);
  if (!hasModule) fail('no module directive');

  const packages: RawPackage[] = [];
  for (const req of requires) {
    // A versioned replace wins over a version-less one, as in the go command.
    const replace =
      replaces.find(r => r.path === req.path && r.version === req.version) ??
      replaces.find(r => r.path === req.path && r.version === undefined);
    if (!replace) {
      packages.push({
        name: req.path,
        version: goVersion(req.version),
        dev: undefined,
      });
    } else if (!replace.newVersion) {
      if (!isLocalPath(replace.newPath)) {
        fail(`replace of ${req.path} by a module has no version`);
      }
    } else {
      packages.push({
        name: replace.newPath,
        version: goVersion(replace.newVersion),
        dev: undefined,
      });
    }
  }
  return { packages, unpinned: [] };
}

/**
 * go.sum, for modules without a go.mod: every module with a source hash, at
 * its highest version (go.sum keeps old versions that are no longer built).
 * `/go.mod` hash lines only say a go.mod was read and are ignored.
 *
 * @internal
 */
export function parseGoSum(content: string): ParsedLockfile {
  const highest = new Map<string, string>();
  content.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const words = line.split(/\s+/);
    if (
      words.length !== 3 ||
      !words[2].startsWith('h1:') ||
      !isGoVersion(words[1].replace(/\/go\.mod$/, ''))
    ) {
      fail(`unexpected line ${index + 1}: not a go.sum entry`);
    }
    const [path, version] = words;
    if (version.endsWith('/go.mod')) return;
    const current = highest.get(path);
    if (!current || compareGoVersions(version, current) > 0) {
      highest.set(path, version);
    }
  });
  return {
    packages: [...highest].map(([name, version]) => ({
      name,
      version: goVersion(version),
      dev: undefined,
    })),
    unpinned: [],
  };
}

function compareGoVersions(a: string, b: string): number {
  const clean = (v: string) => goVersion(v).replace(/\+incompatible$/, '');
  const sa = semver.valid(clean(a));
  const sb = semver.valid(clean(b));
  if (sa && sb) return semver.compare(sa, sb);
  return compareText(a, b);
}
