import { valid as validPep440 } from '@renovatebot/pep440';
import {
  beforeFirst,
  fail,
  isRecord,
  jsonObject,
  own,
  ParsedLockfile,
  parseToml,
  RawPackage,
  stringField,
} from './util';

/**
 * PEP 503 normalisation: `Django_Rest.Framework` is `django-rest-framework`.
 *
 * @internal
 */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * Adds a locked package, or an unpinned one when the lock gives no valid
 * PEP 440 version (which no advisory range could place).
 *
 * @internal
 */
export function addPythonPackage(
  result: ParsedLockfile,
  name: string,
  version: string | undefined,
  dev: boolean | undefined,
): void {
  if (version && validPep440(version)) {
    result.packages.push({ name, version, dev });
  } else {
    result.unpinned.push(name);
  }
}

const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;

function isLocalPath(target: string): boolean {
  return /^(\.{1,2}([\\/]|$)|\/|~[\\/]|[A-Za-z]:[\\/]|file:)/.test(target);
}

/** The project name of a URL or VCS requirement, from its `#egg=` fragment. */
function eggName(url: string): string | undefined {
  const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(url);
  return egg ? normalizePythonName(egg[1]) : undefined;
}

/** Joins a path from a requirements file to the file's own directory. */
function resolveInclude(file: string, target: string): string {
  if (/^([a-z][a-z0-9+.-]*:\/\/|\/)/i.test(target)) return target;
  const parts = file.split('/').slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '..') {
      if (parts.length === 0 || parts[parts.length - 1] === '..') {
        parts.push('..');
      } else {
        parts.pop();
      }
    } else if (part !== '.' && part !== '') {
      parts.push(part);
    }
  }
  return parts.join('/');
}

/** Physical lines joined across trailing backslashes, with their first line number. */
function logicalLines(content: string): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  let current: { text: string; line: number } | undefined;
  content.split(/\r?\n/).forEach((raw, index) => {
    const continued = /\\$/.test(raw);
    const piece = continued ? raw.slice(0, -1) : raw;
    if (current) current.text += ` ${piece}`;
    else current = { text: piece, line: index + 1 };
    if (!continued) {
      out.push(current);
      current = undefined;
    }
  });
  if (current) out.push(current);
  return out;
}

/**
 * requirements.txt. Only `name==version` (or `===`) pins are packages; every
 * other requirement (ranges, bare names, URLs, VCS and editable installs) is
 * unpinned, because its installed version is unknown. Extras and environment
 * markers are ignored (the package counts whatever the marker says). Option
 * lines are skipped except `-r` / `-c`, whose files are returned as
 * `includes` for the caller to read. Installs of explicit local directories
 * (`.`, `./lib`, `-e .`) are the project's own code and are left out; local
 * archives are unpinned. A line that is not a requirement at all is an
 * error. The file does not say what is dev-only.
 *
 * @internal
 */
export function parseRequirementsTxt(
  content: string,
  file: string,
): ParsedLockfile {
  const result: ParsedLockfile = { packages: [], unpinned: [], includes: [] };
  for (const { text, line } of logicalLines(content)) {
    // A comment starts at a `#` at the line start or after whitespace; URL
    // fragments (`#egg=`) have none before them.
    const body = text.replace(/(^|\s)#.*$/, '').trim();
    if (!body) continue;
    if (body.startsWith('-')) {
      readOption(body, file, result);
      continue;
    }
    readRequirement(body, line, result);
  }
  return result;
}

function readOption(body: string, file: string, result: ParsedLockfile): void {
  const option = /^(-[a-zA-Z]|--[a-z-]+)(?:\s*=\s*|\s+)?(\S*)/.exec(body);
  if (!option) return;
  const [, flag, value] = option;
  if (['-r', '--requirement', '-c', '--constraint'].includes(flag) && value) {
    result.includes!.push(resolveInclude(file, value));
  } else if (['-e', '--editable'].includes(flag) && value) {
    // An editable install of a local directory is the project's own code.
    if (isLocalPath(value)) return;
    result.unpinned.push(eggName(value) ?? value);
  }
}

const ARCHIVE = /\.(whl|tar\.gz|tar\.bz2|tgz|zip)([#?].*)?$/i;

/** The project name in a wheel or sdist file name (`urllib3-2.0.7-py3-none-any.whl`). */
function archiveName(target: string): string | undefined {
  const file = beforeFirst(target, /[#?]/).split(/[\\/]/).pop() ?? '';
  const match = /^([A-Za-z0-9][A-Za-z0-9._]*?)-\d/.exec(file);
  return match && ARCHIVE.test(file)
    ? normalizePythonName(match[1])
    : undefined;
}

function readRequirement(
  body: string,
  line: number,
  result: ParsedLockfile,
): void {
  // Per-requirement options (`--hash=...`) follow the requirement.
  const requirement = body.replace(/\s--?[a-zA-Z].*$/, '');
  const target = requirement.split(/\s|;/)[0];
  const direct = /^[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\]\s*)?@/.test(
    requirement,
  );
  if (
    !direct &&
    (/^[a-z][a-z0-9+.-]*:/i.test(target) ||
      isLocalPath(target) ||
      /[\\/]/.test(target) ||
      ARCHIVE.test(target))
  ) {
    // An explicit local directory is the project's own code; an archive, a
    // URL or anything path-like has no version that can be read from the line.
    if (isLocalPath(target) && !ARCHIVE.test(target)) return;
    result.unpinned.push(eggName(target) ?? archiveName(target) ?? target);
    return;
  }
  const nameMatch = NAME.exec(requirement);
  if (!nameMatch) fail(`invalid requirement at line ${line}`);
  const name = normalizePythonName(nameMatch[1]);
  let rest = requirement.slice(nameMatch[1].length).trim();
  const extras = /^\[[^\]]*\]/.exec(rest);
  if (extras) rest = rest.slice(extras[0].length).trim();
  if (rest.startsWith('@')) {
    result.unpinned.push(name);
    return;
  }
  const spec = rest.split(';')[0].trim();
  if (spec && !/^\(?\s*(==|===|!=|~=|<=|>=|<|>)/.test(spec)) {
    fail(`invalid requirement at line ${line}`);
  }
  const clauses = spec
    .replace(/^\(|\)$/g, '')
    .split(',')
    .map(clause => clause.trim());
  for (const clause of clauses) {
    const pin = /^===?\s*([^\s*]+)$/.exec(clause);
    if (pin && validPep440(pin[1])) {
      result.packages.push({ name, version: pin[1], dev: undefined });
      return;
    }
  }
  result.unpinned.push(name);
}

/**
 * poetry.lock. Dev-ness comes from `category` (before Poetry 1.2) or
 * `groups` (Poetry 2: dev unless in `main`); lock files written in between
 * record neither, so it is `undefined` there. Directory sources are local
 * projects and are left out.
 *
 * @internal
 */
export function parsePoetryLock(content: string): ParsedLockfile {
  const doc = parseToml(content);
  const entries = own(doc, 'package');
  if (entries === undefined && !isRecord(own(doc, 'metadata'))) {
    fail('not a poetry lock: no [[package]] or [metadata]');
  }
  if (entries !== undefined && !Array.isArray(entries)) {
    fail('package is not an array of tables');
  }
  const packages: RawPackage[] = [];
  ((entries ?? []) as unknown[]).forEach((entry, index) => {
    const name = isRecord(entry) ? stringField(entry, 'name') : undefined;
    const version = isRecord(entry) ? stringField(entry, 'version') : undefined;
    if (!name || !version) fail(`package #${index + 1} has no name or version`);
    const record = entry as Record<string, unknown>;
    const source = own(record, 'source');
    // A directory is a local project; a `file` source is an archive of a
    // real release and is kept.
    if (isRecord(source) && own(source, 'type') === 'directory') return;
    let dev: boolean | undefined;
    const category = own(record, 'category');
    const groups = own(record, 'groups');
    if (Array.isArray(groups)) dev = !groups.includes('main');
    else if (category === 'dev') dev = true;
    else if (category === 'main') dev = false;
    packages.push({ name: normalizePythonName(name), version, dev });
  });
  return { packages, unpinned: [] };
}

/**
 * Pipfile.lock: `default` is production, `develop` is dev. Versions are
 * `==x.y.z`; git and file requirements have none and are unpinned; path ones
 * are local projects.
 *
 * @internal
 */
export function parsePipfileLock(content: string): ParsedLockfile {
  const doc = jsonObject(content);
  const sections = (['default', 'develop'] as const).filter(
    section => own(doc, section) !== undefined,
  );
  if (sections.length === 0) fail('not a Pipfile.lock: no default or develop');
  const result: ParsedLockfile = { packages: [], unpinned: [] };
  for (const section of sections) {
    const deps = own(doc, section);
    if (!isRecord(deps)) fail(`${section} is not an object`);
    for (const [rawName, entry] of Object.entries(deps)) {
      if (!isRecord(entry)) fail(`${section}["${rawName}"] is not an object`);
      const name = normalizePythonName(rawName);
      if (!name || !NAME.test(rawName))
        fail(`invalid package name "${rawName}"`);
      // `path` entries are local projects (usually the project itself).
      if (own(entry, 'path') !== undefined) continue;
      const pin = /^===?\s*(\S+)$/.exec(stringField(entry, 'version') ?? '');
      if (pin && validPep440(pin[1])) {
        result.packages.push({
          name,
          version: pin[1],
          dev: section === 'develop',
        });
      } else {
        result.unpinned.push(name);
      }
    }
  }
  return result;
}
