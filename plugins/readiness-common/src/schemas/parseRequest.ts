/** Parsing a request with a schema, and messages that name each invalid field. */
import { z } from 'zod';

/**
 * Formats an issue path unambiguously: identifiers with dots, other keys
 * (such as check ids, which contain dots) in brackets:
 * `checks["quality.coverage"].thresholds.minLinePercent`.
 *
 * @public
 */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      result += `[${segment}]`;
    } else if (
      typeof segment === 'string' &&
      /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)
    ) {
      result += result ? `.${segment}` : segment;
    } else {
      result += `[${JSON.stringify(String(segment))}]`;
    }
  }
  return result;
}

/**
 * One field path and message per problem.
 *
 * @internal
 */
export interface FieldProblem {
  path: PropertyKey[];
  message: string;
}

/**
 * Flattens zod issues into field problems. Unknown keys become one problem
 * each, at the key's own path; for unions, the branch that got furthest is
 * reported instead of a bare "Invalid input".
 *
 * @internal
 */
export function fieldProblems(
  issues: readonly z.core.$ZodIssue[],
  prefix: PropertyKey[] = [],
): FieldProblem[] {
  return issues.flatMap(issue => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map(key => ({
        path: [...path, key],
        message: 'unknown key',
      }));
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const specific = issue.errors.filter(
        branch =>
          !(
            branch.length === 1 &&
            branch[0].code === 'invalid_type' &&
            branch[0].path.length === 0
          ),
      );
      if (specific.length > 0) {
        return fieldProblems(specific[0], path);
      }
    }
    return [{ path, message: issue.message }];
  });
}

/**
 * A readable message naming every invalid field, for example
 * `expiresAt: Invalid ISO datetime`. Wrap it in an `InputError`.
 *
 * @public
 */
export function formatZodError(error: z.ZodError): string {
  return fieldProblems(error.issues)
    .map(({ path, message }) =>
      path.length ? `${formatIssuePath(path)}: ${message}` : message,
    )
    .join('; ');
}

/**
 * Parses a request body or query, throwing an `Error` with a
 * {@link formatZodError} message on failure. The backend wraps it in
 * `InputError`.
 *
 * @public
 */
export function parseRequest<T>(schema: z.ZodType<T, any>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new Error(formatZodError(result.error));
  }
  return result.data;
}
