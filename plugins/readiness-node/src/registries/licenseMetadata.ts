import { isRecord } from '../advisories/osvCache';
import { npmPackagePath } from './registryMetadata';

// PEP 508 names; PyPI answers for any spelling of a normalised name.
const PYPI_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,200}[A-Za-z0-9])?$/;
// crates.io: ASCII letters, digits, `-` and `_`, at most 64 characters.
const CRATE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
// Versions go in one path segment: no separators, no dot segments.
const VERSION = /^[A-Za-z0-9][A-Za-z0-9.+_~!-]{0,127}$/;

/** The registries asked for licenses, by OSV ecosystem. */
export type LicenseRegistryEcosystem = 'npm' | 'PyPI' | 'crates.io';

/**
 * The path of one version's metadata under a registry's base URL: npm's
 * `/<name>/<version>`, PyPI's JSON API `/pypi/<name>/<version>/json`,
 * crates.io's `/api/v1/crates/<name>/<version>`. Undefined for a name or
 * version the registry would never publish, which a hostile lockfile may
 * hold.
 */
export function licenseMetadataPath(
  ecosystem: LicenseRegistryEcosystem,
  name: string,
  version: string,
): string | undefined {
  if (!VERSION.test(version)) return undefined;
  const v = encodeURIComponent(version);
  switch (ecosystem) {
    case 'npm': {
      const path = npmPackagePath(name);
      return path && `${path}/${v}`;
    }
    case 'PyPI':
      return PYPI_NAME.test(name)
        ? `/pypi/${encodeURIComponent(name)}/${v}/json`
        : undefined;
    case 'crates.io':
      return CRATE_NAME.test(name)
        ? `/api/v1/crates/${encodeURIComponent(name)}/${v}`
        : undefined;
    default:
      return undefined;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : undefined;
}

/** npm's `license`, or the legacy `{ type }` and `licenses: [{ type }]` forms (all must hold). */
function npmLicense(body: Record<string, unknown>): string | undefined {
  const license = body.license;
  if (isRecord(license)) return text(license.type);
  if (license !== undefined) return text(license);
  if (Array.isArray(body.licenses)) {
    const types = body.licenses
      .map(l => (isRecord(l) ? text(l.type) : undefined))
      .filter((t): t is string => t !== undefined);
    return types.length > 0 ? types.join(' AND ') : undefined;
  }
  return undefined;
}

/**
 * The declared license in one version's registry metadata; undefined when
 * the registry states none. Throws when the body is not that version's
 * metadata.
 */
export function parseLicenseMetadata(
  ecosystem: LicenseRegistryEcosystem,
  body: unknown,
  name: string,
  version: string,
): string | undefined {
  if (!isRecord(body)) {
    throw new Error(`the metadata of ${name} ${version} is not an object`);
  }
  switch (ecosystem) {
    case 'npm':
      if (body.name !== name || body.version !== version) {
        throw new Error(
          `the npm metadata asked for ${name} ${version} is for another version`,
        );
      }
      return npmLicense(body);
    case 'PyPI': {
      const info = body.info;
      if (!isRecord(info) || info.version !== version) {
        throw new Error(
          `the PyPI metadata asked for ${name} ${version} is for another version`,
        );
      }
      // PEP 639's SPDX expression first; the free-text field otherwise.
      return text(info.license_expression) ?? text(info.license);
    }
    case 'crates.io': {
      const entry = body.version;
      if (!isRecord(entry) || entry.num !== version) {
        throw new Error(
          `the crates.io metadata asked for ${name} ${version} is for another version`,
        );
      }
      return text(entry.license);
    }
    default:
      return undefined;
  }
}
