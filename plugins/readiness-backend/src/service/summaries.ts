import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { SummariesQuery } from '@readiness/plugin-readiness-common';
import {
  InvalidCursorError,
  type ReadinessStore,
  type SummaryPage,
  type SummarySort,
} from '../database';
import type { ReadinessService } from './ReadinessService';

/**
 * Which entities the caller may read in the catalog: undefined for all of
 * them. A conditional decision is left to the catalog, which applies its own
 * rules when queried with the caller's credentials. Every route that lists or
 * counts entities limits itself to these.
 *
 * @internal
 */
export async function readableEntityRefs(options: {
  permissions: PermissionsService;
  service: ReadinessService;
  credentials: BackstageCredentials;
}): Promise<string[] | undefined> {
  const { permissions, service, credentials } = options;
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
  return service.listReadableEntityRefs(credentials);
}

/**
 * One page of summaries for a parsed `summariesQuerySchema` query, limited to
 * the entities the caller may read in the catalog; the REST route and the AI
 * actions both read through it. A bad cursor is a 400.
 *
 * @internal
 */
export async function listSummaries(
  options: {
    store: ReadinessStore;
    service: ReadinessService;
    permissions: PermissionsService;
    credentials: BackstageCredentials;
  },
  query: SummariesQuery,
): Promise<SummaryPage> {
  const readable = await readableEntityRefs(options);
  if (readable?.length === 0) {
    return { items: [], totalCount: 0 };
  }
  const one = (value: string | undefined) => (value ? [value] : undefined);
  try {
    return await options.store.listSummaries({
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
}
