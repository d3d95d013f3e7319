import type { Evidence } from '@readiness/plugin-readiness-common';
import type { ReadinessCollector } from '../collectors/types';

/**
 * The evidence of a collector that failed as a whole: for each of its keys,
 * an error with the reason, stale from the moment it is observed, so the
 * checks over those keys are unknown and say why, never missing or passing.
 *
 * @public
 */
export function collectionFailureEvidence(
  collector: Pick<ReadinessCollector, 'id' | 'evidenceKeys'>,
  reason: string,
  at: Date,
): Evidence[] {
  const observedAt = at.toISOString();
  return collector.evidenceKeys.map(
    key =>
      ({
        source: collector.id,
        key,
        error: reason,
        observedAt,
        staleAfter: observedAt,
      }) as Evidence,
  );
}
