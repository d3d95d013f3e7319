import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { AdvisorySource } from '../../advisories';
import type {
  RegistryHealthSource,
  RegistryLicenseSource,
} from '../../registries';
import {
  createPathExclusion,
  EXCLUDE_PATHS_ANNOTATION,
  readLocalRepository,
  readRemoteRepository,
  type RepositoryLocation,
  type RepositoryReadOptions,
  type RepositorySnapshot,
  resolveSourceLocation,
} from '../../repository';
import type {
  CollectedEvidence,
  CollectorContext,
  ReadinessCollector,
} from '../types';
import { repositoryEvidence } from './analyzeRepository';
import {
  findParsedLockfiles,
  type RepositoryInventoryStore,
  restoreFacts,
  revisionKeyOf,
  toStoredInventory,
  uniqueStoredPackages,
} from './inventory';
import {
  inThreadRepositoryAnalyzer,
  type RepositoryAnalyzer,
} from './repositoryAnalyzer';
import type { RepositoryFacts } from './repositoryFacts';
import {
  createRepositoryFileFilter,
  type RepositoryAnalysisPatterns,
} from './repositoryPatterns';

const EVIDENCE_KEYS = [
  'vulnerabilities',
  'dependency-health',
  'repository-files',
  'todo-markers',
  'pipeline',
  'coverage',
  'licenses',
] as const;

/**
 * Options of {@link createRepositoryCollector}.
 *
 * @public
 */
export interface RepositoryCollectorOptions extends RepositoryAnalysisPatterns {
  advisories: AdvisorySource;
  /** npm deprecations and crates.io yanks; reported unchecked when absent. */
  registries?: RegistryHealthSource;
  /** Declared licenses from npm, PyPI and crates.io; SBOM licenses only when absent. */
  licenses?: RegistryLicenseSource;
  /** Local directories repositories may be read from; none by default. */
  allowedLocalRoots?: string[];
  limits?: Pick<
    RepositoryReadOptions,
    'maxFileBytes' | 'maxTotalBytes' | 'maxFiles'
  >;
  /** How long the evidence stays fresh; default 2 days. */
  freshForMs?: number;
  /** Where files are parsed; default on the calling thread. */
  analyzer?: RepositoryAnalyzer;
  /**
   * Where parsed inventories are kept between cycles (the backend's
   * database): repositories are then read conditionally on their etag,
   * identical lockfiles are parsed once, and advisories are asked once per
   * cycle for every stored package. Without it (the CLI) every collection
   * reads and parses the repository.
   */
  inventory?: RepositoryInventoryStore;
}

/**
 * The built-in `repository` collector: reads the entity's repository (from
 * `backstage.io/source-location`, through the UrlReader or from an allowed
 * local directory) and analyses lockfiles, advisories, docs, policy files,
 * tests, coverage reports, TODO markers and CI configuration. Invalid
 * patterns throw here, when the backend starts.
 *
 * @public
 */
export function createRepositoryCollector(
  options: RepositoryCollectorOptions,
): ReadinessCollector {
  const include = createRepositoryFileFilter(options);
  const patterns: RepositoryAnalysisPatterns = {
    sourceExtensions: options.sourceExtensions,
    todoGlobs: options.todoGlobs,
    deployPatterns: options.deployPatterns,
  };
  const { inventory } = options;
  const analyzer = options.analyzer ?? inThreadRepositoryAnalyzer;

  /** What decides which files of the entity's repository are read. */
  function readSettings(entity: Entity) {
    const location = resolveSourceLocation(entity);
    const excluded =
      entity.metadata.annotations?.[EXCLUDE_PATHS_ANNOTATION] ?? '';
    const revisionKey =
      location.type === 'none'
        ? undefined
        : revisionKeyOf(
            location.type === 'url' ? location.url : `dir:${location.path}`,
            [
              excluded,
              options.limits ?? {},
              {
                ...patterns,
                deployPatterns: patterns.deployPatterns?.map(String),
              },
            ],
          );
    return { location, excluded, revisionKey };
  }

  async function read(
    location: RepositoryLocation,
    readOptions: RepositoryReadOptions,
    urlReader: UrlReaderService,
  ): Promise<RepositorySnapshot> {
    if (location.type === 'none') {
      throw new Error(location.reason);
    } else if (location.type === 'local') {
      return readLocalRepository(
        location.path,
        options.allowedLocalRoots ?? [],
        readOptions,
      );
    }
    return readRemoteRepository(urlReader, location.url, readOptions);
  }

  /**
   * The repository's facts: from the stored inventory when the repository
   * answers not modified to its stored etag (one conditional request, no
   * parsing), otherwise read and parsed, lockfiles already stored by
   * content reused, and stored for next time.
   */
  async function readFacts(
    entity: Entity,
    ctx: CollectorContext,
    { mustStore = false, storeOnly = false } = {},
  ): Promise<RepositoryFacts> {
    const { location, excluded, revisionKey } = readSettings(entity);
    const kept = createPathExclusion(
      excluded.split(','),
      `annotation ${EXCLUDE_PATHS_ANNOTATION}`,
    );
    const readOptions: RepositoryReadOptions = {
      include: path => include(path) && kept(path),
      signal: ctx.signal,
      ...options.limits,
    };
    const stored =
      inventory && revisionKey
        ? await inventory.getRevision(revisionKey, {
            entityRef: stringifyEntityRef(entity),
          })
        : undefined;
    let snapshot: RepositorySnapshot | undefined;
    try {
      if (stored?.etag && location.type === 'url') {
        try {
          snapshot = await read(
            location,
            { ...readOptions, etag: stored.etag },
            ctx.urlReader,
          );
        } catch (error) {
          if ((error as Error)?.name !== 'NotModifiedError') {
            throw error;
          }
          if (storeOnly) {
            // The read phase keeps no facts: the stored revision is current,
            // and the match phase restores it (or reads again if it cannot).
            return stored.facts;
          }
          const facts = await restoreFacts(stored, inventory!);
          if (facts) {
            return facts;
          }
          ctx.logger.warn(
            'A stored lockfile of the unchanged repository is gone; reading it again',
          );
        }
      }
      snapshot ??= await read(location, readOptions, ctx.urlReader);
    } catch (error) {
      // Thrown, so the backend keeps the last evidence, marked stale with
      // this reason, rather than replacing it.
      throw new Error(
        `could not read the repository: ${(error as Error).message}`,
      );
    }
    const found = inventory
      ? await findParsedLockfiles(snapshot, inventory)
      : undefined;
    const facts = await analyzer.analyze(snapshot, patterns, {
      signal: ctx.signal,
      parsedLockfiles: found?.parsed,
    });
    const toStore =
      inventory && found && revisionKey
        ? toStoredInventory(facts, snapshot, found.keys)
        : undefined;
    if (toStore) {
      try {
        await inventory!.saveLockfiles(toStore.lockfiles);
        await inventory!.saveRevision(revisionKey!, toStore.revision, {
          entityRef: stringifyEntityRef(entity),
        });
      } catch (error) {
        if (mustStore) {
          // The phase that matches would find an older revision: stale
          // evidence with the reason is honest, an old inventory is not.
          throw new Error(
            `could not store the repository inventory: ${(error as Error).message}`,
          );
        }
        // The evidence is still right; the next cycle reads it again.
        ctx.logger.warn(
          `Could not store the repository inventory: ${(error as Error).message}`,
        );
      }
    }
    return facts;
  }

  /**
   * The facts the read phase of this cycle stored; read again (a warning)
   * only when they are gone, which a concurrent cleanup could cause.
   */
  async function storedFacts(
    entity: Entity,
    ctx: CollectorContext,
  ): Promise<RepositoryFacts> {
    const { revisionKey } = readSettings(entity);
    const stored =
      inventory && revisionKey
        ? await inventory.getRevision(revisionKey)
        : undefined;
    const facts = stored ? await restoreFacts(stored, inventory!) : undefined;
    if (facts) {
      return facts;
    }
    ctx.logger.warn(
      'The repository inventory stored in this cycle is gone; reading it again',
    );
    return readFacts(entity, ctx);
  }

  function evidenceOf(
    entity: Entity,
    facts: RepositoryFacts,
    ctx: CollectorContext,
  ): Promise<CollectedEvidence[]> {
    const location = resolveSourceLocation(entity);
    return repositoryEvidence(facts, {
      ...patterns,
      advisories: options.advisories,
      registries: options.registries,
      licenses: options.licenses,
      now: ctx.now,
      freshForMs: options.freshForMs,
      link: location.type === 'url' ? location.url : undefined,
      signal: ctx.signal,
    });
  }

  return {
    id: 'repository',
    title: 'Repository and dependencies',
    evidenceKeys: [...EVIDENCE_KEYS],
    appliesTo: entity =>
      Boolean(entity.metadata.annotations?.['backstage.io/source-location']),
    async collect(entity, ctx): Promise<CollectedEvidence[]> {
      return evidenceOf(entity, await readFacts(entity, ctx), ctx);
    },
    // With a store, a cycle reads every repository before the advisory
    // pre-pass, so that even a first cycle asks for each package once, in
    // full batches, and matches against what it stored.
    phases: inventory
      ? {
          async read(entity, ctx) {
            await readFacts(entity, ctx, { mustStore: true, storeOnly: true });
          },
          async collectStored(entity, ctx) {
            return evidenceOf(entity, await storedFacts(entity, ctx), ctx);
          },
        }
      : undefined,
    /**
     * Asks the advisory source once for every package of the stored
     * inventories of the cycle's entities, so their lookups are answered
     * from its cache (for OSV: full batch calls, then each advisory once);
     * a directory source reads its records again.
     */
    async prepareCycle(entities, ctx) {
      if (!options.advisories.prefetch) {
        return;
      }
      const revisionKeys = inventory
        ? entities.flatMap(entity => readSettings(entity).revisionKey ?? [])
        : [];
      const packages = inventory
        ? await uniqueStoredPackages(inventory, revisionKeys)
        : [];
      await options.advisories.prefetch(packages, { signal: ctx.signal });
      ctx.logger.info(
        `Asked the advisory source for ${packages.length} unique package versions of ${revisionKeys.length} stored repository inventories`,
      );
    },
  };
}
