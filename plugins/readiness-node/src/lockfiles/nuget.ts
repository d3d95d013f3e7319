import { isNugetVersion } from '../advisories/nugetVersion';
import {
  fail,
  isRecord,
  jsonObject,
  own,
  ParsedLockfile,
  stringField,
} from './util';

/**
 * NuGet packages.lock.json. The same package is listed once per target
 * framework and runtime (`net8.0`, `net8.0/linux-x64`): it counts once per
 * resolved version. `Project` entries are other projects of the solution,
 * not packages. One without a valid `resolved` version is unpinned. The file
 * does not say which packages are only for development.
 *
 * @internal
 */
export function parseNugetLock(content: string): ParsedLockfile {
  const doc = jsonObject(content);
  const frameworks = own(doc, 'dependencies');
  if (typeof own(doc, 'version') !== 'number' || !isRecord(frameworks)) {
    fail('not a packages.lock.json: no version or dependencies');
  }
  const result: ParsedLockfile = { packages: [], unpinned: [] };
  for (const [framework, deps] of Object.entries(frameworks)) {
    if (!isRecord(deps)) fail(`dependencies["${framework}"] is not an object`);
    for (const [name, entry] of Object.entries(deps)) {
      if (!isRecord(entry)) {
        fail(`dependencies["${framework}"]["${name}"] is not an object`);
      }
      if (own(entry, 'type') === 'Project') continue;
      const version = stringField(entry, 'resolved');
      if (version && isNugetVersion(version)) {
        result.packages.push({ name, version, dev: undefined });
      } else {
        result.unpinned.push(name);
      }
    }
  }
  return result;
}
