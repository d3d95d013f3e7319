import { fixture, summary } from './__fixtures__/fixtures';
import { parseLockfile } from './parseLockfile';

describe('pubspec.lock', () => {
  it('reads hosted packages, scoping direct ones, with git ones unpinned', () => {
    const result = parseLockfile(
      'app/pubspec.lock',
      fixture('pub/pubspec.lock'),
    );
    expect(result.error).toBeUndefined();
    expect(result.ecosystem).toBe('Pub');
    expect(summary(result)).toEqual([
      ['async', '2.11.0', undefined],
      ['build_runner', '2.4.9', true],
      ['dio', '5.4.3+1', false],
      ['go_router', '13.2.5', false],
      ['http', '1.2.1', false],
      ['matcher', '0.12.16+1', undefined],
    ]);
    expect(result.unpinned.map(u => u.name)).toEqual(['riverpod_lint']);
  });

  it('is clean for an app without packages, and rejects other YAML', () => {
    expect(
      parseLockfile(
        'pubspec.lock',
        'packages: {}\nsdks:\n  dart: ">=3.4.0 <4.0.0"\n',
      ),
    ).toEqual({
      file: 'pubspec.lock',
      ecosystem: 'Pub',
      packages: [],
      unpinned: [],
    });
    expect(parseLockfile('pubspec.lock', 'name: app\n').error).toBe(
      'could not read pubspec.lock: not a pubspec.lock: no packages or sdks',
    );
  });
});
