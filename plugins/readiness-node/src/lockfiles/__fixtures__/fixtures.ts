import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFileSync } from 'node:fs';
import type { LockfileParseResult } from '../types';

/** The text of a fixture file, by its path under `__fixtures__`. */
export function fixture(path: string): string {
  return readFileSync(
    resolvePackagePath(
      '@readiness/plugin-readiness-node',
      'src/lockfiles/__fixtures__',
      path,
    ),
    'utf8',
  );
}

/** Packages as `[name, version, dev]`, for compact exact assertions. */
export function summary(
  result: LockfileParseResult,
): Array<[string, string, boolean | undefined]> {
  return result.packages.map(p => [p.name, p.version, p.dev]);
}

/** Fixtures by the lockfile name they are parsed as, one per format and version. */
export const validFixtures: Array<{ name: string; fixture: string }> = [
  { name: 'Cargo.lock', fixture: 'cargo-v1/Cargo.lock' },
  { name: 'Cargo.lock', fixture: 'cargo-v2/Cargo.lock' },
  { name: 'Cargo.lock', fixture: 'cargo-v3/Cargo.lock' },
  { name: 'Cargo.lock', fixture: 'cargo-v4/Cargo.lock' },
  { name: 'package-lock.json', fixture: 'npm-v1/package-lock.json' },
  { name: 'package-lock.json', fixture: 'npm-v2/package-lock.json' },
  { name: 'package-lock.json', fixture: 'npm-v3/package-lock.json' },
  { name: 'npm-shrinkwrap.json', fixture: 'npm-v3/package-lock.json' },
  { name: 'yarn.lock', fixture: 'yarn-classic/yarn.lock' },
  { name: 'yarn.lock', fixture: 'yarn-berry/yarn.lock' },
  { name: 'pnpm-lock.yaml', fixture: 'pnpm-v5/pnpm-lock.yaml' },
  { name: 'pnpm-lock.yaml', fixture: 'pnpm-v6/pnpm-lock.yaml' },
  { name: 'pnpm-lock.yaml', fixture: 'pnpm-v9/pnpm-lock.yaml' },
  { name: 'go.mod', fixture: 'go/go.mod' },
  { name: 'go.sum', fixture: 'go/go.sum' },
  { name: 'requirements.txt', fixture: 'python/requirements.txt' },
  { name: 'poetry.lock', fixture: 'python/poetry-1.1.lock' },
  { name: 'poetry.lock', fixture: 'python/poetry-2.0.lock' },
  { name: 'poetry.lock', fixture: 'python/poetry-2.1.lock' },
  { name: 'Pipfile.lock', fixture: 'python/Pipfile.lock' },
  { name: 'Gemfile.lock', fixture: 'ruby/Gemfile.lock' },
  { name: 'composer.lock', fixture: 'composer/composer.lock' },
  { name: 'uv.lock', fixture: 'uv/uv.lock' },
  { name: 'pylock.toml', fixture: 'pylock/pylock.toml' },
  { name: 'pdm.lock', fixture: 'pdm/pdm.lock' },
  { name: 'bun.lock', fixture: 'bun/bun.lock' },
  { name: 'packages.lock.json', fixture: 'nuget/packages.lock.json' },
  { name: 'gradle.lockfile', fixture: 'gradle/gradle.lockfile' },
  { name: 'pubspec.lock', fixture: 'pub/pubspec.lock' },
  { name: 'mix.lock', fixture: 'mix/mix.lock' },
  { name: 'Package.resolved', fixture: 'swift-v1/Package.resolved' },
  { name: 'Package.resolved', fixture: 'swift-v2/Package.resolved' },
  { name: 'Package.resolved', fixture: 'swift-v3/Package.resolved' },
];
