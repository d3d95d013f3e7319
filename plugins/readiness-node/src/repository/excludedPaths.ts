import { posix } from 'node:path';

/**
 * Catalog annotation listing repository-relative directories the
 * `repository` collector leaves out, comma-separated: test fixtures and
 * examples that lock vulnerable versions on purpose, for example
 * `readiness/exclude-paths: src/lockfiles/__fixtures__, examples`.
 *
 * @public
 */
export const EXCLUDE_PATHS_ANNOTATION = 'readiness/exclude-paths';

/**
 * A filter that is true for repository paths inside none of `dirs`
 * (repository-relative directories). A directory that is absolute or climbs
 * out of the repository is refused with an error naming `source`, the option
 * or annotation it came from.
 *
 * @public
 */
export function createPathExclusion(
  dirs: readonly string[],
  source: string,
): (path: string) => boolean {
  const prefixes = dirs
    .map(dir => dir.trim())
    .filter(Boolean)
    .map(dir => {
      const normalized = posix.normalize(dir.replace(/\\/g, '/'));
      if (
        posix.isAbsolute(normalized) ||
        normalized === '..' ||
        normalized.startsWith('../')
      ) {
        throw new Error(
          `${source}: ${dir} must be a directory inside the repository`,
        );
      }
      return `${normalized.replace(/(?<!\/)\/+$/, '')}/`;
    });
  return path => !prefixes.some(prefix => `${path}/`.startsWith(prefix));
}
