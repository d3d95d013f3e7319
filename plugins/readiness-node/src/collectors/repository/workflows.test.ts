import { analyzeWorkflow, compileDeployPatterns } from './workflows';

const defaults = compileDeployPatterns(undefined);
const path = '.github/workflows/ci.yml';

describe('analyzeWorkflow', () => {
  it.each<[string, string, boolean]>([
    ['only tests', 'name: ci\njobs:\n  test:\n    runs-on: x\n', false],
    [
      'release in a step only',
      'jobs:\n  build:\n    steps:\n      - name: Build release\n        run: cargo build --release\n',
      false,
    ],
    ['"cd" ending a word', 'name: ci-cd\njobs:\n  a: {}\n', true],
    ['"cd" inside a word', 'name: abcde\njobs:\n  a: {}\n', false],
    ['a publish job', 'jobs:\n  publish:\n    runs-on: x\n', true],
    [
      'an environment as a string',
      'jobs:\n  a:\n    environment: staging\n',
      true,
    ],
    [
      'an environment as an expression',
      'jobs:\n  a:\n    environment: ${{ inputs.env }}\n',
      true,
    ],
    ['a null environment', 'jobs:\n  a:\n    environment:\n', false],
    ['a job that is not a mapping', 'jobs:\n  a: 3\n', false],
  ])('%s deploys: %s', (_name, content, deploys) => {
    expect(analyzeWorkflow(path, content, defaults)).toMatchObject({
      deploys,
    });
  });

  it('names the workflow', () => {
    expect(
      analyzeWorkflow(path, 'name: Build\njobs:\n  a: {}\n', defaults),
    ).toEqual({ path, name: 'Build', deploys: false });
  });

  it.each([
    ['invalid YAML', 'jobs: [', /at line 1/],
    ['a list', '- a\n- b\n', /expected a mapping/],
    ['an empty file', '', /expected a mapping/],
    ['no jobs', 'name: x\non: push\n', /no jobs/],
    ['jobs as a list', 'jobs:\n  - a\n', /no jobs/],
    ['two documents', 'jobs: {}\n---\njobs: {}\n', /multiple documents/],
    [
      'too many aliases',
      `a: &a [x]\nb: [${Array(200).fill('*a').join(', ')}]\njobs: {}\n`,
      /alias/i,
    ],
  ])('reports %s as an error', (_name, content, message) => {
    const result = analyzeWorkflow(path, content, defaults);
    expect(result).not.toHaveProperty('deploys');
    expect((result as { error: string }).error).toMatch(message);
  });
});

describe('compileDeployPatterns', () => {
  it('makes strings case-insensitive and drops stateful flags', () => {
    const [text, regexp] = compileDeployPatterns(['^SHIP', /go/gy]);
    expect(text.test('ship-it')).toBe(true);
    expect(regexp.flags).toBe('');
    expect(regexp.test('go')).toBe(true);
    expect(regexp.test('go')).toBe(true);
  });

  it('names an invalid pattern', () => {
    expect(() => compileDeployPatterns(['[a'])).toThrow(
      /invalid deploy pattern "\[a"/,
    );
  });
});
