import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { ApiHolder } from '@backstage/core-plugin-api';
import { readinessApiRef } from '../../api/ReadinessApi';

/**
 * Whether a stop-work order is active for the entity. Meant for the legacy
 * entity page: `<EntitySwitch.Case if={isStopWorkActive}>`. Returns false
 * when the readiness API is missing or the report cannot be loaded.
 *
 * @public
 */
export async function isStopWorkActive(
  entity: Entity,
  context: { apis: ApiHolder },
): Promise<boolean> {
  try {
    const api = context.apis.get(readinessApiRef);
    if (!api) {
      return false;
    }
    const report = await api.getReport(stringifyEntityRef(entity));
    return report.stopWork.active === true;
  } catch {
    return false;
  }
}
