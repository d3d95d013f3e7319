import type { Entity } from '@backstage/catalog-model';
import { evaluateFilterPredicate } from '@backstage/filter-predicates';
import type { CheckDefinition } from '../types';

/**
 * Whether a check applies to an entity: it has no `appliesTo`, or the
 * entity matches it. Without an entity the check is kept, so that an
 * evaluation that cannot tell never drops a check that might count.
 *
 * @public
 */
export function checkAppliesTo(
  check: Pick<CheckDefinition, 'appliesTo'>,
  entity: Entity | undefined,
): boolean {
  if (!check.appliesTo || !entity) {
    return true;
  }
  return evaluateFilterPredicate(check.appliesTo, entity);
}
