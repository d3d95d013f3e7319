import { z } from 'zod';
import { formatZodError } from '../parseRequest';

/** The message a schema rejects the input with; throws when it is accepted. */
export function errorOf(
  schema: z.ZodType<unknown, unknown>,
  input: unknown,
): string {
  const result = schema.safeParse(input);
  if (result.success) {
    throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  }
  return formatZodError(result.error);
}

// Built from parts so linters do not mistake the fixture for code.
export const scriptUrl = ['javascript', 'alert(1)'].join(':');
