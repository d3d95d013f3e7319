/*
 * The pool of distinct lockfiles a workload's components draw from: forks,
 * templates and generated services share lockfiles in real organisations,
 * which is what deduplication by content hash is for.
 */
import { existsSync } from 'node:fs';
import { link, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  drawLockfile,
  ECOSYSTEMS,
  pick,
  type EcosystemSpec,
  type PoolEntry,
} from './ecosystems';
import { lockfileContent } from './lockfiles';
import { seededRandom } from './random';

/** Share of lockfiles whose dependencies are not kept up to date. */
const STALE_SHARE = 0.35;

export interface PooledLockfile {
  index: number;
  spec: EcosystemSpec;
  locked: Map<string, string>;
  /** Where it is written once; repositories hard-link it. */
  file: string;
}

/**
 * Lockfile `index` of the pool, from a random sequence of its own, so that
 * which lockfiles a catalog draws, and in what order, does not change them.
 * Its project name is the lockfile's, not a component's: components sharing
 * it hold byte-identical files.
 */
export function pooledLockfile(
  seed: number,
  index: number,
  pools: Map<EcosystemSpec, PoolEntry[]>,
  directory: string,
): PooledLockfile {
  const random = seededRandom(seed * 7919 + index);
  const spec = pick(random, ECOSYSTEMS);
  const stale = random() < STALE_SHARE;
  const locked = drawLockfile(random, pools.get(spec)!, spec, stale);
  return {
    index,
    spec,
    locked,
    file: join(directory, `${index}-${spec.lockfile}`),
  };
}

/**
 * The packages of a lockfile after one dependency bump, as a commit that
 * changes a repository makes it: the first package not at its latest
 * version is upgraded, or, when all are, the last one is dropped.
 */
export function bumpedPackages(
  lockfile: PooledLockfile,
  pools: Map<EcosystemSpec, PoolEntry[]>,
): Map<string, string> {
  const latest = new Map(
    pools
      .get(lockfile.spec)!
      .map(entry => [entry.name, entry.versions.at(-1)!]),
  );
  const locked = new Map(lockfile.locked);
  const outdated = [...locked].find(
    ([pkg, version]) => latest.get(pkg) !== version,
  );
  if (outdated) {
    locked.set(outdated[0], latest.get(outdated[0])!);
  } else {
    locked.delete([...locked.keys()].at(-1)!);
  }
  return locked;
}

/** Writes a pooled lockfile unless it is on disk already. */
export async function writePooledLockfile(lockfile: PooledLockfile) {
  if (existsSync(lockfile.file)) return;
  await mkdir(join(lockfile.file, '..'), { recursive: true });
  await writeFile(
    lockfile.file,
    lockfileContent(
      lockfile.spec,
      `lockfile-${lockfile.index}`,
      lockfile.locked,
    ),
  );
}

/**
 * Puts a pooled lockfile into a repository as a hard link (one copy on disk
 * for every component sharing it). Whatever was at that path is removed
 * first, never written through: it may be another repository's link.
 */
export async function linkLockfile(lockfile: PooledLockfile, repo: string) {
  const target = join(repo, lockfile.spec.lockfile);
  await rm(target, { force: true });
  await link(lockfile.file, target);
}
