import fs from 'node:fs';
import path from 'node:path';
import {
  evidencePushRequestSchema,
  pushableEvidenceKeys,
} from '@readiness/plugin-readiness-common';

/*
 * The README's CI examples are what adopters copy into their pipelines: every
 * body they post must pass the schema the router validates, and every shell
 * variable a workflow body uses must be set by the workflow, so the docs
 * cannot drift from the API or report a value nothing computed.
 */

const readme = fs.readFileSync(
  path.resolve(__dirname, '../../README.md'),
  'utf8',
);

function section(heading: string): string {
  const start = readme.indexOf(`${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start);
  return readme.slice(start, end < 0 ? undefined : end);
}

function fencedBlocks(text: string, language: string): string[] {
  const fence = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\\n\`\`\``, 'g');
  return [...text.matchAll(fence)].map(m => m[1]);
}

interface Heredoc {
  body: string;
  /** A quoted delimiter (`<<'JSON'`) leaves `$` alone. */
  literal: boolean;
}

function heredocs(script: string): Heredoc[] {
  return [
    ...script.matchAll(/<<('?)JSON\1\n([\s\S]*?)\n[ \t]*JSON(?:\n|$)/g),
  ].map(m => ({ body: m[2], literal: m[1] === "'" }));
}

// What the workflow's variables hold in a run, as JSON text.
const sampleValues: Record<string, string> = {
  GITHUB_RUN_ID: '4711',
  GITHUB_REF_NAME: 'main',
  RUN_URL: 'https://github.com/acme/payments-api/actions/runs/4711',
  BUILD_OK: 'false',
  ERRORS: '97',
  TESTS_OK: 'true',
  TOTAL: '412',
  FAILED: '0',
  LINES: '83.4',
  P95: '38.2',
  RPS: '1450.5',
  MET: 'true',
  DRILL_OK: 'true',
  DEPLOY_OK: 'true',
  DEPLOYED_AT: '2026-11-20T10:02:00Z',
  COMMITTED_AT: '2026-11-19T16:40:00Z',
  GITHUB_SHA: '9fceb02',
};

function variablesOf(body: string): string[] {
  return [...body.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map(m => m[1]);
}

function expand(body: string): string {
  return body.replace(
    /\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/g,
    (_m, braced?: string, bare?: string) => {
      const name = (braced ?? bare)!;
      const value = sampleValues[name];
      if (value === undefined) {
        throw new Error(`no sample value for $${name} in README example`);
      }
      return value;
    },
  );
}

function keysOf(bodies: string[]): Set<string> {
  return new Set(
    bodies.flatMap(body =>
      evidencePushRequestSchema.parse(JSON.parse(body)).map(item => item.key),
    ),
  );
}

const pushing = section('### Pushing evidence from CI');
const curlBodies = fencedBlocks(pushing, 'sh')
  .flatMap(heredocs)
  .map(h => (h.literal ? h.body : expand(h.body)));
const workflows = fencedBlocks(pushing, 'yaml').filter(b =>
  b.includes('jobs:'),
);
const workflowBodies = workflows.flatMap(heredocs);

// What a pipeline reports; the pipeline itself and dependency health are
// usually collected, so one table row each documents them.
const ciKinds = pushableEvidenceKeys.filter(
  k => k !== 'pipeline' && k !== 'dependency-health',
);

// Incidents and SLOs come from the incident and SLO tools, not a workflow.
const workflowKinds = ciKinds.filter(k => k !== 'incidents' && k !== 'slo');

describe('README: pushing evidence from CI', () => {
  it('finds the curl examples and one workflow', () => {
    expect(curlBodies.length).toBeGreaterThanOrEqual(ciKinds.length);
    expect(workflows).toHaveLength(1);
    expect(workflowBodies.length).toBeGreaterThanOrEqual(workflowKinds.length);
  });

  it.each(curlBodies.map((body, i) => [i, body]))(
    'curl example %i is a valid push body',
    (_i, body) => {
      const parsed = evidencePushRequestSchema.safeParse(JSON.parse(body));
      expect(parsed.error).toBeUndefined();
    },
  );

  it.each(workflowBodies.map((h, i) => [i, h.body]))(
    'workflow body %i is a valid push body once its variables are set',
    (_i, body) => {
      const parsed = evidencePushRequestSchema.safeParse(
        JSON.parse(expand(body)),
      );
      expect(parsed.error).toBeUndefined();
    },
  );

  it('sets every variable a workflow body uses (no unset error count)', () => {
    const [workflow] = workflows;
    const used = new Set(workflowBodies.flatMap(h => variablesOf(h.body)));
    const unset = [...used].filter(
      name =>
        !name.startsWith('GITHUB_') &&
        !new RegExp(`^\\s*${name}(=|: )`, 'm').test(workflow),
    );
    expect(unset).toEqual([]);
    // The error count is computed from the build's output, not defaulted.
    expect(workflow).toMatch(/^[ \t]*ERRORS=\$\(grep -c/m);
  });

  it('shows every CI evidence kind with curl and in the workflow', () => {
    expect([...keysOf(curlBodies)].sort()).toEqual([...ciKinds].sort());
    expect([...keysOf(workflowBodies.map(h => expand(h.body)))].sort()).toEqual(
      [...workflowKinds].sort(),
    );
  });

  it('gives a valid value example for every pushable key in the table', () => {
    const rows = [
      ...pushing.matchAll(/^\| `([a-z-]+)` +\|[^|]*\| `(\{.*\})` +\|$/gm),
    ].map(m => ({ key: m[1], value: JSON.parse(m[2]) }));
    expect(rows.map(r => r.key).sort()).toEqual(
      [
        ...pushableEvidenceKeys.filter(k => k !== 'dependency-health'),
        'security-audit',
      ].sort(),
    );
    for (const row of rows) {
      const parsed = evidencePushRequestSchema.safeParse(row);
      expect(parsed.error).toBeUndefined();
    }
  });
});
