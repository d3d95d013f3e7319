import { InputError } from '@backstage/errors';
import { parseRequest } from '@readiness/plugin-readiness-common';
import { z } from 'zod';

/**
 * Parses input with a schema from -common; a failure is an `InputError`
 * (400) whose message names the field. Used by the REST routes and the AI
 * actions alike.
 *
 * @internal
 */
export function parseInput<T>(schema: z.ZodType<T, any>, input: unknown): T {
  try {
    return parseRequest(schema, input);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
}

/**
 * The `:id` of an attestation or a waiver in a route.
 *
 * @internal
 */
export const idParamsSchema = z.object({ id: z.string().min(1).max(200) });
