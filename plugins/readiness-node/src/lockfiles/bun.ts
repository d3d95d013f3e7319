import {
  parse as parseJsonc,
  ParseError,
  printParseErrorCode,
} from 'jsonc-parser';
import semver from 'semver';
import { fail, isRecord, lineAt, own, ParsedLockfile } from './util';

function parseBunJsonc(content: string): Record<string, unknown> {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(content, errors, {
    allowTrailingComma: true,
    disallowComments: false,
  });
  const [error] = errors;
  if (error) {
    fail(
      `invalid JSONC at line ${lineAt(content, error.offset)} (${printParseErrorCode(error.error)})`,
    );
  }
  if (!isRecord(value)) fail('expected a JSON object at the top level');
  return value;
}

// Sources that are not a registry release: local code (workspace, link,
// file, root) and git checkouts, which no advisory range describes.
const LOCAL_OR_GIT =
  /^(workspace|link|file|root|portal|github|gitlab|bitbucket|git\+[a-z]+|git):/;

/**
 * bun.lock, Bun's text lockfile (JSONC: trailing commas). Each `packages`
 * value starts with `name@version`; the key is the install path, so the
 * name comes from the value (it differs for aliases). Workspace, link, file
 * and git entries are left out; a tarball URL or any other non-version is
 * unpinned. bun.lock does not record which packages only dev dependencies
 * need.
 *
 * @internal
 */
export function parseBunLock(content: string): ParsedLockfile {
  const doc = parseBunJsonc(content);
  if (typeof own(doc, 'lockfileVersion') !== 'number') {
    fail('not a bun.lock: no lockfileVersion');
  }
  const entries = own(doc, 'packages') ?? {};
  if (!isRecord(entries)) fail('packages is not an object');
  const result: ParsedLockfile = { packages: [], unpinned: [] };
  for (const [key, entry] of Object.entries(entries)) {
    const spec = Array.isArray(entry) ? entry[0] : undefined;
    if (typeof spec !== 'string')
      fail(`packages["${key}"] has no name@version`);
    const at = spec.indexOf('@', 1);
    const name = at > 0 ? spec.slice(0, at) : '';
    const version = at > 0 ? spec.slice(at + 1) : '';
    if (!name) fail(`packages["${key}"] has no name@version`);
    if (LOCAL_OR_GIT.test(version)) continue;
    if (semver.valid(version)) {
      result.packages.push({ name, version, dev: undefined });
    } else {
      result.unpinned.push(name);
    }
  }
  return result;
}
