import { z } from 'zod';

/** A card payment as the API accepts it. */
export const paymentRequest = z.object({
  amountMinor: z.number().int().positive(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  cardToken: z.string().min(16),
  idempotencyKey: z.string().uuid(),
});

export type PaymentRequest = z.infer<typeof paymentRequest>;

/** Parses a request body, throwing a ZodError that names the bad field. */
export function parsePayment(body: unknown): PaymentRequest {
  return paymentRequest.parse(body);
}
