#!/usr/bin/env node
/*
 * Fails when the Readiness packages pulled a copy of an @backstage package of
 * their own into an app, next to the app's copy:
 *
 *   node scripts/e2e/shared-copies.mjs <app>/yarn.lock
 *
 * A second copy of catalog-react or plugin-catalog-node means two catalog
 * APIs, contexts or service refs that do not meet. Prints every @backstage
 * package the Readiness packages depend on, with the version they share.
 */
import { readFileSync } from 'node:fs';
import { parseSyml } from '@yarnpkg/parsers';

const lockfile = parseSyml(readFileSync(process.argv[2], 'utf8'));
const nameOf = locator => locator.match(/^(@?[^@]+)@/)[1];

const entryByDescriptor = new Map();
for (const [descriptors, entry] of Object.entries(lockfile)) {
  if (!entry.resolution) continue; // __metadata
  for (const descriptor of descriptors.split(', ')) {
    entryByDescriptor.set(descriptor, entry);
  }
}

// Who depends on each resolved package.
const dependents = new Map();
const versionsOf = new Map();
for (const entry of new Set(entryByDescriptor.values())) {
  const name = nameOf(entry.resolution);
  versionsOf.set(name, [...(versionsOf.get(name) ?? []), entry.version]);
  for (const [dep, range] of Object.entries(entry.dependencies ?? {})) {
    const target = entryByDescriptor.get(`${dep}@${range}`);
    if (!target) continue;
    const list = dependents.get(target.resolution) ?? new Set();
    list.add(name);
    dependents.set(target.resolution, list);
  }
}

const isReadiness = name => name.startsWith('@readiness/');
const problems = [];
const shared = [];
for (const [resolution, names] of dependents) {
  const name = nameOf(resolution);
  if (!name.startsWith('@backstage/') || ![...names].some(isReadiness)) {
    continue;
  }
  const version = resolution.split('@npm:')[1];
  const others = versionsOf.get(name).filter(v => v !== version);
  if ([...names].every(isReadiness) && others.length > 0) {
    problems.push(
      `${name} ${version}, pulled by ${[...names].join(', ')} only; the app has ${others.join(', ')}`,
    );
  } else {
    shared.push(`${name} ${version}`);
  }
}
console.log(`shared with the app: ${shared.sort().join(', ')}`);
if (problems.length > 0) {
  console.error(`second copies:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
