import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EcosystemSpec } from './ecosystems';

/**
 * Repository make-up, as shares of components: GitHub workflows at all, a
 * deploying one among those with workflows, and the other files the
 * repository collector looks for.
 */
const SHARES = {
  ci: 0.8,
  deployGivenCi: 0.8,
  tests: 0.7,
  docs: 0.4,
  runbook: 0.2,
  securityPolicy: 0.3,
  codeowners: 0.4,
  dependabot: 0.4,
  todo: 0.3,
};

/** What one ecosystem's repository holds besides its lockfile. */
const LAYOUT: Record<
  EcosystemSpec['ecosystem'],
  {
    manifest: (name: string) => [string, string];
    source: (todo: boolean) => [string, string];
    test: [string, string];
    build: string;
  }
> = {
  npm: {
    manifest: name => [
      'package.json',
      JSON.stringify({ name, version: '1.0.0', private: true }),
    ],
    source: todo => [
      'src/index.js',
      `${todo ? '// TODO: retry on timeouts\n' : ''}module.exports = () => 1;\n`,
    ],
    test: ['test/index.test.js', "test('works', () => {});\n"],
    build: 'npm ci && npm test',
  },
  'crates.io': {
    manifest: name => [
      'Cargo.toml',
      `[package]\nname = "${name}"\nversion = "1.0.0"\nedition = "2021"\n`,
    ],
    source: todo => [
      'src/main.rs',
      `${todo ? '// TODO: retry on timeouts\n' : ''}fn main() {}\n`,
    ],
    test: ['tests/smoke.rs', '#[test]\nfn works() {}\n'],
    build: 'cargo test --locked',
  },
  PyPI: {
    manifest: name => [
      'pyproject.toml',
      `[project]\nname = "${name}"\nversion = "1.0.0"\n`,
    ],
    source: todo => [
      'app/main.py',
      `${todo ? '# TODO: retry on timeouts\n' : ''}def main():\n    return 1\n`,
    ],
    test: ['tests/test_main.py', 'def test_works():\n    assert True\n'],
    build: 'poetry install && poetry run pytest',
  },
};

function ciWorkflow(build: string): string {
  return `name: CI
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: ${build}
`;
}

const DEPLOY_WORKFLOW = `name: Deploy
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - run: ./scripts/deploy.sh
`;

/**
 * The files of one component's repository (path, content) but its lockfile,
 * which comes from the pool; drawn in a fixed order so that a seed gives the
 * same workload. `deploys` says whether it has a deploying workflow.
 */
export function drawRepository(
  random: () => number,
  spec: EcosystemSpec,
  name: string,
  team: string,
) {
  const layout = LAYOUT[spec.ecosystem];
  const has = (share: number) => random() < share;
  const ci = has(SHARES.ci);
  const deploys = ci && has(SHARES.deployGivenCi);
  const files: Array<[string, string] | false> = [
    layout.manifest(name),
    layout.source(has(SHARES.todo)),
    [
      'README.md',
      `# ${name}\n\nA synthetic component of the Readiness benchmark.\n\n## Usage\n\nRun \`${layout.build}\`.\n`,
    ],
    ci && ['.github/workflows/ci.yml', ciWorkflow(layout.build)],
    deploys && ['.github/workflows/deploy.yml', DEPLOY_WORKFLOW],
    has(SHARES.tests) && layout.test,
    has(SHARES.docs) && ['docs/index.md', `# ${name}\n\nArchitecture.\n`],
    has(SHARES.runbook) && [
      'docs/runbook.md',
      '# Runbook\n\nRestart the service.\n',
    ],
    has(SHARES.securityPolicy) && [
      'SECURITY.md',
      '# Security\n\nReport vulnerabilities to security@example.com.\n',
    ],
    has(SHARES.codeowners) && ['CODEOWNERS', `* @${team}\n`],
    has(SHARES.dependabot) && [
      '.github/dependabot.yml',
      'version: 2\nupdates: []\n',
    ],
  ];
  return { deploys, files: files.filter(file => file !== false) };
}

export async function writeRepository(
  repo: string,
  files: Array<[string, string]>,
) {
  const folders = new Set(files.map(([path]) => dirname(join(repo, path))));
  for (const folder of folders) await mkdir(folder, { recursive: true });
  await Promise.all(
    files.map(([path, content]) => writeFile(join(repo, path), content)),
  );
}
