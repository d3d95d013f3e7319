/*
 * The second cycle's change: a share of the repositories gets a commit that
 * bumps one dependency in its lockfile, and is put back afterwards (another
 * commit), so the workload on disk stays the generated one.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SizeContext } from './catalogRun';
import { packagePools } from './generate';
import { lockfileContent } from './lockfiles';
import { bumpedPackages, linkLockfile, pooledLockfile } from './lockfilePool';
import { seededRandom } from './random';

/** The repositories to change: `share` of the catalog, drawn by seed. */
export function changedComponents(
  components: string[],
  share: number,
  seed: number,
): string[] {
  const count = Math.min(
    components.length,
    Math.ceil(components.length * share),
  );
  const random = seededRandom(seed + 1);
  const chosen = new Set<number>();
  while (chosen.size < count) {
    chosen.add(Math.floor(random() * components.length));
  }
  return [...chosen].sort((a, b) => a - b).map(i => components[i]);
}

export async function changeRepositories<T>(
  ctx: SizeContext,
  run: (changed: string[]) => Promise<T>,
): Promise<T> {
  const { workload, github, options } = ctx;
  const changed = changedComponents(
    workload.components,
    options.changedShare,
    workload.seed,
  );
  const pools = packagePools(workload.seed);
  const lockfiles = join(workload.root, 'lockfiles');
  const originals = changed.map(name => {
    const index = workload.lockfiles[workload.components.indexOf(name)];
    return {
      name,
      repo: join(workload.root, 'repos', name),
      lockfile: pooledLockfile(workload.seed, index, pools, lockfiles),
    };
  });
  for (const { name, repo, lockfile } of originals) {
    const target = join(repo, lockfile.spec.lockfile);
    // Not written through: the original is a link shared with other repositories.
    await rm(target, { force: true });
    await writeFile(
      target,
      lockfileContent(
        lockfile.spec,
        `lockfile-${lockfile.index}`,
        bumpedPackages(lockfile, pools),
      ),
    );
    github.commit(name);
  }
  try {
    return await run(changed);
  } finally {
    for (const { name, repo, lockfile } of originals) {
      await linkLockfile(lockfile, repo);
      github.commit(name);
    }
  }
}
