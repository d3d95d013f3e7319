import {
  fail,
  isRecord,
  ParsedLockfile,
  parseToml,
  RawPackage,
  stringField,
} from './util';

/**
 * Cargo.lock v1 to v4. v1's `[metadata]` checksum table is ignored (it only
 * repeats names and versions). Packages without a `source` are the
 * workspace's own crates and path dependencies: they are not published, so
 * no advisory can apply to them, and they are left out. Git dependencies
 * have a source and are kept. Cargo.lock does not record dev-ness.
 *
 * @internal
 */
export function parseCargoLock(content: string): ParsedLockfile {
  const doc = parseToml(content);
  const entries = doc.package;
  if (!Array.isArray(entries)) fail('no [[package]] entries');
  const packages: RawPackage[] = [];
  entries.forEach((entry, index) => {
    const name = isRecord(entry) ? stringField(entry, 'name') : undefined;
    const version = isRecord(entry) ? stringField(entry, 'version') : undefined;
    if (!name || !version) {
      fail(`package #${index + 1} has no name or version`);
    }
    if (stringField(entry as Record<string, unknown>, 'source') === undefined) {
      return;
    }
    packages.push({ name, version, dev: undefined });
  });
  return { packages, unpinned: [] };
}
