import { daysFromNow, healthyEvidence } from '../testUtils/fixtures';
import { errorOf, scriptUrl } from './__testUtils__/rejections';
import { evidenceSchema, maxPushedBuildLogChars } from './evidence';
import { evidencePushRequestSchema } from './evidencePush';

const future = daysFromNow(30);

describe('evidencePushRequestSchema', () => {
  const build = {
    key: 'build',
    value: { succeeded: true, compilationErrors: 0 },
  };

  it.each([
    ['one item', build, [build]],
    [
      'many items',
      [build, { key: 'coverage', value: { linePercent: 81.5 } }],
      [build, { key: 'coverage', value: { linePercent: 81.5 } }],
    ],
    [
      'optional fields',
      {
        ...build,
        observedAt: '2026-03-01T10:00:00Z',
        staleAfter: future,
        link: 'https://ci.example.com/run/1',
      },
      [
        {
          ...build,
          observedAt: '2026-03-01T10:00:00Z',
          staleAfter: future,
          link: 'https://ci.example.com/run/1',
        },
      ],
    ],
  ])('accepts %s as an array', (_name, body, expected) => {
    expect(evidencePushRequestSchema.parse(body)).toEqual(expected);
  });

  it.each([
    [
      'a non-pushable key',
      { key: 'vulnerabilities', value: {} },
      'key: unknown evidence key; expected one of build, tests',
    ],
    [
      'a wrong value type',
      { key: 'build', value: { succeeded: 'yes', compilationErrors: 0 } },
      'value.succeeded: Invalid input: expected boolean',
    ],
    [
      'a wrong value in an array',
      [build, { key: 'tests', value: { passed: true, failed: -1 } }],
      '[1].value.failed:',
    ],
    [
      'a javascript: link',
      { ...build, link: scriptUrl },
      'link: must be an http(s) URL',
    ],
    [
      'a bad timestamp',
      { ...build, observedAt: 'yesterday' },
      'observedAt: Invalid ISO datetime',
    ],
    [
      'coverage above 100',
      { key: 'coverage', value: { linePercent: 120 } },
      'value.linePercent:',
    ],
    ['an empty array', [], 'Too small'],
    ['a number', 42, 'expected an evidence item or an array of evidence items'],
  ])('rejects %s naming the field', (_name, body, message) => {
    expect(errorOf(evidencePushRequestSchema, body)).toContain(message);
  });

  it('accepts a build as its raw log, with or without a value', () => {
    const log = 'error[E0432]: unresolved import `a`\n --> src/main.rs:1:5\n';
    expect(evidencePushRequestSchema.parse({ key: 'build', log })).toEqual([
      { key: 'build', log },
    ]);
    expect(evidencePushRequestSchema.parse({ ...build, log })).toEqual([
      { ...build, log },
    ]);
  });

  it.each([
    [
      'neither a value nor a log',
      { key: 'build' },
      'value: either value or log is required',
    ],
    [
      'a log over the cap',
      { key: 'build', log: 'x'.repeat(maxPushedBuildLogChars + 1) },
      'log: Too big',
    ],
    [
      'a log on another key',
      { key: 'tests', log: 'x' },
      'value: Invalid input',
    ],
  ])('rejects a build with %s', (_name, body, message) => {
    expect(errorOf(evidencePushRequestSchema, body)).toContain(message);
  });

  it('rejects a link longer than the bound', () => {
    expect(
      errorOf(evidencePushRequestSchema, {
        ...build,
        link: `https://x.example.com/${'a'.repeat(3000)}`,
      }),
    ).toContain('link:');
  });
});

describe('evidenceSchema', () => {
  it('accepts every fixture evidence item', () => {
    for (const item of healthyEvidence()) {
      expect(evidenceSchema.parse(item)).toEqual(item);
    }
  });

  it('keeps when an item was received and whether it was pushed, so exported evidence ranks as in the backend', () => {
    const [item] = healthyEvidence();
    const stamped = {
      ...item,
      receivedAt: '2026-12-03T12:00:00.000Z',
      pushed: true,
    };
    expect(evidenceSchema.parse(stamped)).toEqual(stamped);
    expect(errorOf(evidenceSchema, { ...item, pushed: 'yes' })).toContain(
      'pushed',
    );
  });

  it('requires a value or an error', () => {
    expect(
      errorOf(evidenceSchema, {
        key: 'build',
        source: 'ci',
        observedAt: future,
        staleAfter: future,
      }),
    ).toBe('value: either value or error is required');
  });
});

describe('repository evidence values', () => {
  const stamp = {
    source: 'repository',
    observedAt: future,
    staleAfter: future,
  };
  const files = {
    readme: true,
    docs: false,
    runbook: false,
    securityPolicy: false,
    dependencyUpdates: false,
    codeowners: false,
  };

  it.each([
    [
      'README size, headings and test files',
      {
        key: 'repository-files',
        value: {
          ...files,
          readmeBytes: 304,
          readmeSections: ['claude-flow', 'Build', 'Run'],
          testFiles: 0,
        },
      },
    ],
    [
      'coverage reports',
      {
        key: 'coverage',
        value: {
          linePercent: 61.5,
          reports: [{ file: 'coverage/lcov.info', linePercent: 61.5 }],
        },
      },
    ],
    [
      'CI workflows that do not deploy',
      {
        key: 'pipeline',
        value: { exists: false, workflows: ['.github/workflows/ci.yml'] },
      },
    ],
    [
      'unsound advisories with fixes, the audited count and unchecked signals',
      {
        key: 'dependency-health',
        value: {
          findings: [
            {
              ecosystem: 'crates.io',
              packageName: 'paste',
              version: '1.0.15',
              kind: 'unsound',
              advisoryId: 'RUSTSEC-2099-0001',
              summary: 'unsound',
              fixedVersions: ['1.0.16'],
              nearestFixed: '1.0.16',
            },
          ],
          scannedPackages: 40,
          unchecked: [
            { signal: 'crates-yanked', reason: 'offline', packages: 40 },
          ],
        },
      },
    ],
    [
      'the number of files a TODO count read',
      { key: 'todo-markers', value: { count: 3, files: 12 } },
    ],
  ])('accepts %s', (_name, item) => {
    expect(evidenceSchema.parse({ ...item, ...stamp })).toEqual({
      ...item,
      ...stamp,
    });
  });

  it.each([
    [
      'a negative README size',
      { key: 'repository-files', value: { ...files, readmeBytes: -1 } },
      'value.readmeBytes:',
    ],
    [
      'a fractional test file count',
      { key: 'repository-files', value: { ...files, testFiles: 1.5 } },
      'value.testFiles:',
    ],
    [
      'an unknown registry signal',
      {
        key: 'dependency-health',
        value: {
          findings: [],
          unchecked: [{ signal: 'pypi-yanked', reason: 'x', packages: 1 }],
        },
      },
      'value.unchecked[0].signal:',
    ],
    [
      'a report above 100%',
      {
        key: 'coverage',
        value: {
          linePercent: 50,
          reports: [{ file: 'lcov.info', linePercent: 101 }],
        },
      },
      'value.reports[0].linePercent:',
    ],
  ])('rejects %s', (_name, item, message) => {
    expect(errorOf(evidenceSchema, { ...item, ...stamp })).toContain(message);
  });

  it('lets CI push the workflows and reports too', () => {
    expect(
      evidencePushRequestSchema.parse({
        key: 'pipeline',
        value: { exists: false, workflows: ['.github/workflows/ci.yml'] },
      }),
    ).toEqual([
      {
        key: 'pipeline',
        value: { exists: false, workflows: ['.github/workflows/ci.yml'] },
      },
    ]);
  });
});
