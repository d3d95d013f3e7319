import { compareEcosystemVersions, nearestFixedVersion } from './versionOrder';

describe('compareEcosystemVersions', () => {
  const sign = (e: string, a: string, b: string) =>
    compareEcosystemVersions(e, a, b);

  it.each([
    // ecosystem, lower, higher
    ['npm', '4.17.20', '4.17.21'],
    ['npm', '1.0.0-alpha', '1.0.0'],
    ['npm', '1.0.0-alpha.1', '1.0.0-alpha.beta'],
    ['npm', '1.0.0-beta.2', '1.0.0-beta.11'],
    ['npm', '0.9.9', '0.10.0'],
    ['crates.io', '0.7.2', '0.8.1'],
    ['crates.io', '0.8.0', '0.8.1'],
    ['crates.io', '0.0.0-0', '0.0.1'],
    ['crates.io', '1.0.15', '1.0.100'],
    ['Go', 'v0.0.0-20210101000000-abcdef123456', 'v0.1.0'],
    ['Go', 'v1.2.3', '1.2.4'],
    ['Go', 'v2.0.0+incompatible', 'v2.0.1'],
    ['Packagist', '1.0', '1.0.1'],
    ['Packagist', '2.1.3.4', '2.1.3.5'],
    ['Packagist', '1.0.0-beta1', '1.0.0-RC1'],
    ['Packagist', '1.0.0-RC2', '1.0.0'],
    ['Packagist', 'v5.4.9', 'v5.4.10'],
    ['PyPI', '2.3.9', '2.4.0'],
    ['PyPI', '2.4.0rc1', '2.4.0'],
    ['PyPI', '2.4.0', '2.4.0.post1'],
    ['PyPI', '1.0.dev0', '1.0a1'],
    ['PyPI', '1.10.12', '1.10.13'],
    ['RubyGems', '1.0.0.pre', '1.0.0'],
    ['RubyGems', '1.0.0.rc1', '1.0.0.rc2'],
    ['RubyGems', '1.9', '1.10'],
    ['RubyGems', '5.2.4.3', '5.2.5'],
    ['RubyGems', '2.0.0-beta', '2.0.0'],
    ['NuGet', '1.0.0-beta', '1.0.0'],
    ['NuGet', '1.0.0-alpha.2', '1.0.0-alpha.10'],
    ['NuGet', '1.0.0-10', '1.0.0-alpha'],
    ['NuGet', '4.1.1', '4.1.1.1'],
    ['NuGet', '6.0.0-preview.7.21377.19', '6.0.0-rc.1.21451.13'],
    ['NuGet', '13.0.1', '13.0.3'],
    ['Maven', '2.15.4', '2.16.0'],
    ['Maven', '2.13.4', '2.13.4.1'],
    ['Maven', '1.0-SNAPSHOT', '1.0'],
    ['Maven', '1.0.0-RC1', '1.0.0'],
    ['Maven', '1.0-alpha-1', '1.0-beta-1'],
    ['Maven', '5.3.18', '5.3.19.RELEASE'],
    ['Pub', '5.4.3', '5.4.3+1'],
    ['Pub', '2.0.0-dev.1', '2.0.0'],
    ['Pub', '0.12.16+1', '0.12.17'],
    ['Hex', '1.4.11', '1.4.12'],
    ['Hex', '1.0.0-rc.0', '1.0.0'],
    ['SwiftURL', '4.99.3', '4.100.0'],
    ['SwiftURL', 'v1.2.0', '1.3.0'],
  ])('%s: %s < %s', (ecosystem, lower, higher) => {
    expect(sign(ecosystem, lower, higher)).toBe(-1);
    expect(sign(ecosystem, higher, lower)).toBe(1);
    expect(sign(ecosystem, lower, lower)).toBe(0);
  });

  it.each([
    ['npm', '1.0.0', '1.0.0+build.5'],
    ['PyPI', '1.0', '1.0.0'],
    ['PyPI', 'v1.0', '1.0'],
    ['RubyGems', '1.0', '1.0.0'],
    ['Packagist', '1.0', '1.0.0'],
    ['Go', 'v1.2.3', '1.2.3'],
    // NuGet normalises: missing parts are 0, case and build metadata ignored.
    ['NuGet', '1.0', '1.0.0.0'],
    ['NuGet', '1.0.0-Beta', '1.0.0-beta'],
    ['NuGet', '1.0.0+abc', '1.0.0'],
    ['NuGet', '1.01.0', '1.1.0'],
    ['Maven', '1.0.0', '1'],
    ['Maven', '5.3.18.RELEASE', '5.3.18'],
    ['Hex', '1.0.0', '1.0.0+build'],
  ])('%s: %s == %s', (ecosystem, a, b) => {
    expect(sign(ecosystem, a, b)).toBe(0);
  });

  it.each([
    ['npm', 'latest', '1.0.0'],
    ['npm', '', '1.0.0'],
    ['crates.io', '1.0.0', 'git+https://example.com/x'],
    ['PyPI', 'not a version', '1.0'],
    ['RubyGems', '1.0.0 beta', '1.0.0'],
    ['Packagist', 'dev-main', '1.0.0'],
    ['NuGet', '1.0.0.0.0', '1.0'],
    ['NuGet', 'latest', '1.0'],
    ['Maven', '1.0 beta', '1.0'],
    ['Pub', '1.0', '1.0.0'],
    ['Hex', '1.0', '1.0.0'],
    ['SwiftURL', 'main', '1.0.0'],
    // An ecosystem without an ordering: never guessed.
    ['Hackage', '1.0', '2.0'],
  ])('%s: %s vs %s cannot be compared', (ecosystem, a, b) => {
    expect(sign(ecosystem, a, b)).toBeUndefined();
  });
});

describe('nearestFixedVersion', () => {
  it.each([
    // ecosystem, current, fixes, nearest
    ['crates.io', '0.7.2', ['0.8.1'], '0.8.1'],
    ['npm', '1.2.0', ['2.0.1', '1.10.3', '0.9.9'], '1.10.3'],
    // A post-release comes before the next patch release in PEP 440; a
    // dotted numeric comparison puts it after.
    ['PyPI', '1.0', ['1.0.1', '1.0.post1'], '1.0.post1'],
    ['RubyGems', '0.9', ['1.0.0', '1.0.0.pre'], '1.0.0.pre'],
    ['Go', 'v1.2.0', ['v1.10.0', 'v1.3.0'], 'v1.3.0'],
    ['Maven', '2.9.10', ['2.12.7.1', '2.9.10.8'], '2.9.10.8'],
    ['NuGet', '12.0.3', ['13.0.1', '12.0.10'], '12.0.10'],
    // Only fixes of older release lines: the lowest of them.
    ['npm', '3.0.0', ['2.0.1', '1.10.3'], '1.10.3'],
  ])('%s %s with fixes %j: %s', (ecosystem, current, fixes, nearest) => {
    expect(nearestFixedVersion(ecosystem, current, fixes)).toBe(nearest);
  });

  it('chooses none of several fixes it cannot order, and none when there is no fix', () => {
    expect(
      nearestFixedVersion('Hackage', '1.0', ['1.1', '2.1']),
    ).toBeUndefined();
    expect(
      nearestFixedVersion('npm', 'latest', ['1.1.0', '2.1.0']),
    ).toBeUndefined();
    expect(nearestFixedVersion('npm', '1.0.0', [])).toBeUndefined();
    expect(nearestFixedVersion('Hackage', '1.0', ['1.1'])).toBe('1.1');
  });
});
