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
  type RepositoryReadOptions,
  type RepositorySnapshot,
  resolveSourceLocation,
} from '../../repository';
import type { CollectedEvidence, ReadinessCollector } from '../types';
import { analyzeRepository } from './analyzeRepository';
import type { RepositoryAnalyzer } from './repositoryAnalyzer';
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
  return {
    id: 'repository',
    title: 'Repository and dependencies',
    evidenceKeys: [...EVIDENCE_KEYS],
    appliesTo: entity =>
      Boolean(entity.metadata.annotations?.['backstage.io/source-location']),
    async collect(entity, ctx): Promise<CollectedEvidence[]> {
      const location = resolveSourceLocation(entity);
      const kept = createPathExclusion(
        (entity.metadata.annotations?.[EXCLUDE_PATHS_ANNOTATION] ?? '').split(
          ',',
        ),
        `annotation ${EXCLUDE_PATHS_ANNOTATION}`,
      );
      const readOptions: RepositoryReadOptions = {
        include: path => include(path) && kept(path),
        signal: ctx.signal,
        ...options.limits,
      };
      let snapshot: RepositorySnapshot;
      let link: string | undefined;
      try {
        if (location.type === 'none') {
          throw new Error(location.reason);
        } else if (location.type === 'local') {
          snapshot = await readLocalRepository(
            location.path,
            options.allowedLocalRoots ?? [],
            readOptions,
          );
        } else {
          link = location.url;
          snapshot = await readRemoteRepository(
            ctx.urlReader,
            location.url,
            readOptions,
          );
        }
      } catch (error) {
        // Thrown, so the backend keeps the last evidence, marked stale with
        // this reason, rather than replacing it.
        throw new Error(
          `could not read the repository: ${(error as Error).message}`,
        );
      }
      return analyzeRepository(snapshot, {
        ...patterns,
        advisories: options.advisories,
        registries: options.registries,
        licenses: options.licenses,
        now: ctx.now,
        freshForMs: options.freshForMs,
        link,
        signal: ctx.signal,
        analyzer: options.analyzer,
      });
    },
  };
}
