import { mockServices } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import {
  entity,
  later,
  report,
  save,
  T0,
} from '../__testUtils__/storeFixtures';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';
import { createFollowUpStore } from './followUpStore';

jest.setTimeout(60_000);

describe('followUpStore', () => {
  const databases = createTestDatabases();
  let knex: Knex | undefined;

  afterEach(async () => {
    await knex?.destroy();
    knex = undefined;
  });

  async function createStores(
    databaseId: Parameters<typeof databases.init>[0],
  ) {
    knex = await databases.init(databaseId);
    const store = await DatabaseReadinessStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    return { store, followUp: createFollowUpStore(knex) };
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('claims each key once, also from a second store on the same database', async () => {
      const { followUp } = await createStores(databaseId);
      const other = createFollowUpStore(knex!);
      expect(await followUp.claim('reminder:1:1', { now: T0 })).toBe(true);
      expect(await other.claim('reminder:1:1', { now: T0 })).toBe(false);
      expect(await other.claim('reminder:1:2', { now: T0 })).toBe(true);
      const racing = await Promise.all(
        [followUp, other, followUp].map(s =>
          s.claim('digest:group:default/a:2026-11-19', { now: T0 }),
        ),
      );
      expect(racing.filter(Boolean)).toHaveLength(1);
    });

    it('lists open orders and keeps the first affected record of an order', async () => {
      const { store, followUp } = await createStores(databaseId);
      const e = entity('claude-flow');
      const { began } = await save(store, {
        entity: e,
        report: report(e.entityRef, { stopWork: true }),
        now: T0,
      });
      expect((await followUp.listOpenOrders()).map(o => o.id)).toEqual([
        began!.id,
      ]);
      const first = {
        entities: [
          {
            entityRef: 'component:default/web-portal',
            via: 'dependency' as const,
            depth: 1,
          },
        ],
        truncated: true,
        computedAt: T0.toISOString(),
      };
      await followUp.saveAffected(began!.id, first);
      await followUp.saveAffected(began!.id, {
        entities: [],
        truncated: false,
        computedAt: later(1).toISOString(),
      });
      expect(await followUp.getAffected(began!.id)).toEqual(first);
      expect(await followUp.getAffected('999999')).toBeUndefined();
    });

    it('finds entities whose tier or score fell since a time', async () => {
      const { store, followUp } = await createStores(databaseId);
      const down = entity('down', { owner: 'group:default/a' });
      const up = entity('up', { owner: 'group:default/b' });
      const fresh = entity('fresh');
      for (const [e, before, after] of [
        [down, 80, 60],
        [up, 40, 90],
      ] as const) {
        await save(store, {
          entity: e,
          report: report(e.entityRef, { score: before, tier: 'mvs' }),
          now: T0,
        });
        await save(store, {
          entity: e,
          report: report(e.entityRef, {
            score: after,
            tier: 'mvs',
            evaluatedAt: later(48),
          }),
          now: later(48),
        });
      }
      // Evaluated only after `since`: nothing to compare with.
      await save(store, {
        entity: fresh,
        report: report(fresh.entityRef, {
          score: 10,
          evaluatedAt: later(50),
        }),
        now: later(50),
      });
      expect(await followUp.listRegressions(later(24))).toEqual([
        {
          entityRef: down.entityRef,
          owner: 'group:default/a',
          tier: 'mvs',
          score: 60,
          previousTier: 'mvs',
          previousScore: 80,
        },
      ]);
      expect(await followUp.listRegressions(later(49))).toEqual([]);
    });
  });
});
