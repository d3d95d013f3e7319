import { evaluateReadiness } from './evaluateReadiness';
import {
  DEFAULT_PUSHED_EVIDENCE_LIFETIME_MS,
  pushedEvidenceLifetimeMs,
  toPushedEvidence,
} from './pushedEvidence';

const day = 86_400_000;
const now = '2026-12-01T00:00:00.000Z';

describe('pushed evidence lifetimes', () => {
  it('keeps a disaster-recovery drill for as long as its check accepts one', () => {
    expect(pushedEvidenceLifetimeMs('dr-drill')).toBe(365 * day);
    expect(
      pushedEvidenceLifetimeMs('dr-drill', {
        config: {
          checks: {
            'operations.disaster-recovery': { thresholds: { maxAgeDays: 90 } },
          },
        },
        defaultLifetimeMs: day,
      }),
    ).toBe(90 * day);
  });

  it('gives anything else the general lifetime', () => {
    expect(pushedEvidenceLifetimeMs('build')).toBe(
      DEFAULT_PUSHED_EVIDENCE_LIFETIME_MS,
    );
    expect(DEFAULT_PUSHED_EVIDENCE_LIFETIME_MS).toBe(30 * day);
    expect(
      pushedEvidenceLifetimeMs('tests', { defaultLifetimeMs: 7 * day }),
    ).toBe(7 * day);
  });

  it('marks the item pushed, fills in source, observation time and staleness, and keeps what the push says', () => {
    expect(
      toPushedEvidence(
        { key: 'coverage', value: { linePercent: 80 } },
        { now, defaultLifetimeMs: day },
      ),
    ).toEqual({
      key: 'coverage',
      value: { linePercent: 80 },
      source: 'push',
      pushed: true,
      observedAt: now,
      staleAfter: '2026-12-02T00:00:00.000Z',
    });
    expect(
      toPushedEvidence(
        {
          key: 'coverage',
          value: { linePercent: 80 },
          source: 'ci',
          observedAt: '2026-11-30T00:00:00.000Z',
          staleAfter: '2026-11-30T12:00:00.000Z',
        },
        { now },
      ),
    ).toMatchObject({
      source: 'ci',
      observedAt: '2026-11-30T00:00:00.000Z',
      staleAfter: '2026-11-30T12:00:00.000Z',
    });
  });

  it('lets a 200-day-old drill pass while a 40-day-old build is stale', () => {
    const report = evaluateReadiness({
      entityRef: 'component:default/x',
      evidence: [
        toPushedEvidence(
          {
            key: 'dr-drill',
            value: { succeeded: true },
            observedAt: new Date(Date.parse(now) - 200 * day).toISOString(),
          },
          { now },
        ),
        toPushedEvidence(
          {
            key: 'build',
            value: { succeeded: true, compilationErrors: 0 },
            observedAt: new Date(Date.parse(now) - 40 * day).toISOString(),
          },
          { now },
        ),
      ],
      now,
    });
    const status = (id: string) =>
      report.checks.find(check => check.id === id)?.status;
    expect(status('operations.disaster-recovery')).toBe('pass');
    expect(status('build.clean')).toBe('unknown');
  });
});
