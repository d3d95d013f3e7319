/*
 * The portal as a deployment runs it: `yarn build:backend` (which builds the
 * app too), its bundle extracted, and `node packages/backend` serving the
 * built app, with NODE_ENV=production and no TypeScript transform.
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, mkdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { log } from './log';

/**
 * Builds the backend bundle and extracts it under `workDir/production`. A
 * deployment installs the bundle's dependencies (`yarn workspaces focus
 * --production`); here its node_modules links to the repository's installed
 * packages, except the bundled workspace packages, which resolve to their
 * built copies in the bundle.
 */
export async function prepareProductionBuild(options: {
  repoRoot: string;
  workDir: string;
}): Promise<{ root: string; buildMs: number }> {
  const started = Date.now();
  log('production build: yarn build:backend');
  execFileSync(process.execPath, ['scripts/yarn.js', 'build:backend'], {
    cwd: options.repoRoot,
    stdio: 'ignore',
  });
  const buildMs = Date.now() - started;
  const root = await extractProductionBundle(options);
  return { root, buildMs };
}

/**
 * Extracts the bundle `yarn build:backend` left in packages/backend/dist
 * under `workDir/production`, with a node_modules that links the
 * repository's installed packages.
 */
export async function extractProductionBundle(options: {
  repoRoot: string;
  workDir: string;
}): Promise<string> {
  const root = join(options.workDir, 'production');
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  execFileSync('tar', [
    'xzf',
    join(options.repoRoot, 'packages/backend/dist/bundle.tar.gz'),
    '-C',
    root,
  ]);

  const bundled = new Map<string, string>();
  for (const folder of ['packages', 'plugins']) {
    for (const entry of await readdir(join(root, folder))) {
      const dir = join(root, folder, entry);
      const { name } = JSON.parse(
        await readFile(join(dir, 'package.json'), 'utf8'),
      );
      bundled.set(name, dir);
    }
  }
  const installed = join(options.repoRoot, 'node_modules');
  const modules = join(root, 'node_modules');
  await mkdir(modules);
  for (const entry of await readdir(installed)) {
    const names = entry.startsWith('@')
      ? (await readdir(join(installed, entry))).map(n => `${entry}/${n}`)
      : [entry];
    if (entry.startsWith('@')) await mkdir(join(modules, entry));
    for (const name of names) {
      if (bundled.has(name)) continue;
      await symlink(join(installed, name), join(modules, name));
    }
  }
  for (const [name, dir] of bundled) {
    await mkdir(join(modules, name, '..'), { recursive: true });
    await symlink(dir, join(modules, name));
  }
  return root;
}
