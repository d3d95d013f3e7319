import { randomInt } from './random';

/**
 * The ecosystems of the workload: share of components, pool of names (1 to 3
 * versions each) and packages per lockfile. Rust and Python lockfiles are
 * smaller than npm's, as in real repositories.
 */
export const ECOSYSTEMS = [
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
export type EcosystemSpec = (typeof ECOSYSTEMS)[number];

export interface PoolEntry {
  name: string;
  versions: string[];
}

export function buildPool(
  random: () => number,
  spec: EcosystemSpec,
): PoolEntry[] {
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

/**
 * The lockfile of one component, popular packages first. A stale one locks
 * any version of a package, an up-to-date one the latest.
 */
export function drawLockfile(
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

/** One of `items`, each as likely as its share. */
export function pick<T extends { share: number }>(
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
