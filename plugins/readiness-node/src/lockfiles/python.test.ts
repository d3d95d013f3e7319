import { fixture, summary } from './__fixtures__/fixtures';
import { parseLockfile } from './parseLockfile';

describe('requirements.txt', () => {
  it('takes exact pins as packages and everything else as unpinned', () => {
    const file = 'services/api/requirements.txt';
    const result = parseLockfile(file, fixture('python/requirements.txt'));
    expect(result.error).toBeUndefined();
    expect(result.ecosystem).toBe('PyPI');
    expect(summary(result)).toEqual([
      ['django', '4.2.7', undefined],
      ['djangorestframework', '3.14.0', undefined],
      ['numpy', '1.26.1', undefined],
      ['requests', '2.31.0', undefined],
      ['typing-extensions', '4.8.0', undefined],
      ['zope-interface', '6.1', undefined],
    ]);
    expect(result.unpinned.map(u => u.name)).toEqual([
      'celery',
      'gunicorn',
      'internal-lib',
      // A local archive: named, but its version is not read.
      'legacy-pdf',
      'pillow',
      'pyyaml',
      // From the wheel's file name.
      'urllib3',
    ]);
    expect(result.unpinned.every(u => u.file === file)).toBe(true);
    expect(result.includes).toEqual([
      'services/api/requirements/base.txt',
      'services/constraints.txt',
    ]);
  });

  it('is clean for a file of comments and options only', () => {
    expect(
      parseLockfile(
        'requirements.txt',
        '# nothing yet\n\n--index-url https://pypi.packages.example/simple\n',
      ),
    ).toEqual({
      file: 'requirements.txt',
      ecosystem: 'PyPI',
      packages: [],
      unpinned: [],
    });
  });

  it('rejects a line that is not a requirement', () => {
    expect(
      parseLockfile('requirements.txt', 'django==4.2.7\nhello world\n').error,
    ).toBe('could not read requirements.txt: invalid requirement at line 2');
    expect(parseLockfile('requirements.txt', '!!!\n').error).toBe(
      'could not read requirements.txt: invalid requirement at line 1',
    );
  });

  it('never drops a URL or path-like requirement it cannot name', () => {
    const result = parseLockfile(
      'requirements.txt',
      'vendor/tools\nflask@https://example.com/flask.zip\nhttps://example.com/download\n./libs/shared\n',
    );
    expect(result.error).toBeUndefined();
    expect(result.unpinned.map(u => u.name)).toEqual([
      'flask',
      'https://example.com/download',
      'vendor/tools',
    ]);
  });

  it('keeps wildcard and invalid pins unpinned', () => {
    const result = parseLockfile(
      'requirements.txt',
      'flask==2.*\nfoo===not-a-version\nbar>=1.0,==1.2.3\n',
    );
    expect(summary(result)).toEqual([['bar', '1.2.3', undefined]]);
    expect(result.unpinned.map(u => u.name)).toEqual(['flask', 'foo']);
  });
});

describe('poetry.lock', () => {
  it('reads category (Poetry before 1.2), leaving out directory sources', () => {
    const result = parseLockfile(
      'poetry.lock',
      fixture('python/poetry-1.1.lock'),
    );
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      ['certifi', '2023.7.22', false],
      ['pytest', '7.4.2', true],
      ['typing-extensions', '4.8.0', false],
    ]);
  });

  it('leaves dev-ness unknown in lock-version 2.0', () => {
    const result = parseLockfile(
      'poetry.lock',
      fixture('python/poetry-2.0.lock'),
    );
    expect(summary(result)).toEqual([
      ['asgiref', '3.7.2', undefined],
      ['django', '4.2.7', undefined],
    ]);
  });

  it('reads groups (Poetry 2): dev unless in main', () => {
    const result = parseLockfile(
      'poetry.lock',
      fixture('python/poetry-2.1.lock'),
    );
    expect(summary(result)).toEqual([
      ['asgiref', '3.8.1', false],
      ['colorama', '0.4.6', true],
      ['django', '5.1.4', false],
      ['internal-lib', '1.2.0', false],
    ]);
  });

  it('is clean without packages, and rejects other TOML', () => {
    expect(
      parseLockfile(
        'poetry.lock',
        'package = []\n\n[metadata]\nlock-version = "2.0"\npython-versions = "^3.11"\ncontent-hash = "abc"\n',
      ).error,
    ).toBeUndefined();
    expect(parseLockfile('poetry.lock', 'name = "x"\n').error).toBe(
      'could not read poetry.lock: not a poetry lock: no [[package]] or [metadata]',
    );
  });
});

describe('Pipfile.lock', () => {
  it('reads default as production and develop as dev', () => {
    const result = parseLockfile(
      'Pipfile.lock',
      fixture('python/Pipfile.lock'),
    );
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      // In both sections: production.
      ['certifi', '2023.7.22', false],
      ['pygments', '2.16.1', true],
      ['pytest', '7.4.2', true],
      ['requests', '2.31.0', false],
    ]);
    expect(result.unpinned).toEqual([
      { file: 'Pipfile.lock', name: 'internal-lib' },
    ]);
  });

  it('rejects JSON that is not a Pipfile.lock', () => {
    expect(parseLockfile('Pipfile.lock', '{"_meta": {}}').error).toBe(
      'could not read Pipfile.lock: not a Pipfile.lock: no default or develop',
    );
  });
});
