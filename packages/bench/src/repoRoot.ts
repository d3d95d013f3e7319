import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder up from here with packages/backend. */
function findRepoRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'packages/backend/package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`No repository root above ${from}`);
    }
    dir = parent;
  }
  return dir;
}

// `yarn bench` runs in packages/bench.
export const REPO_ROOT = findRepoRoot(process.cwd());
