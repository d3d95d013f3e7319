import {
  mergeDeploymentEvents,
  mergeIncidentEvents,
  type PushedEvidence,
} from '@readiness/plugin-readiness-common';
import type { ReadinessStore } from '../database/ReadinessStore';

/**
 * Pushed deployments and incidents added to those recorded before from the
 * same source, so a pipeline may push each event as it happens rather than
 * the whole window. Other items pass unchanged.
 *
 * @internal
 */
export async function withRecordedDeliveryEvents(
  store: Pick<ReadinessStore, 'listEvidence'>,
  entityRef: string,
  items: PushedEvidence[],
  now: string,
): Promise<PushedEvidence[]> {
  if (!items.some(i => i.key === 'deployments' || i.key === 'incidents')) {
    return items;
  }
  const recorded = new Map<string, unknown>();
  // Deployments and incidents have no detached parts.
  for (const stored of await store.listEvidence(entityRef, {
    detailKeys: [],
  })) {
    if (stored.pushed && stored.value !== undefined) {
      recorded.set(`${stored.key} ${stored.source}`, stored.value);
    }
  }
  return items.map(item => {
    const slot = `${item.key} ${item.source ?? 'push'}`;
    const before = recorded.get(slot);
    let merged = item;
    if (item.key === 'deployments') {
      const previous = before as typeof item.value | undefined;
      merged = {
        ...item,
        value: {
          deployments: mergeDeploymentEvents(
            previous?.deployments ?? [],
            item.value.deployments,
            now,
          ),
        },
      };
    } else if (item.key === 'incidents') {
      const previous = before as typeof item.value | undefined;
      merged = {
        ...item,
        value: {
          incidents: mergeIncidentEvents(
            previous?.incidents ?? [],
            item.value.incidents,
            now,
          ),
        },
      };
    }
    // Several items of one key in a push build on each other.
    recorded.set(slot, merged.value);
    return merged;
  });
}
