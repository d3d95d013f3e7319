import type { AdvisorySource } from '../advisories';
import type {
  RegistryHealthSource,
  RegistryLicenseSource,
} from '../registries';
import {
  createCatalogCollector,
  createRepositoryCollector,
  type RepositoryCollectorOptions,
} from '../collectors';
import type { ReadinessCollector } from '../collectors/types';

/**
 * Options of {@link createBuiltInCollectors}: the `readiness.repository`
 * block of app-config, and the advisory source.
 *
 * @public
 */
export interface BuiltInCollectorsOptions {
  /** From {@link createAdvisorySource}. */
  advisories: AdvisorySource;
  /**
   * From {@link createRegistryHealthSource}; without it npm deprecations
   * and crates.io yanks are reported unchecked.
   */
  registries?: RegistryHealthSource;
  /**
   * A {@link RegistryLicenseClient}; without it only the licenses SBOMs
   * state are known.
   */
  licenses?: RegistryLicenseSource;
  /** Where repositories may be read from, read limits and patterns. */
  repository?: Omit<
    RepositoryCollectorOptions,
    'advisories' | 'registries' | 'licenses' | 'freshForMs'
  >;
}

/**
 * The built-in collectors the backend runs, in order: `catalog` (the
 * entity's own metadata) and `repository` (lockfiles and advisories, docs,
 * policy files, TODO markers, CI). `readiness scan` runs the same ones, so
 * its evidence, and the lifetime of that evidence, is the portal's.
 *
 * @public
 */
export function createBuiltInCollectors(
  options: BuiltInCollectorsOptions,
): ReadinessCollector[] {
  return [
    createCatalogCollector(),
    createRepositoryCollector({
      ...options.repository,
      advisories: options.advisories,
      registries: options.registries,
      licenses: options.licenses,
    }),
  ];
}
