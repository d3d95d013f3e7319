import { addPythonPackage, normalizePythonName } from './python';
import {
  fail,
  isRecord,
  own,
  ParsedLockfile,
  parseToml,
  stringField,
} from './util';

/**
 * pylock.toml (PEP 751). A `directory` package is a local project (the one
 * being locked, usually editable) and is left out; a package without a valid
 * `version` (allowed for VCS and archive sources) is unpinned. Which packages
 * belong to a dependency group is written as environment markers, not read
 * here, so scope is unknown.
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
  const result: ParsedLockfile = { packages: [], unpinned: [] };
  entries.forEach((entry: unknown, index: number) => {
    const rawName = isRecord(entry) ? stringField(entry, 'name') : undefined;
    if (!rawName) fail(`packages #${index + 1} has no name`);
    const record = entry as Record<string, unknown>;
    if (own(record, 'directory') !== undefined) return;
    const name = normalizePythonName(rawName);
    const version = stringField(record, 'version');
    addPythonPackage(result, name, version, undefined);
  });
  return result;
}
