import { fixture, summary } from './__fixtures__/fixtures';
import { parseLockfile } from './parseLockfile';

describe('go.mod', () => {
  it('reads require lines and applies replace directives', () => {
    const result = parseLockfile('svc/go.mod', fixture('go/go.mod'));
    expect(result.error).toBeUndefined();
    expect(result.ecosystem).toBe('Go');
    expect(summary(result)).toEqual([
      ['github.com/docker/docker', '24.0.6+incompatible', undefined],
      // Replaced by a fork, for every version.
      ['github.com/example/jwt/v4', '4.5.1', undefined],
      ['github.com/gin-gonic/gin', '1.9.1', undefined],
      ['github.com/stretchr/testify', '1.8.4', undefined],
      // The v0.13.0 replace does not apply to the required v0.14.0.
      ['golang.org/x/crypto', '0.14.0', undefined],
      // Replaced at exactly the required version.
      ['golang.org/x/net', '0.18.0', undefined],
      // Indirect requirements are built in too.
      ['gopkg.in/yaml.v3', '3.0.1', undefined],
    ]);
    // github.com/example/shared is replaced by a local directory: not a dependency.
    expect(result.packages.map(p => p.name)).not.toContain(
      'github.com/example/shared',
    );
  });

  it('is clean for a module without requirements', () => {
    expect(
      parseLockfile('go.mod', 'module example.com/hello\n\ngo 1.22\n'),
    ).toEqual({ file: 'go.mod', ecosystem: 'Go', packages: [], unpinned: [] });
  });

  it('rejects text that is not a go.mod', () => {
    expect(parseLockfile('go.mod', 'hello world\n').error).toBe(
      'could not read go.mod: unexpected line 1: not a go.mod directive',
    );
    expect(parseLockfile('go.mod', 'go 1.21\n').error).toBe(
      'could not read go.mod: no module directive',
    );
    expect(parseLockfile('go.mod', '').error).toBe(
      'could not read go.mod: no module directive',
    );
    expect(
      parseLockfile(
        'go.mod',
        'module a\n\nrequire (\n\tgolang.org/x/net v0.17.0\n',
      ).error,
    ).toBe('could not read go.mod: unterminated require block');
    expect(
      parseLockfile('go.mod', 'module a\nrequire golang.org/x/net latest\n')
        .error,
    ).toBe('could not read go.mod: invalid require at line 2');
  });
});

describe('go.sum', () => {
  it('takes the highest version per module, ignoring /go.mod lines', () => {
    const result = parseLockfile('go.sum', fixture('go/go.sum'));
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      ['github.com/docker/docker', '24.0.6+incompatible', undefined],
      ['github.com/gin-gonic/gin', '1.9.1', undefined],
      // v0.17.0 beats v0.9.0 and v0.10.0 (not a string comparison).
      ['golang.org/x/net', '0.17.0', undefined],
    ]);
  });

  it('is clean when empty and rejects other text', () => {
    expect(parseLockfile('go.sum', '').packages).toEqual([]);
    expect(parseLockfile('go.sum', '').error).toBeUndefined();
    expect(parseLockfile('go.sum', 'module example.com/x\n').error).toBe(
      'could not read go.sum: unexpected line 1: not a go.sum entry',
    );
  });
});
