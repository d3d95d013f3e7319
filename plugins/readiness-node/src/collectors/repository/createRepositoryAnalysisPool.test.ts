import { mockServices } from '@backstage/backend-test-utils';
import { performance } from 'node:perf_hooks';
import type { RepositorySnapshot } from '../../repository';
import { createPool } from './createRepositoryAnalysisPool';
import { createRepositoryAnalysisPool } from './createRepositoryAnalysisPool';
import { inThreadRepositoryAnalyzer } from './repositoryAnalyzer';

jest.setTimeout(60_000);

// A yarn.lock of 40,000 entries (about 4 MB) takes one to two seconds to
// parse: on the event loop, every other request would wait that long.
function largeYarnLock(entries: number) {
  return Array.from(
    { length: entries },
    (_, i) =>
      `"p${i}@^1.0.0":\n  version "1.${i}.0"\n  resolved "https://r.test/p${i}.tgz"\n  integrity sha512-x\n\n`,
  ).join('');
}

function snapshotOf(files: Record<string, string>): RepositorySnapshot {
  return {
    location: '/repo',
    files: new Map(Object.entries(files)),
    skipped: [{ path: 'Cargo.lock', reason: 'a FIFO, not a regular file' }],
  };
}

const small = snapshotOf({
  'README.md': '# Title\n\n## Usage\n\nTODO write more\n',
  'src/index.ts': '// TODO one\n// FIXME two\n',
  'src/index.test.ts': 'it()',
  'package-lock.json': JSON.stringify({
    name: 'x',
    lockfileVersion: 3,
    packages: {
      '': { name: 'x' },
      'node_modules/lodash': { version: '4.17.20' },
    },
  }),
  '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: x\n',
});

/** The longest time the event loop did not run a 5 ms timer during work. */
async function longestStallMs(work: Promise<unknown>) {
  let longest = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await work;
  } finally {
    clearInterval(timer);
  }
  return Math.max(longest, performance.now() - last);
}

describe('createRepositoryAnalysisPool', () => {
  it('gives the facts the in-thread analysis gives', async () => {
    const pool = createRepositoryAnalysisPool({ size: 1 });
    try {
      const expected = await inThreadRepositoryAnalyzer.analyze(small, {});
      expect(expected.lockfiles.packages).toHaveLength(1);
      expect(expected.todoMarkers).toEqual({ value: { count: 2, files: 2 } });
      await expect(pool.analyze(small, {})).resolves.toEqual(expected);
      // The worker is reused and configured patterns cross with the task.
      await expect(
        pool.analyze(small, { todoGlobs: ['!src/**'] }),
      ).resolves.toMatchObject({ todoMarkers: { value: { count: 0 } } });
    } finally {
      await pool.close();
    }
  });

  it('takes lockfiles parsed before instead of parsing them, in the worker too', async () => {
    const pool = createRepositoryAnalysisPool({ size: 1 });
    const stored = {
      file: 'package-lock.json',
      packages: [
        {
          ecosystem: 'npm' as const,
          name: 'from-the-store',
          version: '9.9.9',
          dev: false,
          path: 'package-lock.json',
        },
      ],
      unpinned: [],
    };
    try {
      const facts = await pool.analyze(
        small,
        {},
        { parsedLockfiles: { 'package-lock.json': stored } },
      );
      expect(facts.lockfiles.packages).toEqual(stored.packages);
      expect(facts.lockfiles.parsed).toEqual([]);
      // Without it, the file is parsed, and says so.
      const parsed = await pool.analyze(small, {});
      expect(parsed.lockfiles.packages.map(p => p.name)).toEqual(['lodash']);
      expect(parsed.lockfiles.parsed).toEqual([{ path: 'package-lock.json' }]);
    } finally {
      await pool.close();
    }
  });

  it('parses a large lockfile without stalling the event loop', async () => {
    const logger = mockServices.logger.mock();
    const pool = createRepositoryAnalysisPool({ size: 1, logger });
    const large = snapshotOf({ 'yarn.lock': largeYarnLock(40_000) });
    try {
      // Started once first, so the worker's start-up is not measured.
      await pool.analyze(small, {});
      const started = performance.now();
      let facts: Awaited<ReturnType<typeof pool.analyze>> | undefined;
      const stall = await longestStallMs(
        pool.analyze(large, {}).then(result => {
          facts = result;
        }),
      );
      const tookMs = performance.now() - started;
      expect(facts?.lockfiles.packages).toHaveLength(40_000);
      // The work is long enough to matter, and the loop kept turning.
      expect(tookMs).toBeGreaterThan(500);
      expect(stall).toBeLessThan(tookMs / 3);
      expect(logger.warn).not.toHaveBeenCalled();
    } finally {
      await pool.close();
    }
  });

  it('stops a running analysis when its signal aborts', async () => {
    const pool = createRepositoryAnalysisPool({ size: 1 });
    const large = snapshotOf({ 'yarn.lock': largeYarnLock(90_000) });
    try {
      await pool.analyze(small, {});
      const controller = new AbortController();
      const analysis = pool.analyze(large, {}, { signal: controller.signal });
      setTimeout(() => controller.abort(new Error('timed out')), 200);
      const started = performance.now();
      await expect(analysis).rejects.toThrow('timed out');
      expect(performance.now() - started).toBeLessThan(1_000);
      // A new worker takes the next analysis.
      await expect(pool.analyze(small, {})).resolves.toMatchObject({
        todoMarkers: { value: { count: 2 } },
      });
    } finally {
      await pool.close();
    }
  });

  it('parses in-thread, warning once, when no worker can start', async () => {
    const logger = mockServices.logger.mock();
    const pool = createPool({
      size: 2,
      logger,
      entry: '/nonexistent/analysisWorker.js',
    });
    try {
      const expected = await inThreadRepositoryAnalyzer.analyze(small, {});
      await expect(pool.analyze(small, {})).resolves.toEqual(expected);
      await expect(pool.analyze(small, {})).resolves.toEqual(expected);
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('no worker thread could start'),
      );
    } finally {
      await pool.close();
    }
  });

  it('rejects analyses after close', async () => {
    const pool = createRepositoryAnalysisPool({ size: 1 });
    await pool.close();
    await expect(pool.analyze(small, {})).rejects.toThrow('closed');
  });
});
