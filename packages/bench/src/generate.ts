import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
  /** Locked packages over all components, duplicates included. */
  lockedPackages: number;
  /** Unique (ecosystem, name, version) tuples over all lockfiles. */
  uniquePackages: number;
  /** Unique advisories affecting at least one locked tuple. */
  uniqueAdvisories: number;
  /** Components locking at least one vulnerable version. */
  vulnerableComponents: number;
  /** Package key (`npm/name@version`) to advisory ids: the fake OSV's data. */
  advisoryIds: Record<string, string[]>;
  advisories: FakeAdvisory[];
}

const GENERATOR_VERSION = 2;
/** Package names in the shared pool, and versions per name (1 to 3). */
const POOL_NAMES = 3000;
/** Share of pool versions with a known advisory, in the less popular half. */
const VULNERABLE_SHARE = 0.02;

interface PoolEntry {
  name: string;
  versions: string[];
}

function buildPool(random: () => number): PoolEntry[] {
  return Array.from({ length: POOL_NAMES }, (_, i) => {
    const major = randomInt(random, 0, 9);
    const minor = randomInt(random, 0, 30);
    const count = randomInt(random, 1, 3);
    const versions = Array.from(
      { length: count },
      (_unused, v) => `${major}.${minor}.${v * 2 + randomInt(random, 0, 1)}`,
    );
    return { name: `bench-pkg-${i.toString(36)}`, versions };
  });
}

function nextPatch(version: string): string {
  const [major, minor, patch] = version.split('.').map(Number);
  return `${major}.${minor}.${patch + 1}`;
}

/** The lockfile of one component: 200 to 1,000 packages, popular ones first. */
function drawLockfile(random: () => number, pool: PoolEntry[]) {
  const count = randomInt(random, 200, 1000);
  const chosen = new Map<string, string>();
  while (chosen.size < count) {
    // Skewed towards the head of the pool, as real dependency graphs are.
    const entry = pool[Math.floor(pool.length * random() ** 1.6)];
    if (!chosen.has(entry.name)) {
      chosen.set(
        entry.name,
        entry.versions[Math.floor(random() * entry.versions.length)],
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

/**
 * Generates (or reuses, when the same size and seed are already on disk) a
 * synthetic catalog: `size` components, each with a local repository holding
 * a package-lock.json drawn from a shared pool (so deduplication matters), a
 * README and a package.json; some locked versions have advisories.
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
  const pool = buildPool(random);
  const vulnerable = new Map<string, string[]>();
  const advisories: FakeAdvisory[] = [];
  for (const [index, entry] of pool.entries()) {
    // Popular packages get fixed fast; advisories sit in the long tail.
    const share = index < POOL_NAMES / 2 ? 0 : VULNERABLE_SHARE;
    const hit = entry.versions.filter(() => random() < share);
    if (hit.length === 0) continue;
    const id = `GHSA-bench-${createHash('sha1')
      .update(`${seed}:${entry.name}`)
      .digest('hex')
      .slice(0, 12)}`;
    advisories.push({
      id,
      modified: '2026-01-01T00:00:00Z',
      summary: `Synthetic advisory for ${entry.name}`,
      affected: [
        {
          package: { ecosystem: 'npm', name: entry.name },
          versions: hit,
          ranges: [
            {
              type: 'SEMVER',
              events: [{ introduced: '0' }, { fixed: nextPatch(hit.at(-1)!) }],
            },
          ],
        },
      ],
      database_specific: { severity: random() < 0.5 ? 'HIGH' : 'MODERATE' },
    });
    for (const version of hit) {
      vulnerable.set(`npm/${entry.name}@${version}`, [id]);
    }
  }

  const components: string[] = [];
  const usedKeys = new Set<string>();
  let lockedPackages = 0;
  let vulnerableComponents = 0;
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
    const locked = drawLockfile(random, pool);
    lockedPackages += locked.size;
    let isVulnerable = false;
    for (const [pkg, version] of locked) {
      const key = `npm/${pkg}@${version}`;
      usedKeys.add(key);
      isVulnerable ||= vulnerable.has(key);
    }
    if (isVulnerable) vulnerableComponents++;
    const repo = join(root, 'repos', name);
    await mkdir(repo, { recursive: true });
    await writeFile(join(repo, 'package-lock.json'), packageLock(name, locked));
    await writeFile(
      join(repo, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', private: true }),
    );
    await writeFile(
      join(repo, 'README.md'),
      `# ${name}\n\nA synthetic component of the Readiness benchmark.\n`,
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
    lockedPackages,
    uniquePackages: usedKeys.size,
    uniqueAdvisories: usedAdvisories.size,
    vulnerableComponents,
    advisoryIds,
    advisories,
  };
  await writeFile(manifestFile, JSON.stringify(manifest));
  return manifest;
}
