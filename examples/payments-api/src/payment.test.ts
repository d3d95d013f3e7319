import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePayment } from './payment.js';

test('accepts a well-formed payment', () => {
  const payment = parsePayment({
    amountMinor: 1250,
    currency: 'EUR',
    cardToken: 'tok_4242424242424242',
    idempotencyKey: '5b0c7a1e-8d2f-4c1b-9e7a-0f3d2c1b4a59',
  });
  assert.equal(payment.amountMinor, 1250);
});

test('rejects a negative amount', () => {
  assert.throws(() =>
    parsePayment({
      amountMinor: -1,
      currency: 'EUR',
      cardToken: 'tok_4242424242424242',
      idempotencyKey: '5b0c7a1e-8d2f-4c1b-9e7a-0f3d2c1b4a59',
    }),
  );
});
