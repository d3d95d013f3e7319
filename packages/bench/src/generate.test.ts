import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorkload } from './generate';
import { seededRandom } from './random';

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
    const [a, b, c] = await Promise.all([
      tempDir().then(directory =>
        generateWorkload({ size: 4, seed: 7, directory }),
      ),
      tempDir().then(directory =>
        generateWorkload({ size: 4, seed: 7, directory }),
      ),
      tempDir().then(directory =>
        generateWorkload({ size: 4, seed: 8, directory }),
      ),
    ]);
    const lock = (root: string) =>
      readFile(join(root, 'repos/svc-00003/package-lock.json'), 'utf8');
    expect(await lock(a.root)).toBe(await lock(b.root));
    expect(a.advisoryIds).toEqual(b.advisoryIds);
    expect(await lock(a.root)).not.toBe(await lock(c.root));
  });

  it('locks 200 to 1,000 packages per component from a shared pool', async () => {
    const workload = await generateWorkload({
      size: 6,
      seed: 42,
      directory: await tempDir(),
    });
    const counts = await Promise.all(
      workload.components.map(async name => {
        const lock = JSON.parse(
          await readFile(
            join(workload.root, 'repos', name, 'package-lock.json'),
            'utf8',
          ),
        );
        return Object.keys(lock.packages).length - 1;
      }),
    );
    for (const count of counts) {
      expect(count).toBeGreaterThanOrEqual(200);
      expect(count).toBeLessThanOrEqual(1000);
    }
    const total = counts.reduce((sum, n) => sum + n, 0);
    expect(workload.lockedPackages).toBe(total);
    // Shared: fewer unique versions than locked ones.
    expect(workload.uniquePackages).toBeLessThan(total);
    const catalog = await readFile(workload.catalogFile, 'utf8');
    expect(catalog).toContain(
      '"backstage.io/source-location":"dir:./repos/svc-00005/"',
    );
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
