import { allChecks, checkResult } from '../testUtils/fixtures';
import { computeScore } from './score';

describe('computeScore', () => {
  it('is 100 when everything passes', () => {
    expect(computeScore(allChecks())).toEqual({
      overall: 100,
      dimensions: {
        build: 100,
        security: 100,
        testing: 100,
        documentation: 100,
        operations: 100,
      },
    });
  });

  it('gives partial credit', () => {
    const score = computeScore([
      checkResult('docs.complete', 'fail', { credit: 0.1 }),
    ]);
    expect(score.dimensions).toEqual({ documentation: 10 });
    expect(score.overall).toBe(10);
  });

  it('weights checks by severity within a dimension', () => {
    // build.clean is a blocker (3), quality.tech-debt major (2).
    const score = computeScore([
      checkResult('build.clean', 'pass'),
      checkResult('quality.tech-debt', 'fail', { credit: 0 }),
    ]);
    expect(score.dimensions.build).toBe(60);
  });

  it.each([
    ['unknown', checkResult('quality.coverage', 'unknown', { credit: 0.7 }), 0],
    // Score shows reality: a waiver does not raise it.
    ['waived', checkResult('quality.coverage', 'waived', { credit: 0.25 }), 25],
  ])('scores a %s check by its real credit', (_name, check, expected) => {
    expect(computeScore([check]).dimensions.testing).toBe(expected);
  });

  it('excludes dimensions without checks from the overall', () => {
    const score = computeScore([
      checkResult('build.clean', 'pass'),
      checkResult('docs.complete', 'fail', { credit: 0 }),
    ]);
    expect(score.dimensions).toEqual({ build: 100, documentation: 0 });
    expect(score.overall).toBe(50);
  });

  it('is 0 without checks', () => {
    expect(computeScore([])).toEqual({ overall: 0, dimensions: {} });
  });
});
