import {
  fail,
  isRecord,
  jsonObject,
  own,
  ParsedLockfile,
  stringField,
} from './util';

/**
 * composer.lock: `packages` are production, `packages-dev` dev. A leading
 * `v` is dropped from versions (`v6.3.0` is `6.3.0` in advisories). Branch
 * versions (`dev-main`, `2.x-dev`) are unpinned: no release matches them.
 * Packages installed from a local `path` repository are the project's own.
 *
 * @internal
 */
export function parseComposerLock(content: string): ParsedLockfile {
  const doc = jsonObject(content);
  if (!Array.isArray(own(doc, 'packages'))) {
    fail('not a composer.lock: no packages array');
  }
  const result: ParsedLockfile = { packages: [], unpinned: [] };
  for (const [section, dev] of [
    ['packages', false],
    ['packages-dev', true],
  ] as const) {
    const list = own(doc, section) ?? [];
    if (!Array.isArray(list)) fail(`${section} is not an array`);
    list.forEach((entry: unknown, index: number) => {
      const name = isRecord(entry) ? stringField(entry, 'name') : undefined;
      const version = isRecord(entry)
        ? stringField(entry, 'version')
        : undefined;
      if (!name || !version) {
        fail(`${section}[${index}] has no name or version`);
      }
      const dist = own(entry as Record<string, unknown>, 'dist');
      if (isRecord(dist) && own(dist, 'type') === 'path') return;
      if (/^dev-|-dev$/.test(version) || !/^v?\d/.test(version)) {
        result.unpinned.push(name);
        return;
      }
      const license = composerLicense(
        own(entry as Record<string, unknown>, 'license'),
      );
      result.packages.push({
        name,
        version: version.replace(/^v/, ''),
        dev,
        ...(license ? { license } : {}),
      });
    });
  }
  return result;
}

/**
 * composer.lock copies each package's `license`: an array of SPDX ids or
 * expressions, several meaning the user may choose (dual licensing), so
 * they are joined with OR.
 */
function composerLicense(value: unknown): string | undefined {
  const parts = (Array.isArray(value) ? value : [value])
    .filter((part): part is string => typeof part === 'string')
    .map(part => part.trim())
    .filter(Boolean);
  if (parts.length <= 1) return parts[0];
  return parts.map(part => (/\s/.test(part) ? `(${part})` : part)).join(' OR ');
}
