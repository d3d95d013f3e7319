import { InputError } from '@backstage/errors';
import type { SummariesQuery } from '@readiness/plugin-readiness-common';
import {
  InvalidCursorError,
  type ReadinessStore,
  type SummaryPage,
  type SummarySort,
} from '../database';

/**
 * One page of summaries for a parsed `summariesQuerySchema` query; the REST
 * route and the AI actions both read through it. A bad cursor is a 400.
 *
 * @internal
 */
export async function listSummaries(
  store: ReadinessStore,
  query: SummariesQuery,
): Promise<SummaryPage> {
  const one = (value: string | undefined) => (value ? [value] : undefined);
  try {
    return await store.listSummaries({
      tier: query.tier ? [query.tier] : undefined,
      stopWork: query.stopWork,
      owner: one(query.owner),
      system: one(query.system),
      lifecycle: one(query.lifecycle),
      kind: one(query.kind),
      namespace: one(query.namespace),
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
