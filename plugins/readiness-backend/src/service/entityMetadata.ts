import {
  type Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { readCatalogEvidence } from '@readiness/plugin-readiness-node';
import type { EntityMetadata } from '../database';

/**
 * The catalog facts summaries filter on, with refs in their full form. Owner,
 * system and lifecycle are read as the `catalog` collector reads them, so
 * relative refs resolve against the entity's own namespace.
 */
export function entityMetadata(entity: Entity): EntityMetadata {
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  const { owner, system, lifecycle } = readCatalogEvidence(entity);
  const { title } = entity.metadata;
  return {
    entityRef: stringifyEntityRef(entity),
    kind,
    namespace,
    name,
    title: typeof title === 'string' && title ? title : undefined,
    owner,
    system,
    lifecycle,
  };
}
