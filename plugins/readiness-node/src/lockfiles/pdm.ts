import { addPythonPackage, normalizePythonName } from './python';
import {
  beforeFirst,
  fail,
  isRecord,
  own,
  ParsedLockfile,
  parseToml,
  stringField,
} from './util';

/**
 * pdm.lock. A package locked with extras has one row per extras set, all of
 * the same name and version: they count once (older locks wrote the extras
 * into the name, `name[extra]`). Local `path` packages (the project itself,
 * editable or not) are left out. Since lock_version 4.4 each row names its
 * `groups`: production when `default` is among them, dev otherwise; older
 * locks do not say.
 *
 * @internal
 */
export function parsePdmLock(content: string): ParsedLockfile {
  const doc = parseToml(content);
  if (!isRecord(own(doc, 'metadata'))) fail('not a pdm.lock: no [metadata]');
  const entries = own(doc, 'package') ?? [];
  if (!Array.isArray(entries)) fail('package is not an array of tables');
  const result: ParsedLockfile = { packages: [], unpinned: [] };
  entries.forEach((entry: unknown, index: number) => {
    const rawName = isRecord(entry) ? stringField(entry, 'name') : undefined;
    if (!rawName) fail(`package #${index + 1} has no name`);
    const record = entry as Record<string, unknown>;
    if (own(record, 'path') !== undefined) return;
    const name = normalizePythonName(beforeFirst(rawName, '[').trim());
    if (!name) fail(`package #${index + 1} has no name`);
    const version = stringField(record, 'version');
    const groups = own(record, 'groups');
    const dev = Array.isArray(groups) ? !groups.includes('default') : undefined;
    addPythonPackage(result, name, version, dev);
  });
  return result;
}
