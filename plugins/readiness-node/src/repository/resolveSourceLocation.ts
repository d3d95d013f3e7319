import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  type Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where an entity's repository is: a local directory, a URL for the
 * UrlReaderService, or why neither could be determined.
 *
 * @public
 */
export type RepositoryLocation =
  | { type: 'local'; path: string }
  | { type: 'url'; url: string }
  | { type: 'none'; reason: string };

/** The file a `file:` location points at, as a path. */
function filePath(target: string) {
  return target.startsWith('file:') ? fileURLToPath(target) : target;
}

function isFileLocation(ref: string) {
  try {
    return parseLocationRef(ref).type === 'file';
  } catch {
    return false;
  }
}

/**
 * Reads `backstage.io/source-location`. A relative `dir:` target is resolved
 * against the location the entity was read from (its
 * `backstage.io/managed-by-location`), as TechDocs does for `dir:` refs; a
 * `url:` target is used as is. An absolute `dir:` or `file:` target is
 * honoured only when the entity was registered from a file (its
 * `managed-by-location` is `file:`).
 *
 * @public
 */
export function resolveSourceLocation(entity: Entity): RepositoryLocation {
  const annotations = entity.metadata.annotations ?? {};
  const source = annotations[ANNOTATION_SOURCE_LOCATION];
  if (!source) {
    return {
      type: 'none',
      reason: `no ${ANNOTATION_SOURCE_LOCATION} annotation`,
    };
  }
  let ref;
  try {
    ref = parseLocationRef(source);
  } catch (error) {
    return {
      type: 'none',
      reason: `invalid ${ANNOTATION_SOURCE_LOCATION}: ${(error as Error).message}`,
    };
  }
  if (ref.type === 'url') {
    return { type: 'url', url: ref.target };
  }
  if (ref.type !== 'dir' && ref.type !== 'file') {
    return {
      type: 'none',
      reason: `unsupported ${ANNOTATION_SOURCE_LOCATION} type '${ref.type}'`,
    };
  }
  const managedBy = annotations[ANNOTATION_LOCATION];
  if (isAbsolute(ref.target)) {
    // Local roots are for entities registered from files: one registered
    // from a URL is written by whoever controls that URL.
    if (!managedBy || !isFileLocation(managedBy)) {
      return {
        type: 'none',
        reason: `absolute ${source} is honoured only for an entity whose ${ANNOTATION_LOCATION} is a file: location`,
      };
    }
    return { type: 'local', path: ref.target };
  }

  if (!managedBy) {
    return {
      type: 'none',
      reason: `relative ${source} without ${ANNOTATION_LOCATION} to resolve it against`,
    };
  }
  try {
    const base = parseLocationRef(managedBy);
    if (base.type === 'file') {
      return {
        type: 'local',
        path: resolve(dirname(filePath(base.target)), ref.target),
      };
    }
    if (base.type === 'url') {
      return { type: 'url', url: new URL(ref.target, base.target).toString() };
    }
  } catch (error) {
    return {
      type: 'none',
      reason: `cannot resolve ${source}: ${(error as Error).message}`,
    };
  }
  return {
    type: 'none',
    reason: `cannot resolve ${source} against ${managedBy}`,
  };
}
