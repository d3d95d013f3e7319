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
  createKillableService,
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
  it.each(databases.eachSupportedId())(
    'an instance that dies mid-cycle: its claims are taken over once their lease runs out, and the cycle ends without collecting again what it finished, %p',
    async databaseId => {
      const config = await durableDatabaseConfig(databases, databaseId, dir);
      const knex = knexFactory(config);
      const leaseMs = 8_000;
      const notificationsFile = join(dir, 'notifications.jsonl');
      await collectAndKill(
        { config, notificationsFile, instance: 'killed', leaseMs },
        killTestEntities.length / 3,
      );
      const killedAt = Date.now();

      // The survivor joins the cycle, as its scheduled worker would.
      const survivorCollected: string[] = [];
      const { service } = await createKillableService({
        knex,
        notificationsFile,
        delayMs: 0,
        instance: 'survivor',
        onEntity: name => survivorCollected.push(name),
      });
      await service.drainCollectionQueue();
      expect(Date.now() - killedAt).toBeLessThan(leaseMs);
      // What the dead instance held is still its own until the lease ends.
      const during = (await service.getProgress()).runs[0];
      expect(during).toMatchObject({ task: 'ci', running: true });
      const held = during.instances?.find(i => i.instance === 'killed');
      expect(held?.entitiesClaimed).toBeGreaterThan(0);
      expect(during.entitiesClaimed).toBe(held?.entitiesClaimed);

      const deadline = killedAt + leaseMs + 20_000;
      while (
        (await service.getProgress()).runs[0].running &&
        Date.now() < deadline
      ) {
        await new Promise(r => setTimeout(r, 250));
        await service.drainCollectionQueue();
      }
      const after = (await service.getProgress()).runs[0];
      expect(after).toMatchObject({
        running: false,
        entitiesDone: killTestEntities.length,
        entitiesFailed: 0,
        entitiesClaimed: 0,
      });

      const rows = await knex('readiness_collection_queue').select(
        'entity_ref',
        'state',
        'claimed_by',
        'attempts',
      );
      const doneBy = (instance: string) =>
        rows
          .filter(row => row.claimed_by === instance)
          .map(row => row.entity_ref.replace('component:default/', ''));
      // Taken over: claimed a second time, by the survivor.
      const takenOver = rows.filter(row => Number(row.attempts) === 2);
      expect(takenOver).toHaveLength(held!.entitiesClaimed);
      expect(takenOver.every(row => row.claimed_by === 'survivor')).toBe(true);
      // What the dead instance finished is never collected again.
      expect(
        survivorCollected.filter(name => doneBy('killed').includes(name)),
      ).toEqual([]);
      expect([...survivorCollected].sort()).toEqual(doneBy('survivor').sort());
      expect(after.instances).toEqual([
        expect.objectContaining({
          instance: 'killed',
          entitiesDone: doneBy('killed').length,
          entitiesClaimed: 0,
        }),
        expect.objectContaining({
          instance: 'survivor',
          entitiesDone: killTestEntities.length - doneBy('killed').length,
        }),
      ]);
      await knex.destroy();
    },
  );
});
