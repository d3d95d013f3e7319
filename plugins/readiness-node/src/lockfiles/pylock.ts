import { addPythonPackage, normalizePythonName } from './python';
import {
  fail,
  isRecord,
  own,
  ParsedLockfile,
  parseToml,
  stringField,
} from './util';

// `'test' in dependency_groups`, alone or or-ed with more of the same.
const GROUP_CLAUSE = /^(['"])([^'"]+)\1 in dependency_groups$/;

/**
 * Scope from a package's marker: none, or one about the environment only,
 * installs it by default (production); one that only names dependency groups
 * outside `default-groups` installs it for those groups only (dev). Other
 * markers (extras, groups mixed with conditions) are not decided.
 */
function scopeOf(
  marker: string | undefined,
  defaultGroups: readonly string[],
): boolean | undefined {
  if (marker === undefined || !/dependency_groups|extras/.test(marker)) {
    return false;
  }
  const groups = marker
    .replace(/\s+/g, ' ')
    .split(' or ')
    .map(clause => GROUP_CLAUSE.exec(clause.trim()));
  if (groups.some(group => !group)) return undefined;
  return groups.every(group => !defaultGroups.includes(group![2]));
}

/**
 * pylock.toml (PEP 751). A `directory` package is a local project (the one
 * being locked, usually editable) and is left out; a package without a valid
 * `version` (allowed for VCS and archive sources) is unpinned. Scope comes
 * from each package's marker (see {@link scopeOf}).
 *
 * @internal
 */
export function parsePylock(content: string): ParsedLockfile {
  const doc = parseToml(content);
  if (typeof own(doc, 'lock-version') !== 'string') {
    fail('not a pylock.toml: no lock-version');
  }
  const entries = own(doc, 'packages') ?? [];
  if (!Array.isArray(entries)) fail('packages is not an array of tables');
  const defaults = own(doc, 'default-groups');
  const defaultGroups = Array.isArray(defaults)
    ? defaults.filter((g): g is string => typeof g === 'string')
    : [];
  const result: ParsedLockfile = { packages: [], unpinned: [] };
  entries.forEach((entry: unknown, index: number) => {
    const rawName = isRecord(entry) ? stringField(entry, 'name') : undefined;
    if (!rawName) fail(`packages #${index + 1} has no name`);
    const record = entry as Record<string, unknown>;
    if (own(record, 'directory') !== undefined) return;
    const name = normalizePythonName(rawName);
    const version = stringField(record, 'version');
    const marker = own(record, 'marker');
    const dev =
      marker === undefined || typeof marker === 'string'
        ? scopeOf(marker, defaultGroups)
        : undefined;
    addPythonPackage(result, name, version, dev);
  });
  return result;
}
