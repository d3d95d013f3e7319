import { compareMavenVersions } from './mavenVersion';

// The examples of the POM reference's Version Order Specification.
describe('compareMavenVersions', () => {
  it.each([
    ['1', '1.1'],
    ['1-snapshot', '1'],
    ['1', '1-sp'],
    ['1-foo2', '1-foo10'],
    ['1.foo', '1-1'],
    ['1-foo', '1-1'],
    ['1-1', '1.1'],
    ['1-ga', '1-sp'],
    ['1-ga.1', '1-sp.1'],
    ['1-sp-1', '1-ga-1'],
    ['1-alpha', '1-beta'],
    ['1-beta', '1-milestone'],
    ['1-milestone', '1-rc'],
    ['1-rc', '1-snapshot'],
    // Unknown qualifiers come after every known one.
    ['1-sp', '1-zeta'],
    ['1.0-alpha1', '1.0-alpha2'],
    ['1.0.0.RC1', '1.0.0'],
  ])('%s < %s', (lower, higher) => {
    expect(compareMavenVersions(lower, higher)).toBe(-1);
    expect(compareMavenVersions(higher, lower)).toBe(1);
  });

  it.each([
    ['1.foo', '1-foo'],
    ['1.ga', '1'],
    ['1-ga', '1'],
    ['1-0', '1'],
    ['1.0', '1'],
    ['1.final', '1'],
    ['1-cr1', '1-rc1'],
    ['1-a1', '1-alpha-1'],
    ['1-b1', '1-beta-1'],
    ['1-m1', '1-milestone-1'],
    ['1.0-FINAL', '1'],
    ['1.0.0-Beta', '1-beta'],
    ['007', '7'],
  ])('%s == %s', (a, b) => {
    expect(compareMavenVersions(a, b)).toBe(0);
  });

  it.each([
    ['', '1'],
    ['1 0', '1'],
    ['-1', '1'],
    ['1', 'x'.repeat(200)],
  ])('%j cannot be ordered against %j', (a, b) => {
    expect(compareMavenVersions(a, b)).toBeUndefined();
  });
});
