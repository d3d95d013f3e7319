import semver from 'semver';
import {
  fail,
  isRecord,
  jsonObject,
  own,
  ParsedLockfile,
  stringField,
} from './util';

/**
 * The SwiftURL package name of a repository URL, as OSV spells it: no
 * scheme, user or `.git` (`https://github.com/apple/swift-nio.git` is
 * `github.com/apple/swift-nio`; `git@github.com:apple/swift-nio.git` too).
 *
 * @internal
 */
export function swiftPackageName(url: string): string {
  const scp = /^[^@/\s]+@([^:/\s]+):(?!\/)(.*)$/.exec(url);
  const bare = scp
    ? `${scp[1]}/${scp[2]}`
    : url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^@/]*@/, '');
  let end = bare.length;
  while (end > 0 && bare[end - 1] === '/') end -= 1;
  return bare.slice(0, end).replace(/\.git$/, '');
}

interface Pin {
  identity: string;
  location: string | undefined;
  kind: string | undefined;
  state: Record<string, unknown>;
}

function pinsOf(doc: Record<string, unknown>): Pin[] {
  const version = own(doc, 'version');
  if (version === 1) {
    const object = own(doc, 'object');
    const pins = isRecord(object) ? own(object, 'pins') : undefined;
    if (!Array.isArray(pins)) fail('not a Package.resolved: no object.pins');
    return pins.map((pin: unknown, index: number) => {
      if (!isRecord(pin)) fail(`pin #${index + 1} is not an object`);
      const location = stringField(pin, 'repositoryURL');
      const state = own(pin, 'state');
      return {
        identity: stringField(pin, 'package') ?? location ?? '',
        location,
        kind: 'remoteSourceControl',
        state: isRecord(state) ? state : {},
      };
    });
  }
  if (version === 2 || version === 3) {
    const pins = own(doc, 'pins');
    if (!Array.isArray(pins)) fail('not a Package.resolved: no pins');
    return pins.map((pin: unknown, index: number) => {
      if (!isRecord(pin)) fail(`pin #${index + 1} is not an object`);
      const location = stringField(pin, 'location');
      const state = own(pin, 'state');
      return {
        identity: stringField(pin, 'identity') ?? location ?? '',
        location,
        kind: stringField(pin, 'kind'),
        state: isRecord(state) ? state : {},
      };
    });
  }
  return fail('not a Package.resolved of version 1, 2 or 3');
}

/**
 * Swift Package Manager's Package.resolved, formats 1, 2 and 3. A pin of a
 * remote repository at a release version is a SwiftURL package named by its
 * URL ({@link swiftPackageName}). A pin on a branch or a bare revision has
 * no release version, and a registry pin (`scope.name`) no repository URL:
 * both are unpinned. Local repositories are the project's own code. The file
 * has no notion of dev dependencies.
 *
 * @internal
 */
export function parsePackageResolved(content: string): ParsedLockfile {
  const result: ParsedLockfile = { packages: [], unpinned: [] };
  for (const [index, pin] of pinsOf(jsonObject(content)).entries()) {
    if (!pin.identity) fail(`pin #${index + 1} has no identity or location`);
    if (pin.kind === 'localSourceControl' || pin.kind === 'fileSystem') {
      continue;
    }
    const version = stringField(pin.state, 'version');
    const remote = pin.kind === 'remoteSourceControl' && pin.location;
    if (remote && version && semver.valid(version)) {
      result.packages.push({
        name: swiftPackageName(pin.location!),
        version,
        dev: undefined,
      });
    } else {
      result.unpinned.push(
        pin.location ? swiftPackageName(pin.location) : pin.identity,
      );
    }
  }
  return result;
}
