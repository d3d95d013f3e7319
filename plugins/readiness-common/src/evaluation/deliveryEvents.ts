import { maxDeliveryEvents } from '../schemas/evidence';
import type { DeploymentEvent, IncidentEvent } from '../types';

/** The longest metrics window (`readiness.delivery.windowDays` at most 366). */
const keptDays = 366;

function mergeEvents<E>(
  stored: readonly E[],
  pushed: readonly E[],
  identity: (event: E) => string,
  time: (event: E) => string,
  now: string,
): E[] {
  const since = Date.parse(now) - keptDays * 86_400_000;
  const byIdentity = new Map<string, E>();
  // A pushed event replaces a stored one of the same identity.
  for (const event of [...stored, ...pushed]) {
    byIdentity.set(identity(event), event);
  }
  return [...byIdentity.values()]
    .filter(event => Date.parse(time(event)) > since)
    .sort((a, b) => Date.parse(time(b)) - Date.parse(time(a)))
    .slice(0, maxDeliveryEvents);
}

/**
 * The deployments a push adds to those already recorded from the same
 * source, so a pipeline can push each deployment as it happens. One
 * deployment is one `id` (else one `deployedAt` and `sha`); the newest
 * {@link maxDeliveryEvents} of the last 366 days are kept, newest first.
 *
 * @public
 */
export function mergeDeploymentEvents(
  stored: readonly DeploymentEvent[],
  pushed: readonly DeploymentEvent[],
  now: string,
): DeploymentEvent[] {
  return mergeEvents(
    stored,
    pushed,
    d => d.id ?? `${Date.parse(d.deployedAt)} ${d.sha ?? ''}`,
    d => d.deployedAt,
    now,
  );
}

/**
 * The incidents a push adds to those already recorded from the same source;
 * a later push of the same `id` (else `startedAt`) resolves or corrects it.
 *
 * @public
 */
export function mergeIncidentEvents(
  stored: readonly IncidentEvent[],
  pushed: readonly IncidentEvent[],
  now: string,
): IncidentEvent[] {
  return mergeEvents(
    stored,
    pushed,
    i => i.id ?? String(Date.parse(i.startedAt)),
    i => i.startedAt,
    now,
  );
}
