import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type Entity,
  RELATION_CHILD_OF,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  descendantGroups,
  type DistributionSnapshot,
  emptyReadinessCounts,
  type EntityRollupResponse,
  type EntitySummaryRow,
  type ReadinessRollup,
  replayDistribution,
  rollUpByOwner,
  rollUpCounts,
  type RollupsQuery,
  sortRollups,
} from '@readiness/plugin-readiness-common';
import type { ReadinessStore, StoredSummary, SummaryFilter } from '../database';

/** Most components listed as holding a roll-up back. */
const HOLDING_BACK_LIMIT = 20;

/**
 * Roll-ups by owner (through the catalog's group hierarchy), system and
 * domain, and the distribution's trend. Counting happens in the store, the
 * roll-up arithmetic in -common; this only joins them with the catalog.
 *
 * @internal
 */
export interface RollupService {
  /**
   * `readable` (here and below) limits the counts to the entities the caller
   * may read in the catalog; undefined counts all of them.
   */
  listRollups(
    by: RollupsQuery['by'],
    credentials: BackstageCredentials,
    readable?: string[],
  ): Promise<ReadinessRollup[]>;
  /** The roll-up of a Group, System or Domain; InputError for other kinds. */
  getEntityRollup(
    entity: Entity,
    credentials: BackstageCredentials,
    readable?: string[],
  ): Promise<EntityRollupResponse>;
  /**
   * Stored daily snapshots of the last `days` days, today's computed now.
   * The snapshots count the whole catalog, so a caller limited to part of it
   * gets today's point only, computed over what it may read.
   */
  getTrend(days: number, readable?: string[]): Promise<DistributionSnapshot[]>;
  /**
   * The trend of one owner's or one system's components, replayed from
   * their history points (snapshots count the whole catalog only).
   */
  getTrendOf(
    cut: { owner?: string; system?: string },
    days: number,
    readable?: string[],
  ): Promise<DistributionSnapshot[]>;
}

/**
 * Parent-to-children edges of every Group the caller can see. Both
 * directions of the relation are read, so a hierarchy declared only as
 * `spec.parent` or only as `spec.children` is still complete.
 */
async function readGroupHierarchy(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Map<string, string[]>> {
  const childrenOf = new Map<string, Set<string>>();
  const link = (parent: string, child: string) => {
    const children = childrenOf.get(parent) ?? new Set<string>();
    children.add(child);
    childrenOf.set(parent, children);
  };
  let cursor: string | undefined;
  do {
    const page = await catalog.queryEntities(
      cursor
        ? { cursor, limit: 1000 }
        : {
            filter: { kind: 'Group' },
            fields: [
              'kind',
              'metadata.name',
              'metadata.namespace',
              'relations',
            ],
            limit: 1000,
          },
      { credentials },
    );
    for (const group of page.items) {
      const ref = stringifyEntityRef(group);
      childrenOf.set(ref, childrenOf.get(ref) ?? new Set());
      for (const relation of group.relations ?? []) {
        if (relation.type === RELATION_PARENT_OF) {
          link(ref, relation.targetRef);
        } else if (relation.type === RELATION_CHILD_OF) {
          link(relation.targetRef, ref);
        }
      }
    }
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return new Map([...childrenOf].map(([k, v]) => [k, [...v]]));
}

/** @internal */
export function createRollupService(options: {
  store: ReadinessStore;
  catalog: CatalogService;
  now?: () => Date;
}): RollupService {
  const { store, catalog } = options;
  const now = options.now ?? (() => new Date());

  /** The components that hold a roll-up back: blocked first, then weakest. */
  async function holdingBack(filter: SummaryFilter) {
    const byRef = new Map<string, StoredSummary>();
    for (const query of [
      { ...filter, stopWork: true },
      { ...filter, belowRequiredTier: true },
    ]) {
      const page = await store.listSummaries({
        ...query,
        sort: 'tier',
        limit: HOLDING_BACK_LIMIT,
      });
      page.items.forEach(item => byRef.set(item.entityRef, item));
    }
    // Then those at the weakest tier, which set the roll-up's tier.
    const weakest = await store.listSummaries({
      ...filter,
      sort: 'tier',
      limit: HOLDING_BACK_LIMIT,
    });
    const minRank = weakest.items[0]?.tierRank;
    weakest.items
      .filter(item => item.tierRank === minRank)
      .forEach(item => byRef.set(item.entityRef, item));
    return [...byRef.values()]
      .slice(0, HOLDING_BACK_LIMIT)
      .map(({ tierRank: _rank, ...item }): EntitySummaryRow => item);
  }

  async function systemsOfDomain(
    domainRef: string,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const { items } = await catalog.getEntities(
      {
        filter: { kind: 'System', 'relations.partOf': domainRef },
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials },
    );
    return items.map(system => stringifyEntityRef(system));
  }

  return {
    async listRollups(by, credentials, readable) {
      const scope: SummaryFilter = { entityRefs: readable };
      if (by === 'system') {
        const counts = await store.countSummariesBy('system', scope);
        return sortRollups([...counts].map(([ref, c]) => rollUpCounts(ref, c)));
      }
      const [direct, childrenOf] = await Promise.all([
        store.countSummariesBy('owner', scope),
        readGroupHierarchy(catalog, credentials),
      ]);
      return rollUpByOwner(direct, childrenOf);
    },

    async getEntityRollup(entity, credentials, readable) {
      const entityRef = stringifyEntityRef(entity);
      let filter: SummaryFilter;
      switch (entity.kind.toLocaleLowerCase('en-US')) {
        case 'system':
          filter = { system: [entityRef] };
          break;
        case 'group':
          filter = {
            owner: descendantGroups(
              entityRef,
              await readGroupHierarchy(catalog, credentials),
            ),
          };
          break;
        case 'domain':
          filter = { system: await systemsOfDomain(entityRef, credentials) };
          break;
        default:
          throw new InputError(
            `kind: roll-ups exist for Group, System and Domain entities, not ${entity.kind}`,
          );
      }
      filter.entityRefs = readable;
      if (
        filter.owner?.length === 0 ||
        filter.system?.length === 0 ||
        readable?.length === 0
      ) {
        return {
          rollup: rollUpCounts(entityRef, emptyReadinessCounts()),
          holdingBack: [],
        };
      }
      const [counts, components] = await Promise.all([
        store.countSummaries(filter),
        holdingBack(filter),
      ]);
      return {
        rollup: rollUpCounts(entityRef, counts),
        holdingBack: components,
      };
    },

    async getTrendOf(cut, days, readable) {
      const today = now();
      const since = new Date(
        Math.floor(today.getTime() / 86_400_000 - (days - 1)) * 86_400_000,
      );
      const points = await store.listHistoryOf(
        {
          ...(cut.owner ? { owner: [cut.owner] } : {}),
          ...(cut.system ? { system: [cut.system] } : {}),
          ...(readable ? { entityRefs: readable } : {}),
        },
        since,
      );
      return replayDistribution(points, { days, now: today.toISOString() });
    },

    async getTrend(days, readable) {
      const today = now();
      const since = new Date(today.getTime() - (days - 1) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const todayKey = today.toISOString().slice(0, 10);
      if (readable) {
        const counts = await store.countSummaries({ entityRefs: readable });
        return [{ day: todayKey, counts }];
      }
      const [stored, counts] = await Promise.all([
        store.listDistributionSnapshots(since),
        store.countSummaries(),
      ]);
      return [
        ...stored.filter(snapshot => snapshot.day !== todayKey),
        { day: todayKey, counts },
      ];
    },
  };
}
