import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { drawAdvisories, type FakeAdvisory } from './advisories';
import { buildPool, ECOSYSTEMS } from './ecosystems';
import {
  linkLockfile,
  pooledLockfile,
  writePooledLockfile,
} from './lockfilePool';
import { seededRandom } from './random';
import { drawRepository, writeRepository } from './repository';

// The generator's parts live in their own files; these stay importable from
// here, where the benchmark and its baselines have always found them.
export type { FakeAdvisory };
export { readLockedPackages } from './lockfiles';

/** What a workload holds, written next to it as workload.json. */
export interface WorkloadManifest {
  size: number;
  seed: number;
  /** Format version of the generator; a change regenerates the workload. */
  generator: number;
  /** The catalog file to register as a `file` location. */
  catalogFile: string;
  /** Root of the component repositories (`repos/<name>`), served by the fake GitHub. */
  root: string;
  components: string[];
  /** Size of the pool of distinct lockfiles the components draw from. */
  lockfilePool: number;
  /** The pool lockfile of each component, in `components` order. */
  lockfiles: number[];
  /** Distinct lockfiles the catalog uses. */
  distinctLockfiles: number;
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

const GENERATOR_VERSION = 4;

/**
 * The host of the catalog's repository URLs: a name that never resolves
 * (RFC 2606), mapped to the fake GitHub by the backend's integration config.
 */
export const REPOSITORY_HOST = 'repos.bench.invalid';
export const REPOSITORY_OWNER = 'bench';

/** The catalog's source location of a component's repository. */
export function repositoryUrl(name: string) {
  return `http://${REPOSITORY_HOST}/${REPOSITORY_OWNER}/${name}/tree/main/`;
}

/** Pool of distinct lockfiles, as the 100,000-component catalog asks. */
export const DEFAULT_LOCKFILE_POOL = 20_000;

function drawPools(random: () => number) {
  return new Map(ECOSYSTEMS.map(spec => [spec, buildPool(random, spec)]));
}

/** The package pools of a seed, as the generator drew them first. */
export function packagePools(seed: number) {
  return drawPools(seededRandom(seed));
}

/**
 * Generates (or reuses, when the same size, seed and pool are already on
 * disk) a synthetic catalog: `size` components, each with a repository
 * holding a lockfile (npm, Cargo or Poetry) drawn from a pool of
 * `lockfilePool` distinct ones (hard links, so identical lockfiles are
 * identical bytes), whose packages come from a shared pool per ecosystem (so
 * deduplication matters), a manifest, a README, and in a share of them GitHub
 * workflows (most of them deploying), tests, docs, SECURITY.md, CODEOWNERS and
 * a Dependabot config; some older locked versions have advisories.
 */
export async function generateWorkload(options: {
  size: number;
  seed: number;
  directory: string;
  lockfilePool?: number;
}): Promise<WorkloadManifest> {
  const { size, seed } = options;
  const lockfilePool = options.lockfilePool ?? DEFAULT_LOCKFILE_POOL;
  const root = join(
    options.directory,
    `catalog-${size}-seed-${seed}-pool-${lockfilePool}`,
  );
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
  const pools = drawPools(random);
  const { vulnerable, advisories } = drawAdvisories(random, seed, pools);

  const components: string[] = [];
  const lockfiles: number[] = [];
  // Per distinct lockfile: its packages counted once into the unique set.
  const drawn = new Map<number, { size: number; vulnerable: boolean }>();
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
    const team = `team-${i % teams}`;
    components.push(name);
    const index = Math.floor(random() * lockfilePool);
    lockfiles.push(index);
    const lockfile = pooledLockfile(
      seed,
      index,
      pools,
      join(root, 'lockfiles'),
    );
    const { spec } = lockfile;
    ecosystems[spec.ecosystem] = (ecosystems[spec.ecosystem] ?? 0) + 1;
    let facts = drawn.get(index);
    if (!facts) {
      facts = { size: lockfile.locked.size, vulnerable: false };
      for (const [pkg, version] of lockfile.locked) {
        const key = `${spec.ecosystem}/${pkg}@${version}`;
        usedKeys.add(key);
        facts.vulnerable ||= vulnerable.has(key);
      }
      drawn.set(index, facts);
      await writePooledLockfile(lockfile);
    }
    lockedPackages += facts.size;
    const isVulnerable = facts.vulnerable;
    if (isVulnerable) vulnerableComponents++;

    const { deploys, files } = drawRepository(random, spec, name, team);
    if (deploys) deployingComponents++;
    // A known vulnerability or no deploying workflow is a failing blocker.
    if (isVulnerable || !deploys) stopWorkComponents++;
    const repo = join(root, 'repos', name);
    await writeRepository(repo, files);
    await linkLockfile(lockfile, repo);
    documents.push(
      JSON.stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          annotations: {
            'backstage.io/source-location': `url:${repositoryUrl(name)}`,
          },
        },
        spec: {
          type: 'service',
          lifecycle: random() < 0.6 ? 'production' : 'experimental',
          owner: `group:default/${team}`,
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
    lockfilePool,
    lockfiles,
    distinctLockfiles: drawn.size,
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
