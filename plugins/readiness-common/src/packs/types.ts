import type { z } from 'zod';
import type { CheckDefinition, NamespacedEvidenceKey } from '../types';

/**
 * An evidence kind a pack's rules read, that CI pushes: its namespaced key,
 * the schema a pushed value must match and how long it counts. The backend
 * registers the kinds of every pack at startup.
 *
 * @public
 */
export interface ReadinessPackEvidenceKind {
  /** Namespaced, as every registered kind: `slsa.provenance`. */
  key: NamespacedEvidenceKey;
  /** What the evidence is, in a few words. */
  title: string;
  /** What a value must match; a push that does not is a 400 naming the field. */
  schema: z.ZodType;
  /** Hours after its observation that the evidence goes stale. */
  lifetimeHours: number;
}

/**
 * An alternative set of checks, selectable per entity (`readiness.packs`).
 *
 * @public
 */
export interface ReadinessPack {
  /** For example `osps-baseline`; check definitions from it have it as `source`. */
  id: string;
  /** The standard's name, for example `OpenSSF OSPS Baseline`. */
  title: string;
  /** What the pack grades and how its levels map onto the tiers. */
  description: string;
  /** Its checks, in tier order; they replace the built-in ones. */
  checks: readonly CheckDefinition[];
  /** Pushed evidence the pack's rules read, beyond the built-in keys. */
  evidenceKinds?: readonly ReadinessPackEvidenceKind[];
}
