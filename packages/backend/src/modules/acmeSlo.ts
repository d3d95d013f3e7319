/*
 * EXAMPLE of a custom collector module: a template for adopters who want
 * Readiness to check their own standards. Copy it, rename `acme`, and
 * register it with `backend.add(import('./modules/acmeSlo'))`.
 *
 * It does three things, each through the Readiness collectors extension
 * point:
 *
 * 1. registers the evidence kind `acme.slo` with a zod schema and a
 *    lifetime: the backend checks every collected and pushed value against
 *    the schema, and a value older than the lifetime is stale (the checks
 *    reading it turn unknown, never pass);
 * 2. adds the collector `acme-slo`, which reads each component's declared
 *    service-level objective from two catalog annotations:
 *
 *      acme.com/slo-target: "99.9"   (percent of good events)
 *      acme.com/slo-window: 28d      (7d, 28d or 30d; default 30d)
 *
 *    Annotation values are typed by people: the collector passes them on as
 *    read, and a value the schema refuses (target "high") is stored as an
 *    error, so the checks say why they are unknown;
 * 3. nothing else: the checks that read `evidence.acme.slo` are data, in
 *    app-config.yaml under `readiness.checks.custom` (see docs/custom-checks.md).
 *
 * CI could push the same kind instead of (or besides) a collector:
 *   POST /api/readiness/v1/entities/component/default/<name>/evidence
 *   { "key": "acme.slo", "value": { "declared": true, "targetPercent": 99.9 } }
 */

import { createBackendModule } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  type ReadinessCollector,
  type ReadinessEvidenceKind,
  readinessCollectorsExtensionPoint,
} from '@readiness/plugin-readiness-node';
import { z } from 'zod';

export const SLO_TARGET_ANNOTATION = 'acme.com/slo-target';
export const SLO_WINDOW_ANNOTATION = 'acme.com/slo-window';

/** The evidence kind: what a rule may rely on when it reads `evidence.acme.slo`. */
export const acmeSloKind: ReadinessEvidenceKind = {
  key: 'acme.slo',
  title: 'Declared service-level objective',
  schema: z
    .object({
      declared: z.boolean(),
      targetPercent: z.number().gt(0).max(100).optional(),
      window: z.enum(['7d', '28d', '30d']).optional(),
    })
    .strict(),
  // Collected daily; two days leaves room for one missed run.
  lifetimeHours: 48,
};

/** What the annotations say, unchecked: the backend checks it against the schema. */
export function readSloAnnotations(entity: Entity): unknown {
  const annotations = entity.metadata.annotations ?? {};
  const target = annotations[SLO_TARGET_ANNOTATION];
  if (target === undefined) {
    return { declared: false };
  }
  return {
    declared: true,
    // Number('high') is NaN, which the schema refuses.
    targetPercent: target.trim() === '' ? NaN : Number(target),
    window: annotations[SLO_WINDOW_ANNOTATION] ?? '30d',
  };
}

export const acmeSloCollector: ReadinessCollector = {
  id: 'acme-slo',
  title: 'Acme SLO annotations',
  evidenceKeys: ['acme.slo'],
  appliesTo: entity => entity.kind.toLocaleLowerCase('en-US') === 'component',
  async collect(entity, { now }) {
    return [
      {
        key: 'acme.slo',
        value: readSloAnnotations(entity),
        observedAt: now.toISOString(),
        staleAfter: new Date(
          now.getTime() + acmeSloKind.lifetimeHours * 3_600_000,
        ).toISOString(),
      },
    ];
  },
};

export default createBackendModule({
  pluginId: 'readiness',
  moduleId: 'acme-slo',
  register(env) {
    env.registerInit({
      deps: { readiness: readinessCollectorsExtensionPoint },
      async init({ readiness }) {
        readiness.registerEvidenceKind(acmeSloKind);
        readiness.addCollector(acmeSloCollector);
      },
    });
  },
});
