import { packageFromPurl, purlOf } from './purl';

describe('package URLs', () => {
  it.each([
    [
      'pkg:maven/org.apache.commons/commons-text@1.9',
      {
        ecosystem: 'Maven',
        name: 'org.apache.commons:commons-text',
        version: '1.9',
      },
    ],
    [
      'pkg:nuget/Newtonsoft.Json@13.0.1',
      { ecosystem: 'NuGet', name: 'Newtonsoft.Json', version: '13.0.1' },
    ],
    [
      'pkg:pub/http@0.13.5',
      { ecosystem: 'Pub', name: 'http', version: '0.13.5' },
    ],
    [
      'pkg:hex/plug@1.14.0',
      { ecosystem: 'Hex', name: 'plug', version: '1.14.0' },
    ],
    [
      'pkg:swift/github.com/apple/swift-nio@2.58.0',
      {
        ecosystem: 'SwiftURL',
        name: 'github.com/apple/swift-nio',
        version: '2.58.0',
      },
    ],
  ])(
    'reads %s as its OSV ecosystem names it, and writes it back',
    (purl, pkg) => {
      expect(packageFromPurl(purl)).toEqual(pkg);
      expect(
        purlOf(pkg as { ecosystem: string; name: string; version: string }),
      ).toBe(purl);
    },
  );

  it('names a package type no advisory ecosystem covers as unknown', () => {
    expect(packageFromPurl('pkg:github/actions/checkout@v4')).toEqual({
      unknown: 'no advisory ecosystem for package type github',
    });
  });
});
