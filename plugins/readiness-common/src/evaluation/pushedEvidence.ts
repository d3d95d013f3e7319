import { resolveReadinessConfig, type ReadinessConfig } from '../config';
import type { Evidence, PushedEvidence } from '../types';

const dayMs = 86_400_000;

/**
 * How long pushed evidence counts when the push does not say
 * (`readiness.collection.pushedEvidenceTtl` in the backend): 30 days.
 *
 * @public
 */
export const DEFAULT_PUSHED_EVIDENCE_LIFETIME_MS = 30 * dayMs;

/**
 * Options of {@link pushedEvidenceLifetimeMs} and {@link toPushedEvidence}.
 *
 * @public
 */
export interface PushedEvidenceLifetimeOptions {
  /** The engine config; its check thresholds set some lifetimes. */
  config?: ReadinessConfig;
  /** The lifetime of every other key; default {@link DEFAULT_PUSHED_EVIDENCE_LIFETIME_MS}. */
  defaultLifetimeMs?: number;
}

/**
 * How long a pushed item counts when it has no `staleAfter`. A
 * disaster-recovery drill counts for as long as its check accepts one (the
 * check's `maxAgeDays`), not for the general lifetime, so a yearly drill
 * does not turn the check unknown after a month.
 *
 * @public
 */
export function pushedEvidenceLifetimeMs(
  key: PushedEvidence['key'],
  options: PushedEvidenceLifetimeOptions = {},
): number {
  if (key === 'dr-drill') {
    const drill = resolveReadinessConfig(options.config).checks.find(
      check => check.id === 'operations.disaster-recovery',
    );
    return (drill?.thresholds.maxAgeDays ?? 365) * dayMs;
  }
  return options.defaultLifetimeMs ?? DEFAULT_PUSHED_EVIDENCE_LIFETIME_MS;
}

/**
 * A pushed item as stored evidence, marked `pushed`: `source` defaults to
 * `push`, `observedAt` to `now`, and `staleAfter` to `observedAt` plus the key's
 * lifetime. The backend's push route and the CLI's `evaluate` both use it,
 * so the same pushed item counts equally long in both.
 *
 * @public
 */
export function toPushedEvidence(
  item: PushedEvidence,
  options: PushedEvidenceLifetimeOptions & { now: string },
): Evidence & { runId?: string } {
  const observedAt = item.observedAt ?? options.now;
  return {
    ...item,
    source: item.source ?? 'push',
    pushed: true,
    observedAt,
    staleAfter:
      item.staleAfter ??
      new Date(
        Date.parse(observedAt) + pushedEvidenceLifetimeMs(item.key, options),
      ).toISOString(),
  } as Evidence & { runId?: string };
}
