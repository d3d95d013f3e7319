import {
  daysFromNow,
  evidence,
  healthyEvidence,
  licensePolicyConfig,
  NOW,
  withEvidence,
} from '../testUtils/fixtures';
import type { Evidence, HistoryEntry } from '../types';
import { evaluateReadiness } from './evaluateReadiness';
import { currentTierSince, detectRegressions } from './regressions';

const entityRef = 'component:default/payments';

function evaluate(items: Evidence[], now: string) {
  return evaluateReadiness({
    entityRef,
    evidence: items,
    now,
    config: licensePolicyConfig,
  });
}

describe('detectRegressions', () => {
  const earlier = daysFromNow(-2);
  const passingEvidence = healthyEvidence().map(item => ({
    ...item,
    observedAt: daysFromNow(-3),
    receivedAt: daysFromNow(-3),
  }));
  const brokenBuild = evidence(
    'build',
    { succeeded: false, compilationErrors: 97, branch: 'main' },
    { observedAt: daysFromNow(-1), receivedAt: daysFromNow(-1) },
  );

  it('names the check that went from pass to fail and the evidence that moved it', () => {
    const before = evaluate(passingEvidence, earlier);
    const afterEvidence = withEvidence(passingEvidence, brokenBuild);
    const after = evaluate(afterEvidence, NOW);

    const regressions = detectRegressions(before, after, afterEvidence);

    expect(regressions).toEqual([
      {
        checkId: 'build.clean',
        title: before.checks.find(c => c.id === 'build.clean')!.title,
        from: 'pass',
        to: 'fail',
        detectedAt: NOW,
        summaryBefore: before.checks.find(c => c.id === 'build.clean')!.summary,
        summaryAfter: after.checks.find(c => c.id === 'build.clean')!.summary,
        evidence: [
          {
            key: 'build',
            source: 'test',
            observedAt: brokenBuild.observedAt,
          },
        ],
      },
    ]);
    expect(regressions[0].summaryAfter).toContain('97');
  });

  it('finds none without a previous report, or when nothing got worse', () => {
    const report = evaluate(passingEvidence, NOW);
    expect(detectRegressions(undefined, report, passingEvidence)).toEqual([]);
    expect(
      detectRegressions(evaluate(passingEvidence, earlier), report),
    ).toEqual([]);
  });

  it('does not count unknown as a regression: missing evidence is not a failure', () => {
    const before = evaluate(passingEvidence, earlier);
    const after = evaluate(
      passingEvidence.filter(item => item.key !== 'build'),
      NOW,
    );
    expect(after.checks.find(c => c.id === 'build.clean')?.status).toBe(
      'unknown',
    );
    expect(detectRegressions(before, after)).toEqual([]);
  });

  it('lists only evidence that arrived after the passing evaluation', () => {
    const before = evaluate(passingEvidence, earlier);
    const after = evaluate(withEvidence(passingEvidence, brokenBuild), NOW);
    const [regression] = detectRegressions(before, after, passingEvidence);
    expect(regression.evidence).toEqual([]);
  });
});

describe('currentTierSince', () => {
  const point = (evaluatedAt: string, tier: HistoryEntry['tier']) => ({
    evaluatedAt,
    tier,
    score: 50,
    stopWork: false,
    risk: 'none' as const,
  });

  it('goes back to the first point of the unbroken run of the current tier', () => {
    expect(
      currentTierSince([
        point('2026-01-01T00:00:00.000Z', 'production'),
        point('2026-01-05T00:00:00.000Z', 'mvs'),
        point('2026-01-09T00:00:00.000Z', 'production'),
        point('2026-01-12T00:00:00.000Z', 'production'),
      ]),
    ).toEqual({ tier: 'production', since: '2026-01-09T00:00:00.000Z' });
  });

  it('is undefined without history', () => {
    expect(currentTierSince([])).toBeUndefined();
  });
});
