import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { onEveryDatabase, T0 } from '../__testUtils__/storeFixtures';
import { createCollectionCycles } from './collectionCycles';
import { readBackendConfig } from './config';
import { createRequestBudgets } from './requestBudgets';

jest.setTimeout(60_000);

const CONCURRENCY = 4;
const ENTITIES = 40;

const entityNamed = (ref: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: ref.split('/')[1], namespace: 'default' },
});

describe('collectionCycles', () => {
  onEveryDatabase((databaseId, createStore) => {
    it('claims the next batch while one is worked on and settles entities in batches', async () => {
      const store = await createStore(databaseId);
      const settles = jest.spyOn(store, 'settleEntities');
      const config = readBackendConfig(
        new ConfigReader({
          readiness: { collection: { concurrency: CONCURRENCY } },
        }),
      );
      const catalog = {
        async getEntitiesByRefs({ entityRefs }: { entityRefs: string[] }) {
          return { items: entityRefs.map(entityNamed) };
        },
      } as unknown as CatalogService;
      const logger = mockServices.logger.mock();
      const now = () => T0;
      // Claims made while an entity was being handled: made ahead.
      let handling = 0;
      let claimsWhileHandling = 0;
      const claim = store.claimEntities.bind(store);
      store.claimEntities = async claimOptions => {
        if (handling > 0) claimsWhileHandling += 1;
        return claim(claimOptions);
      };
      const handled: string[] = [];
      const cycles = createCollectionCycles({
        store,
        catalog,
        auth: mockServices.auth(),
        config,
        logger,
        budgets: createRequestBudgets({
          store,
          budgets: {},
          logger,
          now,
        }),
        instance: 'only',
        tasks: () => ({
          collectorIds: () => [],
          async handle(entity) {
            handling += 1;
            await new Promise(resolve => setTimeout(resolve, 5));
            handled.push(entity.metadata.name);
            handling -= 1;
            return true;
          },
        }),
        now,
      });
      const refs = Array.from(
        { length: ENTITIES },
        (_, i) => `component:default/e-${String(i).padStart(2, '0')}`,
      );
      const runId = await cycles.runCycle({
        task: 'test',
        forEachPage: async fn => fn(refs.map(entityNamed)),
      });

      // Each entity handled once, and the run ended with all of them done.
      expect(handled.sort()).toEqual(refs.map(ref => ref.split('/')[1]));
      expect(await store.isRunFinished(runId)).toBe(true);
      const counts = (await store.countQueuedEntities([runId])).get(runId);
      expect(counts?.byState).toMatchObject({ done: ENTITIES, claimed: 0 });
      expect(claimsWhileHandling).toBeGreaterThan(0);
      // Written a batch at a time, not one update per entity.
      const settled = settles.mock.calls.reduce(
        (sum, [ids]) => sum + ids.length,
        0,
      );
      expect(settled).toBe(ENTITIES);
      expect(settles.mock.calls.length).toBeLessThanOrEqual(
        ENTITIES / CONCURRENCY + 2,
      );
    });
  });
});
