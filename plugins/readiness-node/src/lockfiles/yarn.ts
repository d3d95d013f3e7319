import { parseSyml } from '@yarnpkg/parsers';
import semver from 'semver';
import { fail, isRecord, own, ParsedLockfile } from './util';

const CLASSIC_HEADER = /^(#.*\r?\n)*?#\s+yarn\s+lockfile\s+v1\r?\n/i;
const LOCAL_PROTOCOL = /^(workspace|link|portal|file):/;

/** Splits `name@range` (or a berry locator `name@reference`); scoped names start with `@`. */
function splitDescriptor(
  descriptor: string,
): { name: string; range: string } | undefined {
  const at = descriptor.indexOf('@', 1);
  if (at <= 0) return undefined;
  return { name: descriptor.slice(0, at), range: descriptor.slice(at + 1) };
}

function parseText(content: string): Record<string, unknown> {
  // Classic lockfiles go through yarn's own grammar only when they carry the
  // v1 header; one without it would be misread as YAML, so add it back.
  const text =
    CLASSIC_HEADER.test(content) || /^__metadata:/m.test(content)
      ? content
      : `# yarn lockfile v1\n${content}`;
  try {
    return parseSyml(text);
  } catch (e) {
    const error = e as {
      location?: { start?: { line?: number } };
      mark?: { line?: number };
    };
    if (typeof error.location?.start?.line === 'number') {
      // Minus the header line we may have added.
      const line = error.location.start.line - (text === content ? 0 : 1);
      return fail(`invalid yarn.lock at line ${line}`);
    }
    if (typeof error.mark?.line === 'number') {
      return fail(`invalid yarn.lock at line ${error.mark.line + 1}`);
    }
    return fail('invalid yarn.lock');
  }
}

/**
 * yarn.lock, classic (v1) and berry (v2+, recognised by `__metadata`), both
 * through yarn's own parser. One entry can be keyed by several descriptors
 * (`"lodash@^4.17.0, lodash@^4.17.21"`); they resolve to one package.
 * Workspace, link, portal and file entries are the project's own code and
 * are left out. yarn.lock does not record dev-ness. An empty file (or just
 * the header) is a project without dependencies.
 *
 * @internal
 */
export function parseYarnLock(content: string): ParsedLockfile {
  const doc = parseText(content);
  // Text that parses to nothing must have been only comments (`__proto__:`
  // parses to nothing too).
  if (
    Object.keys(doc).length === 0 &&
    content.split(/\r?\n/).some(line => line.trim() && !/^\s*#/.test(line))
  ) {
    fail('no lockfile entries');
  }
  const result: ParsedLockfile = { packages: [], unpinned: [] };
  for (const [key, entry] of Object.entries(doc)) {
    if (key === '__metadata') continue;
    if (!isRecord(entry)) fail(`entry "${key}" is not a package`);
    const descriptors = key.split(',').map(d => d.trim());
    const first = splitDescriptor(descriptors[0]);
    if (!first) fail(`entry "${key}" is not a package descriptor`);
    let name = first.name;
    const resolution = own(entry, 'resolution');
    if (typeof resolution === 'string') {
      // Berry: the resolution names the real package, even behind an alias.
      const locator = splitDescriptor(resolution);
      if (!locator) fail(`entry "${key}" has an invalid resolution`);
      if (LOCAL_PROTOCOL.test(locator.range)) continue;
      name = locator.name;
    } else {
      const ranges = descriptors.map(d => splitDescriptor(d)?.range ?? '');
      if (ranges.some(range => LOCAL_PROTOCOL.test(range))) continue;
      // Classic alias: `string-width-cjs@npm:string-width@^4.2.0`.
      const alias = /^npm:(@?[^@]+)@/.exec(first.range);
      if (alias) name = alias[1];
    }
    const version = own(entry, 'version');
    if (typeof version !== 'string' && typeof version !== 'number') {
      fail(`entry "${key}" has no version`);
    }
    if (semver.valid(String(version))) {
      result.packages.push({ name, version: String(version), dev: undefined });
    } else {
      result.unpinned.push(name);
    }
  }
  return result;
}
