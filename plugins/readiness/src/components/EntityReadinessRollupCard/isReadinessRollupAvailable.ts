import type { Entity } from '@backstage/catalog-model';

/** The kinds a readiness roll-up exists for. */
export const rollupKinds = ['system', 'group', 'domain'];

/**
 * Whether the entity is a System, Group or Domain, the kinds the roll-up card
 * is for; use with `<EntitySwitch.Case if={isReadinessRollupAvailable}>`.
 *
 * @public
 */
export function isReadinessRollupAvailable(entity: Entity): boolean {
  return rollupKinds.includes(entity.kind.toLocaleLowerCase('en-US'));
}
