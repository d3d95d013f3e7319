/** The body of an evidence push, with the evidence kinds collector modules registered. */
import { z } from 'zod';
import type { PushedEvidenceItem } from '../types';
import { pushedEvidenceSchema } from './evidence';
import { dispatchOnEvidenceKey } from './namespacedEvidence';
import { httpUrlSchema, isoDateTimeSchema, name } from './primitives';

/**
 * Most evidence items accepted in one push.
 *
 * @public
 */
export const maxPushedEvidenceItems = 100;

/**
 * Builds the schema of `POST .../evidence` bodies: one item or a non-empty
 * array of items; parsing always yields an array. Built-in keys are checked
 * against their own schemas, a namespaced key (`acme.slo`) against the
 * schema its kind was registered with; a namespaced key not in `kinds` is
 * refused at `key`.
 *
 * @public
 */
export function createEvidencePushRequestSchema(
  kinds: Readonly<Record<string, z.ZodType>> = {},
): z.ZodType<PushedEvidenceItem[], unknown> {
  const custom = new Map(
    Object.entries(kinds).map(([key, value]) => [
      key,
      z.object({
        key: z.literal(key),
        value,
        source: name.optional(),
        runId: name.optional(),
        observedAt: isoDateTimeSchema.optional(),
        staleAfter: isoDateTimeSchema.optional(),
        link: httpUrlSchema.optional(),
      }),
    ]),
  );
  const item = dispatchOnEvidenceKey(
    pushedEvidenceSchema,
    key => custom.get(key),
    [...custom.keys()],
  );
  return z
    .union([item, z.array(item).min(1).max(maxPushedEvidenceItems)], {
      error: 'expected an evidence item or an array of evidence items',
    })
    .transform(body => (Array.isArray(body) ? body : [body])) as z.ZodType<
    PushedEvidenceItem[],
    unknown
  >;
}

/**
 * Body of `POST .../evidence` without registered evidence kinds: one item
 * or a non-empty array of items. Parsing always yields an array.
 *
 * @public
 */
export const evidencePushRequestSchema: z.ZodType<
  PushedEvidenceItem[],
  unknown
> = createEvidencePushRequestSchema();
