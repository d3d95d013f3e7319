import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  RELATION_API_CONSUMED_BY,
  RELATION_DEPENDENCY_OF,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { AffectedEntity } from '@readiness/plugin-readiness-common';
import type { AffectedEntities } from '../database';

/** Only what the walk reads, so a large entity costs little. */
const fields = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'relations',
];

/** Kinds a `partOf` walk reaches: a component's parent and its system, not the domain. */
const partOfKinds = new Set(['component', 'system']);

function targets(entity: Pick<Entity, 'relations'>, type: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef);
}

function kindOf(ref: string): string {
  try {
    return parseEntityRef(ref).kind.toLocaleLowerCase('en-US');
  } catch {
    return '';
  }
}

/**
 * The components and systems that depend on an entity, as the catalog's
 * relations say: what declares a dependency on it, what consumes an API it
 * provides, and what it is part of up to its system; transitively to
 * `maxDepth` hops, and at most `maxEntities` of them (then `truncated`).
 *
 * @internal
 */
export async function findAffectedEntities(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  entity: Entity;
  maxDepth: number;
  maxEntities: number;
  now: Date;
}): Promise<AffectedEntities> {
  const { catalog, credentials, maxDepth, maxEntities } = options;
  /** The entities in the order of `refs`, undefined where one is gone or hidden. */
  const fetch = async (refs: string[]) =>
    refs.length === 0
      ? []
      : (
          await catalog.getEntitiesByRefs(
            { entityRefs: refs, fields },
            { credentials },
          )
        ).items;

  const found: AffectedEntity[] = [];
  const seen = new Set([stringifyEntityRef(options.entity)]);
  let frontier = [options.entity];
  let truncated = false;

  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const via = new Map<string, AffectedEntity['via']>();
    const reach = (ref: string, how: AffectedEntity['via']) => {
      if (!seen.has(ref) && !via.has(ref)) {
        via.set(ref, how);
      }
    };
    const apis = new Set<string>();
    for (const entity of frontier) {
      targets(entity, RELATION_DEPENDENCY_OF).forEach(ref =>
        reach(ref, 'dependency'),
      );
      targets(entity, RELATION_PART_OF)
        .filter(ref => partOfKinds.has(kindOf(ref)))
        .forEach(ref => reach(ref, 'system'));
      targets(entity, RELATION_PROVIDES_API).forEach(ref => apis.add(ref));
    }
    // An API is the bridge to its consumers, not a dependent of its own.
    for (const api of await fetch([...apis])) {
      targets(api ?? {}, RELATION_API_CONSUMED_BY).forEach(ref =>
        reach(ref, 'api'),
      );
    }

    const room = maxEntities - found.length;
    const refs = [...via.keys()];
    if (refs.length > room) {
      truncated = true;
    }
    const admitted = refs.slice(0, room);
    const next: Entity[] = [];
    (await fetch(admitted)).forEach((entity, index) => {
      seen.add(admitted[index]);
      if (!entity) {
        return;
      }
      seen.add(stringifyEntityRef(entity));
      next.push(entity);
      const { title } = entity.metadata;
      const [owner] = targets(entity, RELATION_OWNED_BY);
      found.push({
        entityRef: stringifyEntityRef(entity),
        ...(typeof title === 'string' && title ? { title } : {}),
        ...(owner ? { owner } : {}),
        via: via.get(admitted[index]) ?? 'dependency',
        depth,
      });
    });
    if (truncated) {
      break;
    }
    frontier = next;
  }
  return { entities: found, truncated, computedAt: options.now.toISOString() };
}
