import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { EntityFilter } from '@backstage/plugin-catalog-react';
import type {
  EntitySummaryRow,
  TierOrNone,
} from '@readiness/plugin-readiness-common';

/**
 * A tier to filter on; `none` is "no tier achieved".
 *
 * @public
 */
export type ReadinessTierFilterValue = TierOrNone;

/** The query value that stands for "stop-work only". */
export const STOP_WORK_QUERY_VALUE = 'stop-work';

/**
 * Catalog filter on readiness: entities whose achieved tier is one of
 * `tiers` (any tier when empty) and, with `stopWorkOnly`, that are under a
 * stop-work order. It filters the entities the catalog loaded, using their
 * summaries fetched in one batch; an entity without a report never matches.
 *
 * @public
 */
export class EntityReadinessFilter implements EntityFilter {
  constructor(
    readonly tiers: ReadinessTierFilterValue[],
    readonly stopWorkOnly: boolean,
    private readonly summaries: ReadonlyMap<string, EntitySummaryRow>,
  ) {}

  filterEntity(entity: Entity): boolean {
    const summary = this.summaries.get(stringifyEntityRef(entity));
    if (!summary) {
      return false;
    }
    if (this.stopWorkOnly && !summary.stopWork) {
      return false;
    }
    return (
      this.tiers.length === 0 || this.tiers.includes(summary.tier ?? 'none')
    );
  }

  toQueryValue(): string[] {
    return [
      ...this.tiers,
      ...(this.stopWorkOnly ? [STOP_WORK_QUERY_VALUE] : []),
    ];
  }
}
