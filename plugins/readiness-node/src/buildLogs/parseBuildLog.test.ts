import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  buildEvidenceFromLogs,
  type BuildLogResult,
  parseBuildLog,
} from './parseBuildLog';

const fixture = (name: string) =>
  readFileSync(resolve(__dirname, '__fixtures__', name), 'utf8');

function read(text: string): Extract<BuildLogResult, { recognised: true }> {
  const result = parseBuildLog(text);
  if (!result.recognised) {
    throw new Error(`expected a recognised log, got: ${result.reason}`);
  }
  return result;
}

const rustGroups = [
  { code: 'E0432', message: 'unresolved import …', count: 3 },
  { code: 'E0308', message: 'mismatched types', count: 2 },
  { code: 'E0425', message: 'cannot find value … in this scope', count: 1 },
];
const javaGroups = (qualified: string) => [
  { message: 'cannot find symbol', count: 2 },
  { message: 'package com.example.missing does not exist', count: 1 },
  {
    message: `incompatible types: ${qualified}String cannot be converted to int`,
    count: 1,
  },
  {
    message: `incompatible types: int cannot be converted to ${qualified}String`,
    count: 1,
  },
];

describe('parseBuildLog on real compiler output', () => {
  it.each([
    ['cargo-human.log', 'rustc'],
    ['cargo-json.log', 'rustc'],
    ['rustc-human.log', 'rustc'],
    ['rustc-json.log', 'rustc'],
  ])(
    '%s: 6 errors by code, the warning apart, the summary lines not counted',
    (name, tool) => {
      expect(read(fixture(name))).toEqual({
        recognised: true,
        tools: [tool],
        errors: 6,
        warnings: 1,
        groups: rustGroups,
        atLeast: false,
      });
    },
  );

  it('counts an uncoded rustc error once its span follows', () => {
    expect(read(fixture('rustc-syntax.log'))).toMatchObject({
      errors: 1,
      groups: [{ message: 'this file contains an unclosed delimiter' }],
    });
  });

  it.each(['tsc.log', 'tsc-pretty.log'])(
    '%s: 7 errors by TS code, with or without colours',
    name => {
      const result = read(fixture(name));
      expect(result).toMatchObject({ tools: ['tsc'], errors: 7, warnings: 0 });
      expect(result.groups.map(g => [g.code, g.count])).toEqual([
        ['TS2307', 2],
        ['TS2322', 2],
        ['TS2552', 1],
        ['TS2345', 1],
        ['TS2304', 1],
      ]);
      expect(result.groups[0].message).toBe(
        'Cannot find module … or its corresponding type declarations.',
      );
    },
  );

  it('javac: 5 errors by message, 1 warning', () => {
    expect(read(fixture('javac.log'))).toEqual({
      recognised: true,
      tools: ['javac'],
      errors: 5,
      warnings: 1,
      groups: javaGroups(''),
      atLeast: false,
    });
  });

  it('Maven: the errors it prints twice count once', () => {
    expect(read(fixture('maven.log'))).toEqual({
      recognised: true,
      tools: ['maven'],
      errors: 5,
      warnings: 1,
      groups: javaGroups('java.lang.'),
      atLeast: false,
    });
  });

  it('Gradle 4.4: javac errors, the first one on the task line', () => {
    expect(read(fixture('gradle-java.log'))).toEqual({
      recognised: true,
      tools: ['gradle', 'javac'],
      errors: 5,
      warnings: 1,
      groups: javaGroups(''),
      atLeast: false,
    });
  });

  it('Gradle: kotlinc and javac errors of both failed tasks', () => {
    const result = read(fixture('gradle-continue.log'));
    expect(result).toMatchObject({
      tools: ['gradle', 'javac', 'kotlinc'],
      errors: 8,
      warnings: 2,
    });
    expect(result.groups).toContainEqual({
      message: 'Unresolved reference: …',
      count: 2,
    });
  });

  it('gcc: fatal and plain errors count, notes do not, warnings apart', () => {
    const result = read(fixture('gcc.log'));
    expect(result).toMatchObject({ tools: ['gcc'], errors: 4, warnings: 5 });
    expect(result.groups[0]).toEqual({
      message: '… undeclared (first use in this function)',
      count: 2,
    });
  });

  it('gcc: an error made of a warning is grouped by its option', () => {
    expect(read(fixture('gcc-werror.log')).groups).toContainEqual({
      code: '-Werror=unused-variable',
      message: 'unused variable … [-Werror=unused-variable]',
      count: 1,
    });
  });

  it('clang: errors over two translation units, named clang by its summary', () => {
    const result = read(fixture('clang.log'));
    expect(result).toMatchObject({ tools: ['clang'], errors: 4, warnings: 2 });
    expect(result.groups[0]).toEqual({
      message: 'use of undeclared identifier …',
      count: 2,
    });
  });

  it('go build: errors of every package, names left out of the groups', () => {
    expect(read(fixture('go-build.log'))).toMatchObject({
      tools: ['go'],
      errors: 5,
      groups: [
        { message: 'undefined: …', count: 3 },
        { message: 'imported and not used: …', count: 1 },
        {
          message:
            'cannot use … (untyped string constant) as int value in variable declaration',
          count: 1,
        },
      ],
      atLeast: false,
    });
  });

  it("go build: after go's 'too many errors' the count is a lower bound", () => {
    expect(read(fixture('go-build-many.log'))).toMatchObject({
      errors: 10,
      atLeast: true,
    });
  });

  it.each([
    ['go-vet-typeerrors.log', 2],
    ['go-vet.log', 2],
  ])('go vet: %s has %i findings', (name, errors) => {
    expect(read(fixture(name))).toMatchObject({ tools: ['go'], errors });
  });
});

describe('parseBuildLog on CI logs', () => {
  it('reads a GitHub Actions job log: timestamps and colours around the output', () => {
    const colours = (line: string) =>
      line.replace(/^(error|warning)/, '\x1b[0m\x1b[1m\x1b[38;5;9m$1\x1b[0m');
    const jobLog = fixture('cargo-human.log')
      .split('\n')
      .map(
        (line, i) =>
          `2026-12-03T10:00:${String(i % 60).padStart(2, '0')}.1234567Z ${colours(line)}\r`,
      )
      .join('\n');
    expect(read(jobLog)).toEqual(read(fixture('cargo-human.log')));
  });

  it('adds up several compilers in one log', () => {
    const result = read(`${fixture('tsc.log')}\n${fixture('cargo-human.log')}`);
    expect(result).toMatchObject({ tools: ['rustc', 'tsc'], errors: 13 });
  });

  it('takes the compiler total when it says more than the lines show', () => {
    const head = fixture('rustc-human.log').split('\n').slice(0, 7).join('\n');
    const tail = 'error: aborting due to 97 previous errors';
    expect(read(`${head}\n${tail}`)).toMatchObject({ errors: 97 });
    const javac = `${fixture('javac.log')}\nonly showing the first 5 errors, of 250 total; use -Xmaxerrs if you would like to see more`;
    expect(read(javac).errors).toBe(250);
  });

  it('reads a clean build as 0 errors only when the tool shows it ran', () => {
    expect(
      read(
        '   Compiling seed v0.1.0 (/work)\n    Finished `dev` profile [unoptimized + debuginfo] target(s) in 0.41s\n',
      ),
    ).toMatchObject({ tools: ['rustc'], errors: 0 });
    expect(read('Found 0 errors. Watching for file changes.')).toMatchObject({
      tools: ['tsc'],
      errors: 0,
    });
  });

  it.each([
    ['an empty log', ''],
    ['prose', 'Run npm test\nAll good\n3 errors\n'],
    [
      'an error line that is not a compiler diagnostic',
      'error: pathspec x did not match\nwarning: y\n',
    ],
    [
      'a JSON line of another tool',
      '{"reason":"other","message":{"level":"error","message":"x"}}',
    ],
  ])('reads %s as unrecognised, never as 0 errors', (_, text) => {
    expect(parseBuildLog(text)).toEqual({
      recognised: false,
      reason: 'no compiler output recognised',
    });
  });

  it('reads only up to the cap, and then the count is a lower bound', () => {
    const text = fixture('tsc.log');
    const cut = text.indexOf('\n', text.length / 2);
    const result = read(`${text}${'x'.repeat(100)}`);
    expect(result.atLeast).toBe(false);
    const capped = parseBuildLog(text, { maxChars: cut });
    expect(capped).toMatchObject({ recognised: true, atLeast: true });
    expect((capped as { errors: number }).errors).toBeLessThan(7);
    expect(parseBuildLog('x'.repeat(100), { maxChars: 10 })).toEqual({
      recognised: false,
      reason: 'no compiler output recognised in the first 10 characters',
    });
  });

  it('keeps group messages short and free of control characters', () => {
    const line = `a.c:1:1: error: ${'\u0007x'.repeat(1000)}`;
    const [group] = read(line).groups;
    expect(group.message.length).toBeLessThanOrEqual(160);
    // eslint-disable-next-line no-control-regex
    expect(group.message).not.toMatch(/[\u0000-\u001f]/);
  });

  it('stays linear on hostile lines', () => {
    const hostile = [
      '('.repeat(200_000),
      '(1,1'.repeat(50_000),
      `${'a'.repeat(100_000)}.go:1`,
      `error${'['.repeat(100_000)}`,
      `x.java:${'1'.repeat(100_000)}`,
      `'${"'".repeat(100_000)}`,
      `${' '.repeat(100_000)}--> `,
      `[ERROR] ${'.java:['.repeat(20_000)}`,
      `e: ${'.kt: ('.repeat(20_000)}`,
      `{${'"a":['.repeat(100_000)}`,
    ];
    const started = Date.now();
    for (const line of hostile) {
      parseBuildLog(Array(20).fill(line).join('\n'));
    }
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('buildEvidenceFromLogs', () => {
  const named = (name: string) => ({
    name,
    result: parseBuildLog(fixture(name)),
  });

  it('sums errors, warnings and groups of several logs', () => {
    const evidence = buildEvidenceFromLogs([
      named('cargo-human.log'),
      named('rustc-human.log'),
    ]);
    expect(evidence).toEqual({
      value: {
        succeeded: false,
        compilationErrors: 12,
        errorGroups: rustGroups.map(g => ({ ...g, count: g.count * 2 })),
        warnings: 2,
        tools: ['rustc'],
      },
    });
  });

  it('is unknown when no log holds compiler output, naming the logs only', () => {
    expect(
      buildEvidenceFromLogs([
        { name: 'build.log', result: parseBuildLog('secret token abc') },
      ]),
    ).toEqual({ error: 'no compiler output recognised in build.log' });
  });

  it('is a lower bound when some logs were not read', () => {
    expect(
      buildEvidenceFromLogs([
        named('tsc.log'),
        { name: 'other.log', result: parseBuildLog('') },
      ]),
    ).toMatchObject({
      value: {
        succeeded: false,
        compilationErrors: 7,
        compilationErrorsAtLeast: true,
      },
    });
  });

  it('a recognised clean log succeeds', () => {
    expect(
      buildEvidenceFromLogs([
        {
          name: 'tsc',
          result: parseBuildLog('Found 0 errors. Watching for file changes.'),
        },
      ]),
    ).toEqual({
      value: {
        succeeded: true,
        compilationErrors: 0,
        errorGroups: [],
        warnings: 0,
        tools: ['tsc'],
      },
    });
  });
});
