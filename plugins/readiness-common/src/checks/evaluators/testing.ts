import type { EvidenceOf } from '../../types';
import {
  CheckEvaluator,
  evidenceLinkOf,
  EvidenceLookup,
  links,
  passOutcome,
  plural,
  unknownOutcome,
} from './context';

/** `quality.tests-pass`: the default-branch test suite ran and passed. */
export const evaluateTestsPass: CheckEvaluator = ctx => {
  const tests = ctx.evidence('tests');
  if (!tests.usable) {
    // Test files in the repository are context, never a result: the check
    // stays unknown, but says the suite exists and only its results are due.
    const files = ctx.evidence('repository-files');
    const testFiles = files.usable ? files.value.testFiles : undefined;
    return unknownOutcome(tests.reason, {
      details:
        testFiles === undefined
          ? []
          : [
              testFiles > 0
                ? `${plural(testFiles, 'test file')} found, but no test results`
                : 'no test files found in the repository',
            ],
    });
  }
  const { passed, total, failed } = tests.value;
  const evidenceLinks = links(evidenceLinkOf(tests.evidence));
  const of = total !== undefined ? ` of ${total}` : '';
  // A suite that ran no test proves nothing.
  if (passed && total === 0) {
    return unknownOutcome('the test suite ran no tests', {
      evidenceLinks,
      actions: ['make the default-branch test run execute the tests'],
    });
  }
  if (passed) {
    return passOutcome(
      total !== undefined
        ? `all ${plural(total, 'test')} passed`
        : 'the test suite passed',
      { evidenceLinks, counters: { failedTests: 0 } },
    );
  }
  return {
    status: 'fail',
    summary:
      failed !== undefined
        ? `${failed}${of} tests failed`
        : 'the test suite failed',
    details: [],
    evidenceLinks,
    credit: 0,
    // Without a count, a failing suite counts as one problem.
    counters: { failedTests: failed ?? 1 },
    actions: [
      failed !== undefined
        ? `fix the ${plural(failed, 'failing test')} on the default branch`
        : 'make the default-branch test suite pass',
    ],
  };
};

/** `quality.coverage`: line coverage at least `minLinePercent`. */
export const evaluateCoverage: CheckEvaluator = ctx => {
  const coverage = ctx.evidence('coverage');
  if (!coverage.usable) {
    return unknownOutcome(coverage.reason);
  }
  const min = ctx.check.thresholds.minLinePercent ?? 80;
  const { linePercent: percent, reports = [] } = coverage.value;
  const evidenceLinks = links(evidenceLinkOf(coverage.evidence));
  const summary = `line coverage ${percent}% (minimum ${min}%)${
    reports.length > 1 ? `, the lowest of ${reports.length} reports` : ''
  }`;
  const met = percent >= min;
  return {
    status: met ? 'pass' : 'fail',
    summary,
    details: reports.map(r => `${r.file}: ${r.linePercent}%`),
    evidenceLinks,
    credit: min > 0 ? Math.min(1, Math.max(0, percent) / min) : 1,
    actions: met
      ? []
      : [`raise line coverage from ${percent}% to at least ${min}%`],
  };
};

/**
 * Shared rule of benchmark and load-test results.
 *
 * @internal
 */
export function evaluateTargetResult(
  result: EvidenceLookup<'benchmark'> | EvidenceLookup<'load-test'>,
  noun: string,
): ReturnType<CheckEvaluator> {
  if (!result.usable) {
    return unknownOutcome(result.reason);
  }
  const { met, name, value, target, unit } = result.value;
  const label = name ? `${noun} ${name}` : noun;
  const unitSuffix = unit ? ` ${unit}` : '';
  const measured =
    value !== undefined && target !== undefined
      ? ` (${value}${unitSuffix}, target ${target}${unitSuffix})`
      : '';
  const evidenceLinks = links(
    evidenceLinkOf(result.evidence as EvidenceOf<'benchmark'>),
  );
  return {
    status: met ? 'pass' : 'fail',
    summary: `${label} ${met ? 'met' : 'missed'} its target${measured}`,
    details: [],
    evidenceLinks,
    credit: met ? 1 : 0,
    actions: met ? [] : [`bring ${label} to its target${measured}`],
  };
}

/** `quality.benchmarks`: a benchmark result was reported and met its target. */
export const evaluateBenchmarks: CheckEvaluator = ctx =>
  evaluateTargetResult(ctx.evidence('benchmark'), 'benchmark');
