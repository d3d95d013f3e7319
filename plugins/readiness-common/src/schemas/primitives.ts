/**
 * The building blocks every request and evidence schema shares: bounded
 * names and texts, tiers, severities, check ids, dates and links.
 */
import { z } from 'zod';
import { checkIds } from '../checks/defaultChecks';
import { isHttpUrl, maxLinkLength } from '../links';
import { readinessTiers, type Tier } from '../types';

// Bounds keep stored rows and rendered pages small whatever a client sends.
export const maxNameLength = 256;
export const maxTextLength = 2000;
export const maxReasonLength = 1000;
export const maxListLength = 10_000;

export const name = z.string().min(1).max(maxNameLength);
export const text = z.string().max(maxTextLength);
export const count = z.number().int().nonnegative();
export const nameList = z.array(name).max(100);
export const percent = z.number().min(0).max(100);

/**
 * A tier name.
 *
 * @public
 */
export const tierSchema: z.ZodEnum<{ [T in Tier]: T }> = z.enum(readinessTiers);

/**
 * A check severity.
 *
 * @public
 */
export const checkSeveritySchema = z.enum(['blocker', 'major', 'minor']);

/**
 * The pattern of custom check ids: kebab-case segments joined by dots, at
 * least two (`acme.has-slo`).
 *
 * @public
 */
export const customCheckIdPattern =
  /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$/;

/**
 * The id of a check: a built-in id, or a custom one (`acme.has-slo`).
 *
 * @public
 */
export const checkIdSchema = z
  .string()
  .max(100, { error: 'unknown check id' })
  .refine(
    id =>
      (checkIds as readonly string[]).includes(id) ||
      customCheckIdPattern.test(id),
    { error: 'unknown check id' },
  );

/**
 * An ISO 8601 datetime with `Z` or an offset.
 *
 * @public
 */
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

/**
 * An absolute http(s) URL of bounded length. Anything else, such as
 * `javascript:` links, is rejected.
 *
 * @public
 */
export const httpUrlSchema = z
  .string()
  .max(maxLinkLength)
  .refine(isHttpUrl, { error: 'must be an http(s) URL' });
