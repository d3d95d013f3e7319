import type { EntitySummaryRow } from '@readiness/plugin-readiness-common';
import type { ReadinessApi } from './ReadinessApi';

/** How long a loaded summary is reused before it is asked for again. */
const TTL_MS = 60_000;
/** The backend's limit on refs per batch request. */
const MAX_BATCH = 1000;

interface Pending {
  refs: Set<string>;
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
}

/**
 * Loads entity summaries in batches: every ref asked for in the same tick
 * (a catalog table's cells, the tier filter) goes into one
 * `POST /v1/summaries/by-refs`, and answers are cached for a minute, so a
 * table never sends one request per row.
 *
 * @internal
 */
export class SummaryLoader {
  private readonly cache = new Map<
    string,
    { at: number; summary: EntitySummaryRow | undefined }
  >();
  private pending: Pending | undefined;

  constructor(
    private readonly api: Pick<ReadinessApi, 'getSummariesByRefs'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The summaries of these refs; refs without a report are missing from the map. */
  async load(refs: readonly string[]): Promise<Map<string, EntitySummaryRow>> {
    const missing = refs.filter(ref => !this.fresh(ref));
    if (missing.length) {
      await this.enqueue(missing);
    }
    const result = new Map<string, EntitySummaryRow>();
    for (const ref of refs) {
      const summary = this.cache.get(ref)?.summary;
      if (summary) {
        result.set(ref, summary);
      }
    }
    return result;
  }

  private fresh(ref: string): boolean {
    const entry = this.cache.get(ref);
    return entry !== undefined && this.now() - entry.at < TTL_MS;
  }

  private enqueue(refs: string[]): Promise<void> {
    if (!this.pending) {
      const pending: Pending = { refs: new Set(), waiters: [] };
      this.pending = pending;
      // Wait a macrotask, so every component rendering now joins the batch.
      setTimeout(() => this.flush(pending), 0);
    }
    const pending = this.pending;
    refs.forEach(ref => pending.refs.add(ref));
    return new Promise<void>((resolve, reject) => {
      pending.waiters.push({ resolve, reject });
    });
  }

  private async flush(pending: Pending) {
    this.pending = undefined;
    const refs = [...pending.refs];
    try {
      for (let i = 0; i < refs.length; i += MAX_BATCH) {
        const chunk = refs.slice(i, i + MAX_BATCH);
        const items = await this.api.getSummariesByRefs(chunk);
        const at = this.now();
        const byRef = new Map(items.map(item => [item.entityRef, item]));
        for (const ref of chunk) {
          this.cache.set(ref, { at, summary: byRef.get(ref) });
        }
      }
      pending.waiters.forEach(waiter => waiter.resolve());
    } catch (error) {
      pending.waiters.forEach(waiter => waiter.reject(error));
    }
  }
}

const loaders = new WeakMap<object, SummaryLoader>();

/**
 * The one loader per API instance, shared by the catalog column and filter.
 *
 * @internal
 */
export function summaryLoaderFor(
  api: Pick<ReadinessApi, 'getSummariesByRefs'>,
): SummaryLoader {
  let loader = loaders.get(api);
  if (!loader) {
    loader = new SummaryLoader(api);
    loaders.set(api, loader);
  }
  return loader;
}
