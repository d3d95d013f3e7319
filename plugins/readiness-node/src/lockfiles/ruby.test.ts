import { fixture, summary } from './__fixtures__/fixtures';
import { parseLockfile } from './parseLockfile';

describe('Gemfile.lock', () => {
  it('reads GEM and GIT specs, dropping platforms and PATH gems', () => {
    const result = parseLockfile('Gemfile.lock', fixture('ruby/Gemfile.lock'));
    expect(result.error).toBeUndefined();
    expect(result.ecosystem).toBe('RubyGems');
    expect(summary(result)).toEqual([
      ['actionpack', '7.1.1', undefined],
      ['actionview', '7.1.1', undefined],
      ['mini_portile2', '2.8.5', undefined],
      ['nokogiri', '1.15.4', undefined],
      ['racc', '1.7.1', undefined],
      ['rack', '2.2.8', undefined],
      ['rspec-core', '3.12.2', undefined],
      ['rspec-support', '3.12.1', undefined],
    ]);
  });

  it('reads gems.locked the same way', () => {
    const result = parseLockfile('gems.locked', fixture('ruby/Gemfile.lock'));
    expect(result.packages).toHaveLength(8);
  });

  it('is clean when no gem is locked', () => {
    const result = parseLockfile(
      'Gemfile.lock',
      'GEM\n  remote: https://gems.packages.example/\n  specs:\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n\nBUNDLED WITH\n   2.4.21\n',
    );
    expect(result.error).toBeUndefined();
    expect(result.packages).toEqual([]);
  });

  it('rejects text that is not a Gemfile.lock', () => {
    expect(parseLockfile('Gemfile.lock', 'hello world\n').error).toBe(
      'could not read Gemfile.lock: unexpected line 1: not a Gemfile.lock section',
    );
    expect(parseLockfile('Gemfile.lock', '    rack (2.2.8)\n').error).toBe(
      'could not read Gemfile.lock: unexpected line 1: outside any section',
    );
    expect(
      parseLockfile('Gemfile.lock', 'GEM\n  specs:\n    rack 2.2.8\n').error,
    ).toBe('could not read Gemfile.lock: unexpected line 3: not a gem spec');
  });
});
