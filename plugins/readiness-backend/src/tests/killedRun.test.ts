import knexFactory from 'knex';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabases,
  durableDatabaseConfig,
} from '../__testUtils__/testDatabases';
import {
  failsBuild,
  killTestEntities,
  runKillableCollection,
} from '../__testUtils__/killableCollection';

jest.setTimeout(120_000);

/** Starts the child collection and kills it with SIGKILL after `after` entities. */
function collectAndKill(env: object, after: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        join(__dirname, '../__testUtils__/killableCollectionChild.ts'),
      ],
      {
        env: { ...process.env, READINESS_KILL_TEST: JSON.stringify(env) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const collected: string[] = [];
    let stderr = '';
    child.stderr.on('data', d => {
      stderr += d;
    });
    child.stdout.on('data', (data: Buffer) => {
      for (const line of data.toString().split('\n')) {
        if (line.startsWith('collected ')) collected.push(line.slice(10));
        if (line === 'done') reject(new Error('the run ended before the kill'));
      }
      if (collected.length >= after && child.exitCode === null) {
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL'
        ? resolve(collected)
        : reject(new Error(`child exited with ${code}: ${stderr}`)),
    );
  });
}

describe('a backend killed in the middle of a collection run', () => {
  const databases = createTestDatabases();
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'readiness-kill-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(databases.eachSupportedId())(
    'leaves no half-written report, the next run completes, and no notification goes out twice, %p',
    async databaseId => {
      // Both processes need the same database: SQLite in a file here.
      const config = await durableDatabaseConfig(databases, databaseId, dir);
      const knex = knexFactory(config);
      const notificationsFile = join(dir, 'notifications.jsonl');
      const collected = await collectAndKill(
        { config, notificationsFile },
        killTestEntities.length / 2,
      );
      // Killed mid-run: some entities were collected, not all.
      expect(collected.length).toBeGreaterThanOrEqual(
        killTestEntities.length / 2,
      );
      expect(collected.length).toBeLessThan(killTestEntities.length);

      // A new instance runs the whole collection again.
      const { store, service } = await runKillableCollection({
        knex,
        notificationsFile,
        delayMs: 0,
      });
      expect(await service.getProgress()).toMatchObject({
        running: false,
        entitiesDone: killTestEntities.length,
        entitiesFailed: 0,
      });

      const summaries = await store.listSummaries({ limit: 500 });
      expect(summaries.totalCount).toBe(killTestEntities.length);
      const inconsistent: string[] = [];
      for (const entity of killTestEntities) {
        const ref = `component:default/${entity.metadata.name}`;
        const report = (await store.getReport(ref))!;
        const summary = summaries.items.find(s => s.entityRef === ref)!;
        const orders = await store.getOpenStopWorkOrders(ref);
        const history = await store.getHistory(ref);
        const expected = failsBuild(entity);
        // Report, summary row, open order and history say the same thing.
        if (
          report.stopWork.active !== expected ||
          summary.stopWork !== expected ||
          orders.length !== (expected ? 1 : 0) ||
          history[history.length - 1]?.stopWork !== expected
        ) {
          inconsistent.push(
            `${ref}: report ${report.stopWork.active}, summary ${summary.stopWork}, orders ${orders.length}, history ${history.map(h => h.stopWork)}`,
          );
        }
      }
      expect(inconsistent).toEqual([]);

      // Each order's notification went out at most once, across both runs.
      const sent = (await readFile(notificationsFile, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map(line => JSON.parse(line).scope as string);
      // Claimed before sending, so at most once: an order whose evaluation
      // was committed but not yet claimed when the process died (at most
      // one per concurrent entity, 2) is not announced.
      const orders = killTestEntities.filter(failsBuild).length;
      expect(sent).toEqual([...new Set(sent)]);
      expect(sent.length).toBeLessThanOrEqual(orders);
      expect(sent.length).toBeGreaterThanOrEqual(orders - 2);
      await knex.destroy();
    },
  );
});
