import { fixture, summary } from './__fixtures__/fixtures';
import { parseLockfile } from './parseLockfile';

describe('mix.lock', () => {
  it('names hex entries by their Hex package, with git entries unpinned', () => {
    const result = parseLockfile('mix.lock', fixture('mix/mix.lock'));
    expect(result.error).toBeUndefined();
    expect(result.ecosystem).toBe('Hex');
    expect(summary(result)).toEqual([
      ['base64url', '0.0.1', undefined],
      ['cowboy', '2.7.0', undefined],
      ['cowlib', '2.8.0', undefined],
      ['credo', '1.2.2', undefined],
      ['jason', '1.1.2', undefined],
      ['phoenix', '1.4.11', undefined],
      ['plug', '1.8.3', undefined],
      // Locked under the atom poison_legacy (`hex: :poison` in mix.exs).
      ['poison', '2.2.0', undefined],
      ['ssl_verify_fun', '1.1.5', undefined],
    ]);
    expect(result.unpinned.map(u => u.name)).toEqual(['ex_aws']);
  });

  it.each([
    [
      '%{"a": {:hex, :a, "1.0.0"',
      'invalid mix.lock at line 1 (expected , or })',
    ],
    [
      '%{"a": {:hex, :a, "#{x}"}}',
      'invalid mix.lock at line 1 (interpolation)',
    ],
    [
      '%{"a": System.cmd("x")}',
      'invalid mix.lock at line 1 (unexpected token)',
    ],
    ['%{}\n%{}', 'invalid mix.lock at line 2 (content after the map)'],
    ['[1]', 'not a mix.lock: expected a %{} map'],
    [
      `%{"a": ${'['.repeat(100)}`,
      'invalid mix.lock at line 1 (nested too deeply)',
    ],
  ])('refuses %j', (content, reason) => {
    expect(parseLockfile('mix.lock', content).error).toBe(
      `could not read mix.lock: ${reason}`,
    );
  });

  it('reads a large lock in linear time', () => {
    const entry = (i: number) =>
      `  "p${i}": {:hex, :p${i}, "1.0.${i}", "abc", [:mix], [{:x, "~> 1.0", [hex: :x, repo: "hexpm", optional: false]}], "hexpm", "def"},\n`;
    const content = `%{\n${Array.from({ length: 20000 }, (_, i) => entry(i)).join('')}}\n`;
    const start = Date.now();
    expect(parseLockfile('mix.lock', content).packages).toHaveLength(20000);
    expect(Date.now() - start).toBeLessThan(5000);
  });
});
