import { fixture, summary } from './__fixtures__/fixtures';
import { parseLockfile } from './parseLockfile';

describe('packages.lock.json', () => {
  it('counts a package once across frameworks and runtimes, without projects', () => {
    const result = parseLockfile(
      'src/App/packages.lock.json',
      fixture('nuget/packages.lock.json'),
    );
    expect(result.error).toBeUndefined();
    expect(result.ecosystem).toBe('NuGet');
    expect(summary(result)).toEqual([
      ['McMaster.Extensions.CommandLineUtils', '4.1.1', undefined],
      ['Newtonsoft.Json', '13.0.1', undefined],
      ['Octokit', '14.0.0', undefined],
      ['System.ComponentModel.Annotations', '5.0.0', undefined],
      ['System.Text.Json', '6.0.0', undefined],
      ['runtime.linux-x64.Microsoft.NETCore.ILAsm', '6.0.0', undefined],
    ]);
    expect(result.unpinned).toEqual([]);
  });

  it('marks a package without a resolved version unpinned', () => {
    const result = parseLockfile(
      'packages.lock.json',
      '{"version": 2, "dependencies": {"net8.0": {"Serilog": {"type": "Direct", "requested": "[3.1.1, )"}}}}',
    );
    expect(result.unpinned.map(u => u.name)).toEqual(['Serilog']);
    expect(parseLockfile('packages.lock.json', '{"version": 1}').error).toBe(
      'could not read packages.lock.json: not a packages.lock.json: no version or dependencies',
    );
  });
});
