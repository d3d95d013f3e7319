import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  DistributionResponse,
  EntitySummaryRow,
  SummariesQuery,
} from '@readiness/plugin-readiness-common';
import {
  InvalidCursorError,
  type ReadinessStore,
  type SummaryPage,
  type SummarySort,
} from '../database';
import type { CollectionRunner } from './CollectionRunner';

/**
 * Summaries and the distribution, limited to the entities the caller may read
 * in the catalog; the REST routes and the AI actions both read through it.
 *
 * @internal
 */
export interface SummaryService {
  /**
   * Which entities the caller may read in the catalog: undefined for all of
   * them. A conditional decision is left to the catalog, which applies its
   * own rules when queried with the caller's credentials.
   */
  readableEntityRefs(
    credentials: BackstageCredentials,
  ): Promise<string[] | undefined>;
  /** One page for a parsed `summariesQuerySchema` query; a bad cursor is a 400. */
  listSummaries(
    query: SummariesQuery,
    credentials: BackstageCredentials,
  ): Promise<SummaryPage>;
  /** The summaries of these entities that the caller may read. */
  listSummariesByRefs(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<EntitySummaryRow[]>;
  /** Counts per tier and stop-work, and the filter facets. */
  getDistribution(
    credentials: BackstageCredentials,
  ): Promise<DistributionResponse>;
}

/** @internal */
export function createSummaryService(options: {
  store: ReadinessStore;
  permissions: PermissionsService;
  runner: Pick<CollectionRunner, 'listReadableEntityRefs'>;
}): SummaryService {
  const { store, permissions, runner } = options;

  async function readableEntityRefs(credentials: BackstageCredentials) {
    const [decision] = await permissions.authorizeConditional(
      [{ permission: catalogEntityReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) {
      return undefined;
    }
    if (decision.result === AuthorizeResult.DENY) {
      return [];
    }
    return runner.listReadableEntityRefs(credentials);
  }

  return {
    readableEntityRefs,

    async listSummaries(query, credentials) {
      const readable = await readableEntityRefs(credentials);
      if (readable?.length === 0) {
        return { items: [], totalCount: 0 };
      }
      const one = (value: string | undefined) => (value ? [value] : undefined);
      try {
        return await store.listSummaries({
          entityRefs: readable,
          tier: query.tier ? [query.tier] : undefined,
          stopWork: query.stopWork,
          owner: one(query.owner),
          system: one(query.system),
          lifecycle: one(query.lifecycle),
          kind: one(query.kind),
          namespace: one(query.namespace),
          belowRequiredTier: query.belowRequiredTier,
          q: query.q,
          sort: query.sort.replace(/^-/, '') as SummarySort,
          order: query.sort.startsWith('-') ? 'desc' : 'asc',
          cursor: query.cursor,
          limit: query.limit,
        });
      } catch (error) {
        if (error instanceof InvalidCursorError) {
          throw new InputError(`cursor: ${error.message}`);
        }
        throw error;
      }
    },

    async listSummariesByRefs(requested, credentials) {
      const readable = await readableEntityRefs(credentials);
      const allowed = readable ? new Set(readable) : undefined;
      const entityRefs = allowed
        ? requested.filter(ref => allowed.has(ref))
        : requested;
      if (entityRefs.length === 0) {
        return [];
      }
      const page = await store.listSummaries({
        entityRefs,
        limit: entityRefs.length,
      });
      return page.items.map(({ tierRank: _rank, ...item }) => item);
    },

    async getDistribution(credentials) {
      const scope = { entityRefs: await readableEntityRefs(credentials) };
      const [counts, facets] = await Promise.all([
        store.countSummaries(scope),
        store.listFacets(scope),
      ]);
      return { counts, facets };
    },
  };
}
