import {
  CheckEvaluator,
  evidenceLinkOf,
  links,
  passOutcome,
  plural,
  unknownOutcome,
} from './context';
import type { BuildEvidenceValue } from '../../types';

/** Groups shown in `build.clean`'s details; the rest are summed in one line. */
const SHOWN_ERROR_GROUPS = 5;

/** "E0432 unresolved import … ×14", most frequent first, then "warnings". */
function buildDetails(value: BuildEvidenceValue): string[] {
  const groups = value.errorGroups ?? [];
  const details = groups
    .slice(0, SHOWN_ERROR_GROUPS)
    .map(g => `${g.code ? `${g.code} ` : ''}${g.message} ×${g.count}`);
  const rest = groups
    .slice(SHOWN_ERROR_GROUPS)
    .reduce((sum, g) => sum + g.count, 0);
  if (rest > 0) {
    details.push(`${plural(rest, 'other error')}`);
  }
  if (value.compilationErrorsAtLeast) {
    details.push(
      'the count is a lower bound: read from annotations (at most 50 per job), a log cut at its size limit, or a compiler that stopped early',
    );
  }
  if (value.warnings) {
    details.push(`${plural(value.warnings, 'warning')}, not counted as errors`);
  }
  return details;
}

/** `build.clean`: the latest default-branch build succeeded with 0 errors. */
export const evaluateBuildClean: CheckEvaluator = ctx => {
  const build = ctx.evidence('build');
  if (!build.usable) {
    return unknownOutcome(build.reason);
  }
  const { succeeded, compilationErrors, branch } = build.value;
  const on = branch ? ` on ${branch}` : ' on the default branch';
  const evidenceLinks = links(evidenceLinkOf(build.evidence));
  const details = buildDetails(build.value);
  if (succeeded && compilationErrors === 0) {
    return passOutcome(`the latest build${on} succeeded`, {
      details,
      evidenceLinks,
      counters: { compilationErrors },
    });
  }
  const errors = `${build.value.compilationErrorsAtLeast ? 'at least ' : ''}${plural(compilationErrors, 'compilation error')}`;
  return {
    status: 'fail',
    summary:
      compilationErrors > 0 ? `${errors}${on}` : `the latest build${on} failed`,
    details,
    evidenceLinks,
    credit: 0,
    // A failed build without a count has no error total to make progress on.
    counters: compilationErrors > 0 ? { compilationErrors } : {},
    actions: [
      compilationErrors > 0
        ? `fix the ${errors}${on}`
        : `fix the failing build${on}`,
    ],
  };
};

/** `delivery.pipeline`: a deployment pipeline exists and its latest run succeeded. */
export const evaluateDeliveryPipeline: CheckEvaluator = ctx => {
  const pipeline = ctx.evidence('pipeline');
  if (!pipeline.usable) {
    return unknownOutcome(pipeline.reason);
  }
  const { exists, latestRunSucceeded, name, workflows = [] } = pipeline.value;
  const evidenceLinks = links(evidenceLinkOf(pipeline.evidence));
  const label = name ? `deployment pipeline ${name}` : 'deployment pipeline';
  if (!exists) {
    return {
      status: 'fail',
      summary: 'no deployment pipeline',
      // CI that only builds and tests is not a deployment pipeline; naming
      // it shows where a deploy job could go.
      details:
        workflows.length > 0
          ? [
              `CI workflows found, none of which deploys: ${workflows.join(', ')}`,
            ]
          : [],
      evidenceLinks,
      credit: 0,
      counters: { pipelineIssues: 1 },
      actions: [
        'add a deployment pipeline that builds, tests and deploys the default branch',
      ],
    };
  }
  if (latestRunSucceeded === true) {
    return passOutcome(`the latest run of the ${label} succeeded`, {
      evidenceLinks,
      counters: { pipelineIssues: 0 },
    });
  }
  const neverRan = latestRunSucceeded === undefined;
  return {
    status: 'fail',
    summary: neverRan
      ? `the ${label} has not run yet`
      : `the latest run of the ${label} failed`,
    details: [],
    evidenceLinks,
    // The pipeline exists, which is half the work.
    credit: 0.5,
    counters: { pipelineIssues: 1 },
    actions: [
      neverRan
        ? `run the ${label} successfully`
        : `fix the failing ${label} run`,
    ],
  };
};

/** `quality.tech-debt`: TODO/FIXME markers at most `maxTodoMarkers`. */
export const evaluateTechDebt: CheckEvaluator = ctx => {
  const todos = ctx.evidence('todo-markers');
  if (!todos.usable) {
    return unknownOutcome(todos.reason);
  }
  const max = ctx.check.thresholds.maxTodoMarkers ?? 10;
  const { count, files } = todos.value;
  const evidenceLinks = links(evidenceLinkOf(todos.evidence));
  // Zero markers in zero files is not clean code: nothing was looked at.
  if (files === 0) {
    return unknownOutcome(
      'no source files were read to count TODO/FIXME markers',
      {
        evidenceLinks,
        actions: [
          'point the repository collector at the source (readiness.repository.sourceExtensions, todoGlobs)',
        ],
      },
    );
  }
  const counters = { todoMarkers: count };
  const summary = `${plural(count, 'TODO/FIXME marker')} (maximum ${max})`;
  // A code-quality analysis (SonarQube) is where the rest of the debt is
  // tracked: shown as context, it does not change the outcome.
  const catalog = ctx.evidence('catalog');
  const analysis = catalog.usable ? (catalog.value.codeQuality ?? []) : [];
  const details =
    analysis.length > 0
      ? [`code-quality analysis: ${analysis.join(', ')}`]
      : [];
  if (count <= max) {
    return passOutcome(summary, { details, evidenceLinks, counters });
  }
  return {
    status: 'fail',
    summary,
    details,
    evidenceLinks,
    credit: max > 0 ? max / count : 0,
    counters,
    actions: [
      `resolve at least ${plural(count - max, 'TODO/FIXME marker')} (${count} found, maximum ${max})`,
    ],
  };
};
