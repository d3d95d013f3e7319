import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateWorkload,
  readLockedPackages,
  type WorkloadManifest,
} from './generate';
import { seededRandom } from './random';

// Generating 300 repositories on disk takes seconds, more on a busy CI machine.
jest.setTimeout(60_000);

describe('generateWorkload', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'readiness-bench-test-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    await Promise.all(dirs.map(dir => rm(dir, { recursive: true })));
  });

  it('is deterministic by seed, and another seed gives another catalog', async () => {
    const [a, b, c] = await Promise.all(
      [7, 7, 8].map(seed =>
        tempDir().then(directory =>
          generateWorkload({ size: 12, seed, directory }),
        ),
      ),
    );
    const repos = (root: string) =>
      Promise.all(
        a.components.map(name => readLockedPackages(join(root, 'repos', name))),
      );
    const strip = ({ root, catalogFile, ...rest }: WorkloadManifest) => rest;
    expect(await repos(a.root)).toEqual(await repos(b.root));
    expect(strip(a)).toEqual(strip(b));
    expect(
      await readFile(join(a.root, 'repos/svc-00003/README.md'), 'utf8'),
    ).toBe(await readFile(join(b.root, 'repos/svc-00003/README.md'), 'utf8'));
    expect(await repos(a.root)).not.toEqual(await repos(c.root));
  });

  it('draws a realistic mix: ecosystems, workflows, policy files, a minority vulnerable', async () => {
    const size = 300;
    const workload = await generateWorkload({
      size,
      seed: 42,
      directory: await tempDir(),
    });
    const counts = {
      vulnerable: 0,
      deploying: 0,
      ciOnly: 0,
      stopWork: 0,
      tests: 0,
      docs: 0,
      security: 0,
      codeowners: 0,
    };
    const ecosystems: Record<string, number> = {};
    const lockSizes: Record<string, number[]> = {};
    let locked = 0;
    for (const name of workload.components) {
      const repo = join(workload.root, 'repos', name);
      const has = (path: string) => existsSync(join(repo, path));
      const packages = await readLockedPackages(repo);
      const ecosystem = packages[0].ecosystem;
      ecosystems[ecosystem] = (ecosystems[ecosystem] ?? 0) + 1;
      (lockSizes[ecosystem] ??= []).push(packages.length);
      locked += packages.length;
      const vulnerable = packages.some(
        p => workload.advisoryIds[`${p.ecosystem}/${p.name}@${p.version}`],
      );
      const deploys = has('.github/workflows/deploy.yml');
      counts.vulnerable += Number(vulnerable);
      counts.deploying += Number(deploys);
      counts.ciOnly += Number(!deploys && has('.github/workflows/ci.yml'));
      counts.stopWork += Number(vulnerable || !deploys);
      counts.tests += Number(has('test') || has('tests'));
      counts.docs += Number(has('docs/index.md'));
      counts.security += Number(has('SECURITY.md'));
      counts.codeowners += Number(has('CODEOWNERS'));
      expect(has('README.md')).toBe(true);
    }

    // The manifest says what the files say.
    expect(workload.ecosystems).toEqual(ecosystems);
    expect(workload.lockedPackages).toBe(locked);
    // Shared pools: fewer unique versions than locked ones.
    expect(workload.uniquePackages).toBeLessThan(locked / 10);
    expect(workload.vulnerableComponents).toBe(counts.vulnerable);
    expect(workload.deployingComponents).toBe(counts.deploying);
    expect(workload.stopWorkComponents).toBe(counts.stopWork);

    // Mostly npm, some Cargo and Poetry, each at its own lockfile size.
    expect(ecosystems.npm / size).toBeGreaterThan(0.7);
    expect(ecosystems['crates.io']).toBeGreaterThan(size * 0.05);
    expect(ecosystems.PyPI).toBeGreaterThan(size * 0.03);
    const within = (sizes: number[], min: number, max: number) =>
      sizes.every(n => n >= min && n <= max);
    expect(within(lockSizes.npm, 200, 1000)).toBe(true);
    expect(within(lockSizes['crates.io'], 80, 400)).toBe(true);
    expect(within(lockSizes.PyPI, 30, 150)).toBe(true);

    // A minority vulnerable, most deploying, so stop-work is common but far
    // from universal; some build-only CI (a failing pipeline check).
    expect(counts.vulnerable / size).toBeGreaterThan(0.1);
    expect(counts.vulnerable / size).toBeLessThan(0.4);
    expect(counts.deploying / size).toBeGreaterThan(0.5);
    expect(counts.ciOnly).toBeGreaterThan(0);
    expect(counts.stopWork / size).toBeGreaterThan(0.3);
    expect(counts.stopWork / size).toBeLessThan(0.7);
    for (const share of [
      counts.tests,
      counts.docs,
      counts.security,
      counts.codeowners,
    ]) {
      expect(share / size).toBeGreaterThan(0.15);
      expect(share / size).toBeLessThan(0.9);
    }

    // Advisories in every ecosystem.
    const affected = new Set(
      workload.advisories.map(a => a.affected[0].package.ecosystem),
    );
    expect([...affected].sort()).toEqual(['PyPI', 'crates.io', 'npm']);
    const catalog = await readFile(workload.catalogFile, 'utf8');
    expect(catalog).toContain(
      '"backstage.io/source-location":"url:http://repos.bench.invalid/bench/svc-00005/tree/main/"',
    );
  });

  it('draws lockfiles from the pool: components sharing one hold the same file, linked', async () => {
    const workload = await generateWorkload({
      size: 40,
      seed: 42,
      directory: await tempDir(),
      lockfilePool: 4,
    });
    expect(workload.lockfiles).toHaveLength(40);
    expect(new Set(workload.lockfiles).size).toBe(workload.distinctLockfiles);
    expect(workload.distinctLockfiles).toBeLessThanOrEqual(4);
    const lockfileOf = async (name: string) => {
      const repo = join(workload.root, 'repos', name);
      const file = (await readdir(repo)).find(f => /lock/.test(f))!;
      return {
        content: await readFile(join(repo, file), 'utf8'),
        inode: (await stat(join(repo, file))).ino,
      };
    };
    // Per pool lockfile, the distinct (content, inode) pairs of its users.
    const byIndex = new Map<number, Set<string>>();
    for (const [i, name] of workload.components.entries()) {
      const lockfile = JSON.stringify(await lockfileOf(name));
      const seen = byIndex.get(workload.lockfiles[i]) ?? new Set();
      byIndex.set(workload.lockfiles[i], seen.add(lockfile));
    }
    expect([...byIndex.values()].map(seen => seen.size)).toEqual(
      [...byIndex.keys()].map(() => 1),
    );
    const contents = new Set(
      [...byIndex.values()].map(seen => JSON.parse([...seen][0]).content),
    );
    expect(contents.size).toBe(byIndex.size);
    // Counted per component, unique per distinct lockfile.
    let locked = 0;
    for (const name of workload.components) {
      locked += (await readLockedPackages(join(workload.root, 'repos', name)))
        .length;
    }
    expect(workload.lockedPackages).toBe(locked);
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const one = seededRandom(1);
    const two = seededRandom(1);
    const values = Array.from({ length: 100 }, () => one());
    expect(values).toEqual(Array.from({ length: 100 }, () => two()));
    expect(values.every(v => v >= 0 && v < 1)).toBe(true);
  });
});
