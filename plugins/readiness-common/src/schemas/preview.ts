import { z } from 'zod';
import type { CheckPreviewRequest } from '../types';

/**
 * Most check definitions one preview evaluates: each is compiled and run
 * for every readable entity.
 *
 * @public
 */
export const maxCheckPreviewDefinitions = 200;

/**
 * Most changed entities a preview lists; its counts cover them all.
 *
 * @public
 */
export const maxCheckPreviewItems = 10_000;

/**
 * Body of `POST /v1/checks/preview`: the envelope only; the definitions and
 * overrides are checked as app-config's are, naming the check and field.
 *
 * @public
 */
export const checkPreviewRequestSchema: z.ZodType<CheckPreviewRequest> =
  z.strictObject({
    checks: z.array(z.unknown()).max(maxCheckPreviewDefinitions, {
      error: `expected at most ${maxCheckPreviewDefinitions} check definitions`,
    }),
    overrides: z
      .record(z.string(), z.unknown(), { error: 'expected an object' })
      .optional(),
  });
