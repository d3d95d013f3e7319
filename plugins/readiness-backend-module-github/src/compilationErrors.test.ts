import { defaultIsCompilationError } from './compilationErrors';

describe('defaultIsCompilationError', () => {
  it.each([
    ['error[E0432]: unresolved import `crate::foo`', undefined],
    ["Type 'string' is not assignable to type 'number'.", 'TS2322'],
    ["src/app.ts(3,1): error TS2304: Cannot find name 'x'.", undefined],
    ["error CS0103: The name 'x' does not exist", undefined],
    ['cannot find symbol', 'src/Main.java#L3'],
    [
      'Compilation failed; see the compiler error output for details.',
      undefined,
    ],
    ['SyntaxError: Unexpected token', undefined],
    ['undefined reference to `main`', undefined],
    ['Unresolved reference: foo', undefined],
    ['undefined: fooBar', undefined],
    ["use of undeclared identifier 'x'", undefined],
  ])('counts failure %j (title %j)', (message, title) => {
    expect(
      defaultIsCompilationError({
        annotation_level: 'failure',
        message,
        title,
      }),
    ).toBe(true);
  });

  it.each([
    ['failure', 'Process completed with exit code 1.'],
    ['failure', 'expect(received).toBe(expected)'],
    ['failure', "'x' is assigned a value but never used"],
    ['warning', 'TS6133: unused variable'],
    ['notice', 'error[E0308]: mismatched types'],
  ])('does not count %s %j', (annotation_level, message) => {
    expect(defaultIsCompilationError({ annotation_level, message })).toBe(
      false,
    );
  });
});
