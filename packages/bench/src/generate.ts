import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomInt, seededRandom } from './random';

/** One advisory of the fake OSV database (the fields Readiness reads). */
export interface FakeAdvisory {
  id: string;
  modified: string;
  summary: string;
  affected: Array<{
    package: { ecosystem: string; name: string };
    versions: string[];
    ranges: Array<{ type: string; events: Array<Record<string, string>> }>;
  }>;
  database_specific: { severity: string };
}

/** What a workload holds, written next to it as workload.json. */
export interface WorkloadManifest {
  size: number;
  seed: number;
  /** Format version of the generator; a change regenerates the workload. */
  generator: number;
  /** The catalog file to register as a `file` location. */
  catalogFile: string;
  /** Root of the component repositories (an allowed local root). */
  root: string;
  components: string[];
  /** Components per ecosystem (`npm`, `crates.io`, `PyPI`). */
  ecosystems: Record<string, number>;
  /** Locked packages over all components, duplicates included. */
  lockedPackages: number;
  /** Unique (ecosystem, name, version) tuples over all lockfiles. */
  uniquePackages: number;
  /** Unique advisories affecting at least one locked tuple. */
  uniqueAdvisories: number;
  /** Components locking at least one vulnerable version. */
  vulnerableComponents: number;
  /** Components with a deploying GitHub workflow. */
  deployingComponents: number;
  /**
   * Components a stop-work order should hold: a known vulnerability, or no
   * deploying workflow (the deployment pipeline check fails).
   */
  stopWorkComponents: number;
  /** Package key (`ecosystem/name@version`) to advisory ids: the fake OSV's data. */
  advisoryIds: Record<string, string[]>;
  advisories: FakeAdvisory[];
}

const GENERATOR_VERSION = 3;

/**
 * The ecosystems of the workload: share of components, pool of names (1 to 3
 * versions each) and packages per lockfile. Rust and Python lockfiles are
 * smaller than npm's, as in real repositories.
 */
const ECOSYSTEMS = [
  {
    ecosystem: 'npm',
    lockfile: 'package-lock.json',
    share: 0.8,
    poolNames: 3000,
    prefix: 'bench-pkg-',
    advisoryPrefix: 'GHSA-bench-',
    packages: [200, 1000],
  },
  {
    ecosystem: 'crates.io',
    lockfile: 'Cargo.lock',
    share: 0.12,
    poolNames: 800,
    prefix: 'bench-crate-',
    advisoryPrefix: 'RUSTSEC-bench-',
    packages: [80, 400],
  },
  {
    ecosystem: 'PyPI',
    lockfile: 'poetry.lock',
    share: 0.08,
    poolNames: 800,
    prefix: 'bench-py-',
    advisoryPrefix: 'PYSEC-bench-',
    packages: [30, 150],
  },
] as const;
type EcosystemSpec = (typeof ECOSYSTEMS)[number];

/**
 * Share of pool names in the less popular half with an advisory. It affects
 * older versions only (the latest is the fix), so only components whose
 * lockfile is not kept up to date can be vulnerable.
 */
const VULNERABLE_SHARE = 0.02;
/** Share of components whose dependencies are not kept up to date. */
const STALE_SHARE = 0.35;
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

interface PoolEntry {
  name: string;
  versions: string[];
}

function buildPool(random: () => number, spec: EcosystemSpec): PoolEntry[] {
  return Array.from({ length: spec.poolNames }, (_, i) => {
    const major = randomInt(random, 0, 9);
    const minor = randomInt(random, 0, 30);
    const count = randomInt(random, 1, 3);
    const versions = Array.from(
      { length: count },
      (_unused, v) => `${major}.${minor}.${v * 2 + randomInt(random, 0, 1)}`,
    );
    return { name: `${spec.prefix}${i.toString(36)}`, versions };
  });
}

function nextPatch(version: string): string {
  const [major, minor, patch] = version.split('.').map(Number);
  return `${major}.${minor}.${patch + 1}`;
}

/**
 * The lockfile of one component, popular packages first. A stale one locks
 * any version of a package, an up-to-date one the latest.
 */
function drawLockfile(
  random: () => number,
  pool: PoolEntry[],
  spec: EcosystemSpec,
  stale: boolean,
) {
  const count = randomInt(random, spec.packages[0], spec.packages[1]);
  const chosen = new Map<string, string>();
  while (chosen.size < count) {
    // Skewed towards the head of the pool, as real dependency graphs are.
    const entry = pool[Math.floor(pool.length * random() ** 1.6)];
    if (!chosen.has(entry.name)) {
      chosen.set(
        entry.name,
        stale
          ? entry.versions[Math.floor(random() * entry.versions.length)]
          : entry.versions.at(-1)!,
      );
    }
  }
  return chosen;
}

function packageLock(name: string, locked: Map<string, string>): string {
  const packages: Record<string, unknown> = {
    '': { name, version: '1.0.0' },
  };
  for (const [pkg, version] of [...locked].sort()) {
    packages[`node_modules/${pkg}`] = { version };
  }
  return JSON.stringify({ name, lockfileVersion: 3, packages });
}

// The registry source only has to be present (a crate without one is the
// workspace's own); the host is a neutral placeholder.
const CARGO_SOURCE = 'registry+https://packages.example/index';

function cargoLock(name: string, locked: Map<string, string>): string {
  const entries = [`[[package]]\nname = "${name}"\nversion = "1.0.0"\n`];
  for (const [pkg, version] of [...locked].sort()) {
    entries.push(
      `[[package]]\nname = "${pkg}"\nversion = "${version}"\nsource = "${CARGO_SOURCE}"\n`,
    );
  }
  return `version = 4\n\n${entries.join('\n')}`;
}

function poetryLock(locked: Map<string, string>): string {
  const entries = [...locked]
    .sort()
    .map(
      ([pkg, version]) =>
        `[[package]]\nname = "${pkg}"\nversion = "${version}"\ngroups = ["main"]\n`,
    );
  return `${entries.join('\n')}\n[metadata]\nlock-version = "2.1"\n`;
}

function lockfileContent(
  spec: EcosystemSpec,
  name: string,
  locked: Map<string, string>,
): string {
  switch (spec.ecosystem) {
    case 'npm':
      return packageLock(name, locked);
    case 'crates.io':
      return cargoLock(name, locked);
    default:
      return poetryLock(locked);
  }
}

/**
 * The packages a generated repository locks, read back from whichever of the
 * generator's lockfiles it holds (for the baselines, which query per package).
 */
export async function readLockedPackages(
  repo: string,
): Promise<Array<{ ecosystem: string; name: string; version: string }>> {
  for (const spec of ECOSYSTEMS) {
    const file = join(repo, spec.lockfile);
    if (!existsSync(file)) continue;
    const content = await readFile(file, 'utf8');
    if (spec.ecosystem === 'npm') {
      const lock = JSON.parse(content) as {
        packages: Record<string, { version?: string }>;
      };
      return Object.entries(lock.packages)
        .filter(
          ([path, pkg]) => path.startsWith('node_modules/') && pkg.version,
        )
        .map(([path, pkg]) => ({
          ecosystem: spec.ecosystem,
          name: path.slice('node_modules/'.length),
          version: pkg.version!,
        }));
    }
    // The generator's TOML: name, version, then the source (Cargo; the
    // workspace's own crate has none) or the groups (Poetry).
    return [
      ...content.matchAll(
        /^name = "([^"]+)"\nversion = "([^"]+)"\n(?:source|groups) = /gm,
      ),
    ].map(([, name, version]) => ({
      ecosystem: spec.ecosystem,
      name,
      version,
    }));
  }
  return [];
}

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

function pick<T extends { share: number }>(
  random: () => number,
  items: readonly T[],
) {
  let roll = random();
  for (const item of items) {
    roll -= item.share;
    if (roll < 0) return item;
  }
  return items.at(-1)!;
}

/**
 * Generates (or reuses, when the same size and seed are already on disk) a
 * synthetic catalog: `size` components, each with a local repository holding
 * a lockfile (npm, Cargo or Poetry) drawn from a shared pool per ecosystem (so
 * deduplication matters), a manifest, a README, and in a share of them GitHub
 * workflows (most of them deploying), tests, docs, SECURITY.md, CODEOWNERS and
 * a Dependabot config; some older locked versions have advisories.
 */
export async function generateWorkload(options: {
  size: number;
  seed: number;
  directory: string;
}): Promise<WorkloadManifest> {
  const { size, seed } = options;
  const root = join(options.directory, `catalog-${size}-seed-${seed}`);
  const manifestFile = join(root, 'workload.json');
  if (existsSync(manifestFile)) {
    const existing = JSON.parse(
      await readFile(manifestFile, 'utf8'),
    ) as WorkloadManifest;
    if (existing.generator === GENERATOR_VERSION) {
      return existing;
    }
  }
  await rm(root, { recursive: true, force: true });
  await mkdir(join(root, 'repos'), { recursive: true });

  const random = seededRandom(seed);
  const pools = new Map(
    ECOSYSTEMS.map(spec => [spec, buildPool(random, spec)]),
  );
  const vulnerable = new Map<string, string[]>();
  const advisories: FakeAdvisory[] = [];
  for (const [spec, pool] of pools) {
    for (const [index, entry] of pool.entries()) {
      // Popular packages get fixed fast; advisories sit in the long tail.
      const share = index < pool.length / 2 ? 0 : VULNERABLE_SHARE;
      if (entry.versions.length < 2 || random() >= share) continue;
      // The oldest versions up to one before the latest; the latest fixes it.
      const hit = entry.versions.slice(
        0,
        randomInt(random, 1, entry.versions.length - 1),
      );
      const id = `${spec.advisoryPrefix}${createHash('sha1')
        .update(`${seed}:${spec.ecosystem}:${entry.name}`)
        .digest('hex')
        .slice(0, 12)}`;
      advisories.push({
        id,
        modified: '2026-01-01T00:00:00Z',
        summary: `Synthetic advisory for ${entry.name}`,
        affected: [
          {
            package: { ecosystem: spec.ecosystem, name: entry.name },
            versions: hit,
            ranges: [
              {
                type: spec.ecosystem === 'PyPI' ? 'ECOSYSTEM' : 'SEMVER',
                events: [
                  { introduced: '0' },
                  { fixed: nextPatch(hit.at(-1)!) },
                ],
              },
            ],
          },
        ],
        database_specific: { severity: random() < 0.5 ? 'HIGH' : 'MODERATE' },
      });
      for (const version of hit) {
        vulnerable.set(`${spec.ecosystem}/${entry.name}@${version}`, [id]);
      }
    }
  }

  const components: string[] = [];
  const usedKeys = new Set<string>();
  const ecosystems: Record<string, number> = {};
  let lockedPackages = 0;
  let vulnerableComponents = 0;
  let deployingComponents = 0;
  let stopWorkComponents = 0;
  const documents: string[] = [];
  const teams = Math.max(5, Math.ceil(size / 200));
  for (let t = 0; t < teams; t++) {
    documents.push(
      JSON.stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: `team-${t}` },
        spec: { type: 'team', children: [] },
      }),
    );
  }
  for (let i = 0; i < size; i++) {
    const name = `svc-${String(i).padStart(5, '0')}`;
    components.push(name);
    const spec = pick(random, ECOSYSTEMS);
    ecosystems[spec.ecosystem] = (ecosystems[spec.ecosystem] ?? 0) + 1;
    const stale = random() < STALE_SHARE;
    const locked = drawLockfile(random, pools.get(spec)!, spec, stale);
    lockedPackages += locked.size;
    let isVulnerable = false;
    for (const [pkg, version] of locked) {
      const key = `${spec.ecosystem}/${pkg}@${version}`;
      usedKeys.add(key);
      isVulnerable ||= vulnerable.has(key);
    }
    if (isVulnerable) vulnerableComponents++;

    const layout = LAYOUT[spec.ecosystem];
    const has = (share: number) => random() < share;
    const ci = has(SHARES.ci);
    const deploys = ci && has(SHARES.deployGivenCi);
    if (deploys) deployingComponents++;
    // A known vulnerability or no deploying workflow is a failing blocker.
    if (isVulnerable || !deploys) stopWorkComponents++;
    const files: Array<[string, string] | false> = [
      [spec.lockfile, lockfileContent(spec, name, locked)],
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
      has(SHARES.codeowners) && ['CODEOWNERS', `* @team-${i % teams}\n`],
      has(SHARES.dependabot) && [
        '.github/dependabot.yml',
        'version: 2\nupdates: []\n',
      ],
    ];
    const repo = join(root, 'repos', name);
    const present = files.filter(file => file !== false);
    const folders = new Set(present.map(([path]) => dirname(join(repo, path))));
    for (const folder of folders) await mkdir(folder, { recursive: true });
    await Promise.all(
      present.map(([path, content]) => writeFile(join(repo, path), content)),
    );
    documents.push(
      JSON.stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          annotations: {
            'backstage.io/source-location': `dir:./repos/${name}/`,
          },
        },
        spec: {
          type: 'service',
          lifecycle: random() < 0.6 ? 'production' : 'experimental',
          owner: `group:default/team-${i % teams}`,
        },
      }),
    );
  }
  const catalogFile = join(root, 'catalog.yaml');
  // JSON documents are YAML documents.
  await writeFile(catalogFile, `${documents.join('\n---\n')}\n`);

  const advisoryIds: Record<string, string[]> = {};
  const usedAdvisories = new Set<string>();
  for (const [key, ids] of vulnerable) {
    advisoryIds[key] = ids;
    if (usedKeys.has(key)) ids.forEach(id => usedAdvisories.add(id));
  }
  const manifest: WorkloadManifest = {
    size,
    seed,
    generator: GENERATOR_VERSION,
    catalogFile,
    root,
    components,
    ecosystems,
    lockedPackages,
    uniquePackages: usedKeys.size,
    uniqueAdvisories: usedAdvisories.size,
    vulnerableComponents,
    deployingComponents,
    stopWorkComponents,
    advisoryIds,
    advisories,
  };
  await writeFile(manifestFile, JSON.stringify(manifest));
  return manifest;
}
