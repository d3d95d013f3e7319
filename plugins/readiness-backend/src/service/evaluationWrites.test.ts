import { evaluateReadiness } from '@readiness/plugin-readiness-common';
import { changesHistory, decideEvaluationWrites } from './evaluationWrites';

const T0 = '2026-11-24T10:00:00.000Z';
const point = {
  tier: null,
  score: 12,
  stopWork: true,
  risk: 'critical' as const,
};

function failingBuild(compilationErrors: number, now = T0) {
  return evaluateReadiness({
    entityRef: 'component:default/claude-flow',
    evidence: [
      {
        source: 'push',
        key: 'build',
        value: { succeeded: compilationErrors === 0, compilationErrors },
        observedAt: now,
        staleAfter: '2026-12-24T10:00:00.000Z',
      },
    ],
    now,
  });
}

describe('changesHistory', () => {
  it('starts history with the first report and adds a point only when tier, score, stop-work or risk moved', () => {
    expect(changesHistory(undefined, point)).toBe(true);
    expect(changesHistory(point, { ...point })).toBe(false);
    expect(changesHistory(point, { ...point, tier: 'mvs' })).toBe(true);
    expect(changesHistory(point, { ...point, score: 13 })).toBe(true);
    expect(changesHistory(point, { ...point, stopWork: false })).toBe(true);
    expect(changesHistory(point, { ...point, risk: 'high' })).toBe(true);
  });
});

describe('decideEvaluationWrites', () => {
  it('compares the stored point with the summary row, in whole points', () => {
    const report = failingBuild(97);
    const fractional = {
      ...report,
      score: { ...report.score, overall: report.score.overall + 0.4 },
    };
    const stored = {
      tier: report.tier,
      score: report.score.overall,
      stopWork: true,
      risk: report.risk.level,
    };
    expect(
      decideEvaluationWrites(fractional)({ previous: stored }).history,
    ).toBe(false);
  });

  it('opens the automatic order from the report, and lifts the open one once no blocker fails', () => {
    const failing = failingBuild(97);
    expect(decideEvaluationWrites(failing)({}).stopWork).toEqual({
      action: 'open',
      reason: 'blockers fail: build.clean',
      beganAt: T0,
      blockers: ['build.clean'],
      countsAtStart: { compilationErrors: 97 },
    });
    const open = {
      id: '1',
      entityRef: 'component:default/claude-flow',
      origin: 'automatic' as const,
      beganAt: T0,
      blockers: ['build.clean' as const],
      countsAtStart: { compilationErrors: 97 },
    };
    expect(
      decideEvaluationWrites(failingBuild(0))({ openAutomaticOrder: open })
        .stopWork.action,
    ).toBe('lift');
  });
});
