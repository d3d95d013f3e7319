import {
  type CheckResult,
  type CheckSeverity,
  readinessDimensions,
  type ReadinessScore,
} from '../types';
import { countingChecks } from './counting';

const severityWeights: Record<CheckSeverity, number> = {
  blocker: 3,
  major: 2,
  minor: 1,
};

/**
 * Scores reality: each check's credit (unknown is 0, a waiver changes
 * nothing), weighted by severity within its dimension. The overall score is
 * the mean of the dimensions that have checks.
 *
 * @public
 */
export function computeScore(checks: readonly CheckResult[]): ReadinessScore {
  const result: ReadinessScore = { overall: 0, dimensions: {} };
  const subScores: number[] = [];
  for (const dimension of readinessDimensions) {
    const ofDimension = countingChecks(checks).filter(
      c => c.dimension === dimension,
    );
    if (ofDimension.length === 0) {
      continue;
    }
    let weighted = 0;
    let totalWeight = 0;
    for (const check of ofDimension) {
      const weight = severityWeights[check.severity];
      const credit = check.status === 'unknown' ? 0 : check.credit;
      weighted += weight * Math.min(1, Math.max(0, credit));
      totalWeight += weight;
    }
    const subScore = (weighted / totalWeight) * 100;
    result.dimensions[dimension] = Math.round(subScore);
    subScores.push(subScore);
  }
  if (subScores.length > 0) {
    result.overall = Math.round(
      subScores.reduce((sum, s) => sum + s, 0) / subScores.length,
    );
  }
  return result;
}
