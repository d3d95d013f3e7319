import { resolveReadinessConfig } from '../../config';
import { evaluateChecks } from '../../evaluation/evaluateChecks';
import { evidence, NOW } from '../../testUtils/fixtures';
import type {
  CheckId,
  CheckResult,
  Evidence,
  RepositoryFilesEvidenceValue,
} from '../../types';

// What the repository collector adds to its evidence: README size and
// headings, test file counts, coverage reports and CI workflows.

function evaluateOne(id: CheckId, items: Evidence[]): CheckResult {
  const { checks } = evaluateChecks({
    checks: resolveReadinessConfig().checks,
    evidence: items,
    now: NOW,
  });
  return checks.find(c => c.id === id)!;
}

const files = (overrides: Partial<RepositoryFilesEvidenceValue> = {}) =>
  evidence('repository-files', {
    readme: true,
    docs: true,
    runbook: true,
    securityPolicy: true,
    dependencyUpdates: true,
    codeowners: true,
    ...overrides,
  });

const catalog = evidence('catalog', {
  techdocs: false,
  monitoring: [],
  alerting: [],
  onCall: [],
  errorTracking: [],
});

describe('docs.complete with README size and headings', () => {
  it('calls a small README basic, with the same 10% credit', () => {
    const result = evaluateOne('docs.complete', [
      files({
        docs: false,
        runbook: false,
        readmeBytes: 120,
        readmeSections: ['tool', 'Usage'],
      }),
      catalog,
    ]);
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('missing docs, runbook (basic README only)');
    expect(result.details).toEqual([
      'README: 120 bytes; headings: tool, Usage (a basic README)',
    ]);
    expect(result.credit).toBeCloseTo(0.1);
    expect(result.actions).toContain(
      'expand the README: what the component does, how to build, run and deploy it',
    );
  });

  it('calls a README with only a title basic, however long', () => {
    const result = evaluateOne('docs.complete', [
      files({ runbook: false, readmeBytes: 5000, readmeSections: ['tool'] }),
    ]);
    expect(result.summary).toBe('missing runbook (basic README, docs present)');
    expect(result.details).toEqual([
      'README: 5000 bytes; headings: tool (a basic README)',
    ]);
    expect(result.credit).toBeCloseTo(0.55);
  });

  it('describes a README with sections without calling it basic', () => {
    const sections = ['svc', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'];
    const result = evaluateOne('docs.complete', [
      files({
        docs: false,
        runbook: false,
        readmeBytes: 304,
        readmeSections: sections,
      }),
      catalog,
    ]);
    expect(result.summary).toBe('missing docs, runbook (README present)');
    expect(result.details).toEqual([
      'README: 304 bytes; headings: svc, A, B, C, D, E, F, G and 2 more',
    ]);
    expect(result.actions).toEqual([
      'add documentation (a docs/ folder or TechDocs)',
      'write an operations runbook',
    ]);
  });

  it('still passes with a basic README when docs and runbook exist', () => {
    const result = evaluateOne('docs.complete', [
      files({ readmeBytes: 80, readmeSections: [] }),
    ]);
    expect(result.status).toBe('pass');
    expect(result.actions).toEqual([]);
    expect(result.details).toEqual([
      'README: 80 bytes; no headings (a basic README)',
    ]);
  });

  it('says what is known when the README is not markdown', () => {
    const result = evaluateOne('docs.complete', [files({ readmeBytes: 900 })]);
    expect(result.details).toEqual(['README: 900 bytes']);
  });

  it('keeps the README details when the check is unknown', () => {
    const result = evaluateOne('docs.complete', [
      files({ docs: false, readmeBytes: 900, readmeSections: ['a', 'b'] }),
    ]);
    expect(result.status).toBe('unknown');
    expect(result.details).toEqual(['README: 900 bytes; headings: a, b']);
  });

  it('ignores size and headings when there is no README', () => {
    const result = evaluateOne('docs.complete', [
      files({ readme: false, readmeBytes: 10 }),
    ]);
    expect(result.summary).toBe('missing README (docs, runbook present)');
    expect(result.details).toEqual([]);
  });
});

describe('quality.tests-pass with test files as context', () => {
  it.each<[string, Evidence[], string[]]>([
    [
      'test files but no results',
      [files({ testFiles: 12 })],
      ['12 test files found, but no test results'],
    ],
    [
      'one test file',
      [files({ testFiles: 1 })],
      ['1 test file found, but no test results'],
    ],
    [
      'no test files',
      [files({ testFiles: 0 })],
      ['no test files found in the repository'],
    ],
    ['no count', [files()], []],
    ['no repository evidence', [], []],
  ])('stays unknown with %s', (_name, items, details) => {
    const result = evaluateOne('quality.tests-pass', items);
    expect(result.status).toBe('unknown');
    expect(result.summary).toBe('no test evidence yet');
    expect(result.details).toEqual(details);
    expect(result.credit).toBe(0);
  });

  it('never turns test files into a pass or a fail', () => {
    expect(
      evaluateOne('quality.tests-pass', [
        files({ testFiles: 0 }),
        evidence('tests', { passed: true, total: 3 }),
      ]).status,
    ).toBe('pass');
  });
});

describe('quality.coverage with several reports', () => {
  it('lists the reports and names the lowest as the value', () => {
    const result = evaluateOne('quality.coverage', [
      evidence('coverage', {
        linePercent: 61.5,
        reports: [
          { file: 'api/coverage/lcov.info', linePercent: 91 },
          { file: 'web/coverage/coverage-summary.json', linePercent: 61.5 },
        ],
      }),
    ]);
    expect(result.status).toBe('fail');
    expect(result.summary).toBe(
      'line coverage 61.5% (minimum 80%), the lowest of 2 reports',
    );
    expect(result.details).toEqual([
      'api/coverage/lcov.info: 91%',
      'web/coverage/coverage-summary.json: 61.5%',
    ]);
  });

  it('says why a report could not be read', () => {
    const result = evaluateOne('quality.coverage', [
      {
        ...evidence('coverage', { linePercent: 0 }),
        value: undefined,
        error: 'could not read coverage/lcov.info: no LF/LH or DA lines',
      },
    ]);
    expect(result.status).toBe('unknown');
    expect(result.summary).toBe(
      'could not collect coverage evidence: could not read coverage/lcov.info: no LF/LH or DA lines',
    );
  });
});

describe('delivery.pipeline with CI workflows that do not deploy', () => {
  it('names the workflows found', () => {
    const result = evaluateOne('delivery.pipeline', [
      evidence('pipeline', {
        exists: false,
        workflows: ['.github/workflows/ci.yml', '.github/workflows/lint.yml'],
      }),
    ]);
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('no deployment pipeline');
    expect(result.details).toEqual([
      'CI workflows found, none of which deploys: .github/workflows/ci.yml, .github/workflows/lint.yml',
    ]);
  });
});
