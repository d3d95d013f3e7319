import type { Evidence } from '../types';
import { latestEvidenceByKey } from './evaluateChecks';

const now = '2026-12-03T12:00:00.000Z';
const fresh = '2026-12-30T00:00:00.000Z';

function pipeline(
  succeeded: boolean,
  fields: Partial<Evidence> & { source: string },
): Evidence {
  return {
    key: 'pipeline',
    value: { exists: true, latestRunSucceeded: succeeded },
    observedAt: '2026-12-03T11:00:00.000Z',
    staleAfter: fresh,
    ...fields,
  } as Evidence;
}

const selected = (evidence: Evidence[]) =>
  latestEvidenceByKey(evidence, now).get('pipeline');

describe('latestEvidenceByKey', () => {
  it('orders by receipt, not by the observedAt the sender chose', () => {
    const spoofed = pipeline(true, {
      source: 'push',
      pushed: true,
      observedAt: '2099-01-01T00:00:00.000Z',
      receivedAt: '2026-12-03T10:00:00.000Z',
    });
    const honest = pipeline(false, {
      source: 'github-actions',
      pushed: true,
      observedAt: '2026-12-03T09:00:00.000Z',
      receivedAt: '2026-12-03T11:00:00.000Z',
    });
    expect(selected([spoofed, honest])).toBe(honest);
    expect(selected([honest, spoofed])).toBe(honest);
  });

  it("counts a collector's usable evidence over a later push of the same key", () => {
    const collected = pipeline(false, {
      source: 'github',
      receivedAt: '2026-12-03T10:00:00.000Z',
    });
    const pushed = pipeline(true, {
      source: 'push',
      pushed: true,
      receivedAt: '2026-12-03T11:00:00.000Z',
    });
    expect(selected([collected, pushed])).toBe(collected);
    expect(selected([pushed, collected])).toBe(collected);
  });

  it("counts the push when the collector's evidence is stale or failed", () => {
    const pushed = pipeline(true, { source: 'push', pushed: true });
    const stale = pipeline(false, {
      source: 'github',
      staleAfter: '2026-12-01T00:00:00.000Z',
    });
    const failed = {
      ...pipeline(false, { source: 'github' }),
      value: undefined,
      error: 'GitHub answered 503',
    } as Evidence;
    expect(selected([stale, pushed])).toBe(pushed);
    expect(selected([pushed, failed])).toBe(pushed);
  });

  it('falls back to observedAt without a receipt time (the CLI)', () => {
    const older = pipeline(false, { source: 'a' });
    const newer = pipeline(true, {
      source: 'b',
      observedAt: '2026-12-03T11:30:00.000Z',
    });
    expect(selected([newer, older])).toBe(newer);
  });
});
