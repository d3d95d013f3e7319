#!/usr/bin/env node
/*
 * Prints the version of @backstage/create-app that creates apps of a Backstage
 * release: `node scripts/e2e/create-app-version.mjs 1.55.0` prints 0.9.2.
 *
 * create-app's own version is not the release's; each create-app records the
 * release it belongs to (its templates' backstage.json). The stable versions
 * are tried newest first, by packing each and reading that record. The answer
 * is cached under ${XDG_CACHE_HOME:-$HOME/.cache}/readiness.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const release = process.argv[2];
if (!/^\d+\.\d+\.\d+$/.test(release ?? '')) {
  console.error('usage: node scripts/e2e/create-app-version.mjs <release>');
  process.exit(2);
}
const cacheDir = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'readiness',
);
const cacheFile = join(cacheDir, `create-app-for-backstage-${release}`);
if (existsSync(cacheFile)) {
  console.log(readFileSync(cacheFile, 'utf8').trim());
  process.exit(0);
}

const npm = (...args) =>
  execFileSync('npm', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
const semverDescending = (a, b) => {
  const [x, y] = [a, b].map(v => v.split('.').map(Number));
  return y[0] - x[0] || y[1] - x[1] || y[2] - x[2];
};
const versions = JSON.parse(
  npm('view', '@backstage/create-app', 'versions', '--json'),
)
  .filter(v => /^\d+\.\d+\.\d+$/.test(v))
  .sort(semverDescending);

// A release's create-app is among the newest few; stop looking after that.
const releaseOf = version => {
  const dir = mkdtempSync(join(tmpdir(), 'create-app-'));
  try {
    const file = npm(
      'pack',
      '--silent',
      '--pack-destination',
      dir,
      `@backstage/create-app@${version}`,
    ).trim();
    const text = execFileSync(
      'tar',
      ['-xzOf', join(dir, file), 'package/dist/package.json.cjs.js'],
      { encoding: 'utf8' },
    );
    return text.match(/version = "([^"]+)"/)?.[1];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
for (const version of versions.slice(0, 12)) {
  const found = releaseOf(version);
  if (found === release) {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cacheFile, `${version}\n`);
    console.log(version);
    process.exit(0);
  }
  if (found && semverDescending(found, release) > 0) {
    break; // older than the release: it has no create-app of its own
  }
}
console.error(`no @backstage/create-app creates apps of Backstage ${release}`);
process.exit(1);
