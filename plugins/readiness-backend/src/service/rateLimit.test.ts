import { createRateLimiter } from './rateLimit';

describe('createRateLimiter', () => {
  it('allows the limit per caller and window, then says how long to wait', () => {
    let nowMs = Date.parse('2026-12-03T12:00:00.000Z');
    const limiter = createRateLimiter(
      { requests: 2, windowMs: 60_000 },
      () => new Date(nowMs),
    );
    expect(limiter.take('user:default/alice')).toBeUndefined();
    expect(limiter.take('user:default/alice')).toBeUndefined();
    nowMs += 15_500;
    expect(limiter.take('user:default/alice')).toBe(45);
    // Another caller has its own count.
    expect(limiter.take('user:default/bob')).toBeUndefined();
    // A new window starts once the old one ended.
    nowMs += 44_500;
    expect(limiter.take('user:default/alice')).toBeUndefined();
  });
});
