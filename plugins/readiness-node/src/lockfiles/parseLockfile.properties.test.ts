import fc from 'fast-check';
import { fixture, validFixtures } from './__fixtures__/fixtures';
import { lockfileNames, parseLockfile } from './parseLockfile';
import type { LockfileParseResult } from './types';

/**
 * The rule for an empty result: zero packages and zero unpinned without an
 * error is only returned for (a) blank content in the formats whose tools
 * write blank files (yarn.lock, go.sum, a requirements.txt of comments and
 * options), or (b) a document carrying its format's structure that locks no
 * third-party package. Each predicate is the visible trace of that rule.
 */
const explainsEmpty: Record<string, (text: string) => boolean> = {
  'Cargo.lock': text => text.includes('package'),
  'package-lock.json': text =>
    /lockfileVersion|"packages"|"dependencies"/.test(text),
  'npm-shrinkwrap.json': text =>
    /lockfileVersion|"packages"|"dependencies"/.test(text),
  'yarn.lock': text =>
    text.includes('__metadata') ||
    text.split(/\r?\n/).every(line => !line.trim() || /^\s*#/.test(line)) ||
    // Every entry was local (workspace:, link:, portal:, file:).
    /@(workspace|link|portal|file):/.test(text),
  'pnpm-lock.yaml': text => text.includes('lockfileVersion'),
  'go.mod': text => /^[ \t]*module\s/m.test(text),
  // Only `/go.mod` hashes: no module's source is built.
  'go.sum': text =>
    text.split(/\r?\n/).every(line => !line.trim() || /\/go\.mod\s/.test(line)),
  // Only comments, options and local paths, once continuation lines are joined.
  'requirements.txt': text =>
    text
      .replace(/\\(\r?\n|$)/g, ' ')
      .split(/\r?\n/)
      .every(
        line =>
          !line.trim() ||
          /^\s*[#-]/.test(line) ||
          /^\s*(\.|\/|~|[A-Za-z]:|file:)/.test(line),
      ),
  'poetry.lock': text => /package|metadata/.test(text),
  'Pipfile.lock': text => /default|develop/.test(text),
  'Gemfile.lock': text => /^[A-Z]/m.test(text),
  'gems.locked': text => /^[A-Z]/m.test(text),
  'composer.lock': text => text.includes('packages'),
  // Only the project itself and other local packages.
  'uv.lock': text => text.includes('version'),
  'pylock.toml': text => text.includes('lock-version'),
  'pdm.lock': text => text.includes('metadata'),
  // Only workspace, link, file and git entries.
  'bun.lock': text => text.includes('lockfileVersion'),
  // Only Project entries.
  'packages.lock.json': text => text.includes('dependencies'),
  'gradle.lockfile': text => gradleLocksNothing(text),
  'buildscript-gradle.lockfile': text => gradleLocksNothing(text),
  // Only sdk and path packages.
  'pubspec.lock': text => /packages|sdks/.test(text),
  'mix.lock': text => text.includes('%{'),
  // Only local repositories.
  'Package.resolved': text => text.includes('pins'),
};

/** Comments, blank lines and the `empty=` line only. */
function gradleLocksNothing(text: string): boolean {
  return text
    .split(/\r?\n/)
    .every(line => !line.trim() || /^\s*(#|empty=)/.test(line));
}

function checkInvariants(
  name: string,
  content: string,
  result: LockfileParseResult,
): void {
  expect(result.file).toBe(name);
  if (result.error !== undefined) {
    expect(result.error.startsWith(`could not read ${name}: `)).toBe(true);
    expect(result.error.length).toBeGreaterThan(
      `could not read ${name}: `.length,
    );
    expect(result.packages).toEqual([]);
    expect(result.unpinned).toEqual([]);
    return;
  }
  const seen = new Set<string>();
  for (const pkg of result.packages) {
    expect(pkg.name).toMatch(/^\S+$/);
    expect(pkg.version).toMatch(/^\S+$/);
    expect(pkg.path).toBe(name);
    expect(pkg.ecosystem).toBe(result.ecosystem);
    expect([true, false, undefined]).toContain(pkg.dev);
    const key = `${pkg.name}@${pkg.version}`;
    expect(seen.has(key)).toBe(false);
    seen.add(key);
  }
  for (const entry of result.unpinned) {
    expect(entry.file).toBe(name);
    expect(entry.name.trim()).not.toBe('');
  }
  if (result.packages.length === 0 && result.unpinned.length === 0) {
    const text = content.replace(/^\uFEFF/, '');
    if (!explainsEmpty[name](text)) {
      throw new Error(
        `${name}: ${JSON.stringify(content)} was reported clean without explanation`,
      );
    }
  }
}

// Raise for a deeper search: LOCKFILE_PROPERTY_RUNS=20000 yarn test ...
const RUNS = Number(process.env.LOCKFILE_PROPERTY_RUNS) || 300;

const tokens = fc.constantFrom(
  '\n',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '=',
  '==',
  '=>',
  '@',
  '(',
  ')',
  '#',
  '//',
  '  ',
  '    ',
  '\t',
  '\\',
  '\u0000',
  '\uFEFF',
  'é',
  'null',
  'version = ',
  '__proto__',
  'constructor',
);

const noise = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: tokens }),
);

type Mutation = [
  'truncate' | 'delete' | 'insert' | 'duplicateLine' | 'dropLine' | 'swapLines',
  number,
  number,
  string,
];

const mutations = fc.array(
  fc.tuple(
    fc.constantFrom<Mutation[0]>(
      'truncate',
      'delete',
      'insert',
      'duplicateLine',
      'dropLine',
      'swapLines',
    ),
    fc.nat(),
    fc.nat(),
    noise,
  ),
  { minLength: 1, maxLength: 6 },
);

function mutate(content: string, steps: Mutation[]): string {
  let text = content;
  for (const [kind, a, b, insert] of steps) {
    const at = text.length === 0 ? 0 : a % (text.length + 1);
    const lines = text.split('\n');
    const i = a % lines.length;
    const j = b % lines.length;
    switch (kind) {
      case 'truncate':
        text = text.slice(0, at);
        break;
      case 'delete':
        text = text.slice(0, at) + text.slice(at + (b % 40) + 1);
        break;
      case 'insert':
        text = text.slice(0, at) + insert + text.slice(at);
        break;
      case 'duplicateLine':
        lines.splice(i, 0, lines[i]);
        text = lines.join('\n');
        break;
      case 'dropLine':
        lines.splice(i, 1);
        text = lines.join('\n');
        break;
      case 'swapLines':
        [lines[i], lines[j]] = [lines[j], lines[i]];
        text = lines.join('\n');
        break;
      default:
        break;
    }
  }
  return text;
}

describe('parseLockfile properties', () => {
  // eslint-disable-next-line jest/expect-expect -- checkInvariants expects
  it.each([...lockfileNames])(
    '%s: arbitrary text never throws and is never a false clean',
    name => {
      fc.assert(
        fc.property(noise, content => {
          checkInvariants(name, content, parseLockfile(name, content));
        }),
        { numRuns: RUNS },
      );
    },
  );

  it.each(validFixtures.map(f => [f.name, f.fixture]))(
    '%s (%s): mutated lockfiles never throw and are never a false clean',
    (name, path) => {
      const original = fixture(path);
      const parsed = parseLockfile(name, original);
      expect(parsed.error).toBeUndefined();
      expect(parsed.packages.length).toBeGreaterThan(0);
      fc.assert(
        fc.property(mutations, steps => {
          const content = mutate(original, steps);
          checkInvariants(name, content, parseLockfile(name, content));
        }),
        { numRuns: RUNS },
      );
    },
  );
});
