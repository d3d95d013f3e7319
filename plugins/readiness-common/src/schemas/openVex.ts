/**
 * OpenVEX 0.2.0 documents, as CI pushes them to `POST .../vex` and
 * `GET .../vex` returns them. Bounded everywhere: a document is hostile
 * input, and nothing of it is echoed in an error.
 */
import { z } from 'zod';
import type { OpenVexDocument, VexPushRequest } from '../types';
import { vexJustifications, type VexJustification } from '../types';
import {
  advisoryIdSchema,
  isoDateTimeSchema,
  maxReasonLength,
} from './primitives';

/**
 * The `@context` of an OpenVEX 0.2.0 document.
 *
 * @public
 */
export const openVexContext = 'https://openvex.dev/ns/v0.2.0';

/**
 * Most statements in one pushed OpenVEX document.
 *
 * @public
 */
export const maxVexStatements = 1000;

const iri = z.string().min(1).max(1024);
const note = z.string().max(2000);

const identifiers = z
  .object({
    purl: iri.optional(),
    cpe22: iri.optional(),
    cpe23: iri.optional(),
  })
  .optional();

const component = z.object({
  '@id': iri.optional(),
  identifiers,
});

const product = component.extend({
  subcomponents: z.array(component).max(100).optional(),
});

const statement = z
  .object({
    '@id': iri.optional(),
    vulnerability: z.object({
      '@id': iri.optional(),
      name: advisoryIdSchema,
      description: note.optional(),
      aliases: z.array(advisoryIdSchema).max(20).optional(),
    }),
    timestamp: isoDateTimeSchema.optional(),
    products: z.array(product).min(1).max(100),
    status: z.enum([
      'not_affected',
      'affected',
      'fixed',
      'under_investigation',
    ]),
    justification: z
      .enum(vexJustifications as [VexJustification, ...VexJustification[]])
      .optional(),
    // It becomes the waiver's reason, bounded as a requested one is.
    impact_statement: z.string().max(maxReasonLength).optional(),
    status_notes: note.optional(),
    action_statement: note.optional(),
  })
  .superRefine((s, ctx) => {
    // The spec: not_affected needs a justification or an impact statement.
    if (
      s.status === 'not_affected' &&
      !s.justification &&
      !s.impact_statement?.trim()
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['justification'],
        message: 'not_affected needs a justification or an impact_statement',
      });
    }
  });

/**
 * An OpenVEX 0.2.0 document; unknown fields are dropped.
 *
 * @public
 */
export const openVexDocumentSchema: z.ZodType<OpenVexDocument, unknown> =
  z.object({
    '@context': z.literal(openVexContext, {
      error: `must be ${openVexContext}`,
    }),
    '@id': iri,
    author: z.string().min(1).max(256),
    role: z.string().max(256).optional(),
    timestamp: isoDateTimeSchema,
    last_updated: isoDateTimeSchema.optional(),
    version: z.number().int().min(0),
    tooling: z.string().max(256).optional(),
    statements: z.array(statement).max(maxVexStatements),
  });

/**
 * Body of `POST .../vex`: the OpenVEX document, as JSON or as its text.
 *
 * @public
 */
export const vexPushRequestSchema: z.ZodType<VexPushRequest, unknown> =
  z.object({
    document: z.preprocess(value => {
      if (typeof value !== 'string') {
        return value;
      }
      try {
        return JSON.parse(value);
      } catch {
        // Left a string, so the issue says an object was expected.
        return value;
      }
    }, openVexDocumentSchema),
  });
