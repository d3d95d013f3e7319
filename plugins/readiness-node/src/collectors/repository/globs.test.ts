import { compileGlobs, globToRegExp } from './globs';

describe('globToRegExp', () => {
  it.each<[string, string, boolean]>([
    ['*.rs', 'main.rs', true],
    ['*.rs', 'src/deep/main.rs', true],
    ['*.rs', 'src/main.rsx', false],
    ['src/*.ts', 'src/a.ts', true],
    ['src/*.ts', 'src/x/a.ts', false],
    ['src/*.ts', 'lib/src/a.ts', false],
    ['/src/*.ts', 'src/a.ts', true],
    ['src/**/*.ts', 'src/a.ts', true],
    ['src/**/*.ts', 'src/x/y/a.ts', true],
    ['src/**', 'src/x/y/a.ts', true],
    ['src/**', 'srcx/a.ts', false],
    ['**/generated/**', 'a/generated/b.ts', true],
    ['**/generated/**', 'generated/b.ts', true],
    ['**/generated/**', 'regenerated/b.ts', false],
    ['generated/', 'generated/b.ts', true],
    ['generated/', 'x/generated/b.ts', false],
    ['?.py', 'a.py', true],
    ['?.py', 'ab.py', false],
    ['*.{ts,tsx}', 'a/b.tsx', true],
    ['*.{ts,tsx}', 'a/b.js', false],
    ['file[0-9].c', 'file7.c', true],
    ['file[!0-9].c', 'filex.c', true],
    ['file[!0-9].c', 'file7.c', false],
    ['a+b(c).txt', 'a+b(c).txt', true],
    ['a.b', 'axb', false],
  ])('%s on %s: %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });

  it.each(['', '  ', 'a[b', '{a,b'])('rejects %p', glob => {
    expect(() => globToRegExp(glob)).toThrow();
  });
});

describe('compileGlobs', () => {
  const isTs = (path: string) => path.endsWith('.ts');

  it('includes matches and removes exclusions', () => {
    const match = compileGlobs(['*.ts', '*.sh', '!vendor/**'], isTs);
    expect(['a.ts', 'x/b.sh', 'vendor/c.ts', 'd.rs'].filter(match)).toEqual([
      'a.ts',
      'x/b.sh',
    ]);
  });

  it('excludes from the fallback when only exclusions are given', () => {
    const match = compileGlobs(['!**/*.gen.ts'], isTs);
    expect(['a.ts', 'b.gen.ts', 'c.sh'].filter(match)).toEqual(['a.ts']);
  });
});
