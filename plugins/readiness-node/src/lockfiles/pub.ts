import semver from 'semver';
import {
  fail,
  isRecord,
  own,
  ParsedLockfile,
  parseYamlMapping,
  stringField,
} from './util';

const SCOPES: Record<string, boolean> = {
  'direct main': false,
  'direct overridden': false,
  'direct dev': true,
};

/**
 * pubspec.lock. Only `hosted` packages are releases in the Pub ecosystem;
 * `git` ones are unpinned (their version is the checkout's pubspec, not a
 * release), `path` and `sdk` ones are the project's own code and the SDK.
 * `direct dev` dependencies are dev and direct ones production; the file
 * does not say which transitive packages only dev dependencies need.
 *
 * @internal
 */
export function parsePubspecLock(content: string): ParsedLockfile {
  // pub writes both keys at the start of a line; checking first spares
  // other files the YAML parse, seconds for a hostile one.
  if (!/^(?:packages|sdks):/m.test(content)) {
    fail('not a pubspec.lock: no packages or sdks');
  }
  const doc = parseYamlMapping(content);
  const entries = own(doc, 'packages');
  if (entries === undefined && !isRecord(own(doc, 'sdks'))) {
    fail('not a pubspec.lock: no packages or sdks');
  }
  if (entries !== undefined && entries !== null && !isRecord(entries)) {
    fail('packages is not a mapping');
  }
  const result: ParsedLockfile = { packages: [], unpinned: [] };
  for (const [key, entry] of Object.entries(entries ?? {})) {
    if (!isRecord(entry)) fail(`packages.${key} is not a mapping`);
    const source = stringField(entry, 'source');
    if (source === 'path' || source === 'sdk') continue;
    const description = own(entry, 'description');
    const name =
      (isRecord(description) ? stringField(description, 'name') : undefined) ??
      key;
    const version = stringField(entry, 'version');
    if (source !== 'hosted' || !version || !semver.valid(version)) {
      result.unpinned.push(name);
      continue;
    }
    const dependency = stringField(entry, 'dependency') ?? '';
    result.packages.push({
      name,
      version,
      dev: Object.hasOwn(SCOPES, dependency) ? SCOPES[dependency] : undefined,
    });
  }
  return result;
}
