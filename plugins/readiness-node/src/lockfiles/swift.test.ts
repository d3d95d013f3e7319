import { fixture, summary } from './__fixtures__/fixtures';
import { parseLockfile } from './parseLockfile';
import { swiftPackageName } from './swift';

describe('Package.resolved', () => {
  it('reads format 1, a branch pin unpinned', () => {
    const result = parseLockfile(
      'Package.resolved',
      fixture('swift-v1/Package.resolved'),
    );
    expect(result.error).toBeUndefined();
    expect(result.ecosystem).toBe('SwiftURL');
    expect(summary(result)).toEqual([
      ['github.com/apple/swift-argument-parser', '1.0.1', undefined],
      ['github.com/apple/swift-collections', '1.0.2', undefined],
      ['github.com/pointfreeco/swift-clocks', '0.2.0', undefined],
    ]);
    expect(result.unpinned.map(u => u.name)).toEqual([
      'github.com/pointfreeco/swift-snapshot-testing',
    ]);
  });

  it('reads format 2, leaving out local repositories and a registry pin unpinned', () => {
    const result = parseLockfile(
      'App.xcodeproj/project.xcworkspace/xcshareddata/swiftpm/Package.resolved',
      fixture('swift-v2/Package.resolved'),
    );
    expect(summary(result)).toEqual([
      ['github.com/apple/swift-argument-parser', '1.3.1', undefined],
      ['github.com/apple/swift-nio', '2.64.0', undefined],
    ]);
    expect(result.unpinned.map(u => u.name)).toEqual(['mona.linkedlist']);
  });

  it('reads format 3, a revision pin unpinned', () => {
    const result = parseLockfile(
      'Package.resolved',
      fixture('swift-v3/Package.resolved'),
    );
    expect(summary(result)).toEqual([
      ['github.com/apple/swift-collections', '1.1.4', undefined],
      ['github.com/vapor/vapor', '4.99.3', undefined],
    ]);
    expect(result.unpinned.map(u => u.name)).toEqual([
      'github.com/swiftlang/swift-syntax',
    ]);
    expect(
      parseLockfile('Package.resolved', '{"version": 4, "pins": []}').error,
    ).toBe(
      'could not read Package.resolved: not a Package.resolved of version 1, 2 or 3',
    );
  });

  it.each([
    ['https://github.com/apple/swift-nio.git', 'github.com/apple/swift-nio'],
    ['https://github.com/apple/swift-nio/', 'github.com/apple/swift-nio'],
    ['git@github.com:vapor/vapor.git', 'github.com/vapor/vapor'],
    ['ssh://git@gitlab.com/group/kit.git', 'gitlab.com/group/kit'],
  ])('names %s as %s', (url, name) => {
    expect(swiftPackageName(url)).toBe(name);
  });
});
