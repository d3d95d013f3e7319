import { fixture, summary } from './__fixtures__/fixtures';
import { parseLockfile } from './parseLockfile';

describe('composer.lock', () => {
  it('reads packages as production and packages-dev as dev', () => {
    const result = parseLockfile(
      'composer.lock',
      fixture('composer/composer.lock'),
    );
    expect(result.error).toBeUndefined();
    expect(result.ecosystem).toBe('Packagist');
    expect(summary(result)).toEqual([
      ['guzzlehttp/guzzle', '7.8.0', false],
      ['phpunit/phpunit', '10.4.2', true],
      // The leading v is dropped.
      ['symfony/http-foundation', '6.3.7', false],
      ['symfony/yaml', '6.3.7', true],
    ]);
    // A branch has no release to check; a path package is the project's own.
    expect(result.unpinned).toEqual([
      { file: 'composer.lock', name: 'acme/internal-sdk' },
    ]);
  });

  it('rejects JSON that is not a composer.lock', () => {
    expect(parseLockfile('composer.lock', '{"packages": {}}').error).toBe(
      'could not read composer.lock: not a composer.lock: no packages array',
    );
    expect(
      parseLockfile('composer.lock', '{"packages": [{"name": "a/b"}]}').error,
    ).toBe('could not read composer.lock: packages[0] has no name or version');
  });
});
