/** Keys of the evidence kinds collector modules register, and telling them apart. */
import { z } from 'zod';
import type { NamespacedEvidenceKey } from '../types';

/**
 * Longest namespaced evidence key.
 *
 * @public
 */
export const maxNamespacedEvidenceKeyLength = 100;

// Lower-case segments joined by dots; at least one dot, so never a built-in key.
const namespacedKeyPattern = /^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)+$/;

/**
 * Whether a key names a registered-kind evidence (`acme.slo`) rather than a
 * built-in one. Built-in keys never contain a dot.
 *
 * @public
 */
export function isNamespacedEvidenceKey(
  key: unknown,
): key is NamespacedEvidenceKey {
  return (
    typeof key === 'string' &&
    key.length <= maxNamespacedEvidenceKeyLength &&
    namespacedKeyPattern.test(key)
  );
}

/**
 * A namespaced evidence key: lower-case segments of letters, digits and
 * dashes joined by dots, such as `acme.slo`.
 *
 * @public
 */
export const namespacedEvidenceKeySchema: z.ZodType<NamespacedEvidenceKey> = z
  .string()
  .refine(isNamespacedEvidenceKey, {
    error:
      'must be a namespaced key: lower-case segments joined by dots, e.g. acme.slo',
  }) as unknown as z.ZodType<NamespacedEvidenceKey>;

/**
 * Parses an item with the built-in schema, or, when its `key` contains a dot,
 * with the schema `custom` returns for that key. Zod's discriminated unions
 * need literal keys; namespaced keys are open-ended. An unregistered
 * namespaced key is an issue at `key`, and nothing of the item is quoted.
 *
 * @internal
 */
export function dispatchOnEvidenceKey(
  builtIn: z.ZodType,
  custom: (key: string) => z.ZodType | undefined,
  registeredKeys?: readonly string[],
) {
  return z.unknown().transform((item, ctx) => {
    const key =
      typeof item === 'object' && item !== null
        ? (item as { key?: unknown }).key
        : undefined;
    let schema = builtIn;
    if (typeof key === 'string' && key.includes('.')) {
      const registered = custom(key);
      if (!registered) {
        ctx.addIssue({
          code: 'custom',
          path: ['key'],
          message: registeredKeys?.length
            ? `not a registered evidence kind; registered: ${registeredKeys.join(', ')}`
            : 'not a registered evidence kind',
        });
        return z.NEVER;
      }
      schema = registered;
    }
    const result = schema.safeParse(item);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({ ...issue } as Parameters<typeof ctx.addIssue>[0]);
      }
      return z.NEVER;
    }
    return result.data;
  });
}
