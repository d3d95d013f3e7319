#!/usr/bin/env node
/*
 * Builds every published package (the plugins/* packages that are not
 * private), packs each one with `yarn pack` as publishing would, and checks
 * what each tarball holds:
 *
 * - `dist`, and every file the packed package.json points at (main, module,
 *   types, exports, typesVersions, bin), with typings for each entry point;
 *   bin files executable; no `src/` and no tests;
 * - no `workspace:` range left (`yarn pack` turns them into versions, which
 *   `npm pack` would not);
 * - the config schema, when the package has one (backstage-cli's prepack
 *   turns config.d.ts into config.schema.json), and every migration;
 * - every module the built code imports is a dependency or peer dependency
 *   of the packed package, and every relative import is in the tarball.
 *
 * Then, unless --pack-only, the dependencies as declared: Backstage's knip
 * reports (`backstage-repo-tools knip-reports --ci`) must be current and
 * list nothing unused or unlisted. (eslint's @backstage/no-undeclared-imports
 * checks the sources in the lint step.)
 *
 * Usage: node scripts/ci/check-packages.mjs [--out DIR] [--pack-only]
 *   --out DIR    keep the tarballs in DIR (default: a temporary folder,
 *                removed at the end)
 *   --pack-only  build, pack and check the tarballs only
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const yarn = join(root, 'scripts/yarn.js');

/**
 * Findings of the knip reports that are not what they seem, by package.
 * Each needs a reason a reader can check.
 */
const knownKnipFindings = {
  '@readiness/plugin-readiness-backend': {
    // knex loads the driver by name (`client: 'pg'`) when the store tests
    // connect to PostgreSQL, so knip sees no import of it.
    pg: 'Unused devDependencies',
  },
};

const { values: options } = parseArgs({
  options: {
    out: { type: 'string' },
    'pack-only': { type: 'boolean', default: false },
  },
});

/** Runs a command; a quiet one shows its output only when it fails. */
function run(command, args, { cwd = root, quiet = false } = {}) {
  const result = spawnSync(command, args, {
    cwd,
    stdio: quiet ? 'pipe' : 'inherit',
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    if (quiet) process.stdout.write(result.stdout + result.stderr);
    throw new Error(`${[command, ...args].join(' ')} exited ${result.status}`);
  }
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function publishedPackages() {
  return readdirSync(join(root, 'plugins'))
    .map(name => join(root, 'plugins', name))
    .filter(dir => existsSync(join(dir, 'package.json')))
    .map(dir => ({ dir, manifest: readJson(join(dir, 'package.json')) }))
    .filter(({ manifest }) => !manifest.private);
}

/** Every file below `dir`, as posix paths relative to it. */
function listFiles(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap(
    entry => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(dir, path) : [path];
    },
  );
}

function pack(pkg, outDir) {
  const { name, version } = pkg.manifest;
  const tarball = join(outDir, `${name.replace('/', '-')}-${version}.tgz`);
  rmSync(tarball, { force: true });
  run(process.execPath, [yarn, 'pack', '--out', tarball], {
    cwd: pkg.dir,
    quiet: true,
  });
  if (!existsSync(tarball)) {
    throw new Error(`yarn pack wrote no ${tarball}`);
  }
  return tarball;
}

/** The package's own name: `@scope/name` or `name` of a module specifier. */
function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const builtins = new Set(builtinModules);

function isBuiltin(specifier) {
  return (
    specifier.startsWith('node:') || builtins.has(packageNameOf(specifier))
  );
}

/** Paths a packed package.json points at, with the field that names them. */
function entryPoints(manifest) {
  const points = [];
  for (const field of ['main', 'module', 'types', 'browser']) {
    if (typeof manifest[field] === 'string') {
      points.push([field, manifest[field]]);
    }
  }
  const walkExports = (value, at) => {
    if (typeof value === 'string') {
      points.push([at, value]);
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        // `backstage` names the feature type an entry point provides.
        if (key !== 'backstage') walkExports(inner, `${at}.${key}`);
      }
    }
  };
  walkExports(manifest.exports, 'exports');
  for (const [subpath, targets] of Object.entries(
    manifest.typesVersions?.['*'] ?? {},
  )) {
    for (const target of targets) {
      points.push([`typesVersions.${subpath}`, target]);
    }
  }
  const bin =
    typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : {};
  for (const [command, path] of Object.entries(manifest.bin ?? bin)) {
    points.push([`bin.${command}`, path]);
  }
  return points;
}

function checkEntryPoints(manifest, files, packedDir) {
  const problems = [];
  for (const [field, path] of entryPoints(manifest)) {
    if (!files.has(posix.normalize(path))) {
      problems.push(`${field} points at ${path}, which is not in the tarball`);
    } else if (
      field.startsWith('bin.') &&
      !(statSync(join(packedDir, path)).mode & 0o111)
    ) {
      problems.push(`${field}: ${path} is not executable`);
    }
  }
  // A CLI is run, not imported: only libraries and plugins need typings.
  if (manifest.backstage?.role !== 'cli') {
    if (!manifest.types) problems.push('no `types` in package.json');
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      if (subpath !== './package.json' && !target?.types) {
        problems.push(`exports["${subpath}"] has no typings`);
      }
    }
  }
  return problems;
}

function checkManifest(source, manifest, files, packedDir) {
  const problems = [];
  for (const field of [
    'dependencies',
    'peerDependencies',
    'optionalDependencies',
    'devDependencies',
  ]) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (String(range).startsWith('workspace:')) {
        problems.push(`${field}.${dep} is still ${range}`);
      }
    }
  }
  if (source.manifest.configSchema) {
    const schema = manifest.configSchema;
    if (typeof schema !== 'string' || !files.has(schema)) {
      problems.push(`the config schema (${schema}) is not in the tarball`);
    } else if (schema.endsWith('.json')) {
      const parsed = readJson(join(packedDir, schema));
      if (!parsed?.schemas?.length && !parsed?.properties) {
        problems.push(`${schema} holds no schema`);
      }
    }
  }
  const migrations = join(source.dir, 'migrations');
  if (existsSync(migrations)) {
    for (const file of readdirSync(migrations)) {
      if (file.endsWith('.js') && !files.has(`migrations/${file}`)) {
        problems.push(`migrations/${file} is not in the tarball`);
      }
    }
  }
  for (const file of files) {
    if (
      /(^|\/)(src|__fixtures__|__testUtils__)\/|\.test\.[cm]?[jt]sx?$/.test(
        file,
      )
    ) {
      problems.push(`${file} is a source or test file`);
    }
  }
  return problems;
}

/** What the built code imports, checked against the packed package.json. */
function checkImports(manifest, files, packedDir) {
  const declared = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  const problems = new Map();
  for (const file of files) {
    if (!/^dist\/.*\.[cm]?js$/.test(file)) continue;
    const text = readFileSync(join(packedDir, file), 'utf8');
    const { importedFiles } = ts.preProcessFile(text, true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (specifier.startsWith('.')) {
        const target = posix.join(posix.dirname(file), specifier);
        if (
          !['', '.js', '.cjs', '.mjs', '/index.js'].some(ext =>
            files.has(target + ext),
          )
        ) {
          problems.set(
            specifier,
            `${file} imports ${specifier}, which is not in the tarball`,
          );
        }
      } else if (
        !isBuiltin(specifier) &&
        !declared.has(packageNameOf(specifier))
      ) {
        const name = packageNameOf(specifier);
        problems.set(
          name,
          `${file} imports ${name}, which is not a dependency`,
        );
      }
    }
  }
  return [...problems.values()];
}

/** The rows of a knip report: `{ section, name }` for each finding. */
function knipFindings(reportPath) {
  const findings = [];
  let section = '';
  for (const line of readFileSync(reportPath, 'utf8').split('\n')) {
    const heading = /^## (.*?) \(\d+\)$/.exec(line);
    if (heading) section = heading[1];
    const row = /^\| ([^|]*?) +\|/.exec(line);
    if (section && row && row[1] !== 'Name' && !/^:?-+$/.test(row[1])) {
      findings.push({ section, name: row[1] });
    }
  }
  return findings;
}

function checkKnipReports(packages) {
  // Fails when a report no longer matches the code.
  run('node_modules/.bin/backstage-repo-tools', [
    'knip-reports',
    '--ci',
    ...packages.map(pkg => relative(root, pkg.dir)),
  ]);
  const problems = [];
  for (const pkg of packages) {
    const known = knownKnipFindings[pkg.manifest.name] ?? {};
    for (const { section, name } of knipFindings(
      join(pkg.dir, 'knip-report.md'),
    )) {
      if (known[name] !== section) {
        problems.push(`${pkg.manifest.name}: ${section}: ${name}`);
      }
    }
  }
  return problems;
}

function main() {
  const packages = publishedPackages();
  const outDir = options.out
    ? resolve(options.out)
    : mkdtempSync(join(tmpdir(), 'readiness-pack-'));
  mkdirSync(outDir, { recursive: true });
  const unpackRoot = mkdtempSync(join(tmpdir(), 'readiness-unpack-'));
  let failed = false;
  try {
    // tsc writes the declarations that the build rolls up into dist/*.d.ts.
    run(process.execPath, [yarn, 'tsc']);
    run(process.execPath, [yarn, 'backstage-cli', 'repo', 'build']);

    for (const pkg of packages) {
      const tarball = pack(pkg, outDir);
      const unpacked = join(unpackRoot, pkg.manifest.name.replace('/', '-'));
      mkdirSync(unpacked);
      run('tar', ['xzf', tarball, '-C', unpacked], { quiet: true });
      const packedDir = join(unpacked, 'package');
      const files = new Set(listFiles(packedDir));
      const manifest = readJson(join(packedDir, 'package.json'));
      const problems = [
        ...([...files].some(f => f.startsWith('dist/')) ? [] : ['no dist/']),
        ...checkEntryPoints(manifest, files, packedDir),
        ...checkManifest(pkg, manifest, files, packedDir),
        ...checkImports(manifest, files, packedDir),
      ];
      const size = Math.round(statSync(tarball).size / 1024);
      console.log(
        `\n${problems.length ? 'FAIL' : 'ok  '} ${manifest.name}@${manifest.version}: ${files.size} files, ${size} KiB`,
      );
      for (const problem of problems) console.log(`  - ${problem}`);
      failed ||= problems.length > 0;
    }

    if (!options['pack-only']) {
      console.log('\nknip reports (unused and unlisted dependencies)');
      const problems = checkKnipReports(packages);
      for (const problem of problems) console.log(`  - ${problem}`);
      if (!problems.length) console.log('  none, beyond the known ones');
      failed ||= problems.length > 0;
    }
  } finally {
    rmSync(unpackRoot, { recursive: true, force: true });
    if (!options.out) rmSync(outDir, { recursive: true, force: true });
  }
  if (options.out) console.log(`\ntarballs in ${outDir}`);
  process.exit(failed ? 1 : 0);
}

main();
