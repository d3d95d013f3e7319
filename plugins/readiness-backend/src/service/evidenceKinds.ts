import {
  createEvidencePushRequestSchema,
  formatZodError,
  type PushedEvidence,
} from '@readiness/plugin-readiness-common';
import type {
  CollectedEvidence,
  ReadinessEvidenceKind,
} from '@readiness/plugin-readiness-node';

/**
 * The evidence kinds collector modules registered, by key.
 *
 * @internal
 */
export type EvidenceKinds = ReadonlyMap<string, ReadinessEvidenceKind>;

const hourMs = 3_600_000;

/** The push body schema that knows the registered kinds' value schemas. */
export function evidencePushSchemaFor(kinds: EvidenceKinds) {
  return createEvidencePushRequestSchema(
    Object.fromEntries([...kinds].map(([key, kind]) => [key, kind.schema])),
  );
}

/** How long a pushed item counts by default: its kind's lifetime, if it has one. */
export function pushedLifetimeMs(
  item: Pick<PushedEvidence, 'key'>,
  kinds: EvidenceKinds,
  defaultMs: number,
): number {
  const kind = kinds.get(item.key);
  return kind ? kind.lifetimeHours * hourMs : defaultMs;
}

/**
 * A collected item of a namespaced key, checked against its registered
 * kind: a value the schema refuses, or a key no module registered, becomes
 * error evidence, so no rule ever reads a value of the wrong shape. The
 * message names the fields, never the values (they come from repositories).
 */
export function checkCollectedEvidence(
  item: CollectedEvidence,
  kinds: EvidenceKinds,
  collectorId: string,
): CollectedEvidence {
  if (!item.key.includes('.') || item.value === undefined) {
    return item;
  }
  const failed = (error: string): CollectedEvidence => ({
    key: item.key,
    observedAt: item.observedAt,
    staleAfter: item.observedAt,
    error,
  });
  const kind = kinds.get(item.key);
  if (!kind) {
    return failed(
      `${collectorId} returned '${item.key}', which is not a registered evidence kind`,
    );
  }
  const result = kind.schema.safeParse(item.value);
  if (!result.success) {
    return failed(
      `${collectorId} returned a value that does not match the schema of ${item.key}: ${formatZodError(result.error)}`,
    );
  }
  return { ...item, value: result.data } as CollectedEvidence;
}
