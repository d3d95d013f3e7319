/*
 * The lockfile formats of the workload, written by the generator and read back
 * by the baselines: both sides live here so they cannot drift apart.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ECOSYSTEMS, type EcosystemSpec } from './ecosystems';

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

export function lockfileContent(
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
