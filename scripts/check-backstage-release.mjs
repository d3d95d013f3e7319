#!/usr/bin/env node
// The workspace is built and tested against one Backstage release
// (backstage.json). Root `resolutions` pin every @backstage package to that
// release's version; this check fails when the lockfile holds an @backstage
// package without a pin, or a second copy of one, so a new dependency cannot
// bring in a newer release unnoticed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSyml } from '@yarnpkg/parsers';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version: release } = JSON.parse(
  readFileSync(`${root}/backstage.json`, 'utf8'),
);
const { resolutions = {} } = JSON.parse(
  readFileSync(`${root}/package.json`, 'utf8'),
);
const lockfile = parseSyml(readFileSync(`${root}/yarn.lock`, 'utf8'));

const resolved = new Map();
for (const [descriptors, entry] of Object.entries(lockfile)) {
  const name = descriptors.match(/^(@backstage\/[^@]+)@/)?.[1];
  if (name) {
    resolved.set(name, new Set([...(resolved.get(name) ?? []), entry.version]));
  }
}

const problems = [];
for (const [name, versions] of [...resolved].sort()) {
  const pin = resolutions[name];
  if (!pin) {
    problems.push(`${name} ${[...versions].join(', ')}: no pin in resolutions`);
  } else if (versions.size > 1 || !versions.has(pin)) {
    problems.push(
      `${name} resolves to ${[...versions].join(', ')}, pinned to ${pin}`,
    );
  }
}
if (problems.length > 0) {
  console.error(
    `@backstage packages that do not follow release ${release}:\n  ${problems.join('\n  ')}`,
  );
  process.exit(1);
}
console.log(
  `${resolved.size} @backstage packages, each resolved once, to release ${release}'s version`,
);
