import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { evaluateReadiness } from '@readiness/plugin-readiness-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseReadinessStore } from '../database';
import { entityMetadata } from './entityMetadata';
import { decideEvaluationWrites } from './evaluationWrites';
import { createStopWorkOrders } from './StopWorkOrders';

jest.setTimeout(60_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'claude-flow', title: 'Claude Flow' },
  spec: { owner: 'orchestration-team', lifecycle: 'production' },
};
const T0 = '2026-11-24T10:00:00.000Z';

/** Saving and announcing never evaluate; only issuing and lifting do. */
async function notEvaluated(): Promise<never> {
  throw new Error('saving and announcing must not evaluate');
}

function failingBuildReport(now: string) {
  return evaluateReadiness({
    entityRef: 'component:default/claude-flow',
    evidence: [
      {
        source: 'push',
        key: 'build',
        value: { succeeded: false, compilationErrors: 97 },
        observedAt: T0,
        staleAfter: '2026-12-24T10:00:00.000Z',
      },
    ],
    now,
  });
}

describe('createStopWorkOrders', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'tells the owner once per order and transition, across instances, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseReadinessStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const send = jest.fn().mockResolvedValue(undefined);
      // Two backend instances (or one before and after a restart).
      const notifiers = [1, 2].map(() =>
        createStopWorkOrders({
          store,
          evaluate: notEvaluated,
          notifications: { send },
          recipients: { critical: ['group:default/sre'], normal: [] },
          logger: mockServices.logger.mock(),
        }),
      );

      const report = failingBuildReport(T0);
      const transition = await store.saveEvaluation({
        entity: entityMetadata(entity),
        report,
        now: new Date(T0),
        decide: decideEvaluationWrites(report),
      });
      expect(transition.began).toBeDefined();
      for (const orders of notifiers) {
        await orders.announce(entity, report, transition);
      }

      expect(send).toHaveBeenCalledTimes(1);
      expect(send).toHaveBeenCalledWith({
        recipients: {
          type: 'entity',
          entityRef: ['group:default/orchestration-team', 'group:default/sre'],
        },
        payload: expect.objectContaining({
          title: 'Stop work: Claude Flow must not be deployed',
          description: expect.stringContaining('97 compilation errors'),
          link: '/catalog/default/component/claude-flow',
          severity: 'critical',
          topic: 'readiness-stop-work',
        }),
      });

      const lifted = {
        lifted: { ...transition.began!, liftedAt: T0, liftReason: 'fixed' },
      };
      for (const orders of notifiers) {
        await orders.announce(entity, report, lifted);
      }
      expect(send).toHaveBeenCalledTimes(2);
      expect(send.mock.calls[1][0]).toMatchObject({
        recipients: { entityRef: ['group:default/orchestration-team'] },
        payload: {
          title: 'Stop work lifted: Claude Flow',
          severity: 'normal',
        },
      });
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'opens the automatic order with the evaluation that fails a blocker, keeps it while it fails, lifts it when it passes, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseReadinessStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const send = jest.fn().mockResolvedValue(undefined);
      const orders = createStopWorkOrders({
        store,
        evaluate: notEvaluated,
        notifications: { send },
        recipients: { critical: [], normal: [] },
        logger: mockServices.logger.mock(),
      });
      const at = (hours: number) =>
        new Date(Date.parse(T0) + hours * 3_600_000);

      const began = await orders.saveEvaluation(
        entity,
        failingBuildReport(T0),
        at(0),
      );
      expect(began.began).toMatchObject({
        origin: 'automatic',
        beganAt: T0,
        blockers: ['build.clean'],
        countsAtStart: { compilationErrors: 97 },
      });
      const stillFailing = failingBuildReport(at(1).toISOString());
      expect(await orders.saveEvaluation(entity, stillFailing, at(1))).toEqual(
        {},
      );

      const passing = evaluateReadiness({
        entityRef: 'component:default/claude-flow',
        evidence: [
          {
            source: 'push',
            key: 'build',
            value: { succeeded: true, compilationErrors: 0 },
            observedAt: at(2).toISOString(),
            staleAfter: '2026-12-24T10:00:00.000Z',
          },
        ],
        previousStopWork: stillFailing.stopWork,
        now: at(2).toISOString(),
      });
      const lifted = await orders.saveEvaluation(entity, passing, at(2));
      expect(lifted.lifted).toMatchObject({
        id: began.began!.id,
        liftedAt: at(2).toISOString(),
        liftedBy: 'readiness',
      });
      expect(await store.getOpenStopWorkOrders(passing.entityRef)).toEqual([]);
      expect(send.mock.calls.map(([call]) => call.payload.title)).toEqual([
        'Stop work: Claude Flow must not be deployed',
        'Stop work lifted: Claude Flow',
      ]);
      await knex.destroy();
    },
  );

  it('only logs when the notifications plugin cannot be reached', async () => {
    const logger = mockServices.logger.mock();
    const orders = createStopWorkOrders({
      store: {
        markStopWorkNotified: async () => true,
        claimNotificationRecipients: async (options: {
          recipients: string[];
        }) => options.recipients,
      } as any,
      evaluate: notEvaluated,
      notifications: {
        send: async () => {
          throw new Error('404 Not Found');
        },
      },
      recipients: { critical: [], normal: [] },
      logger,
    });
    await expect(
      orders.announce(entity, failingBuildReport(T0), {
        began: {
          id: '1',
          entityRef: 'component:default/claude-flow',
          origin: 'automatic',
          beganAt: T0,
          blockers: ['build.clean'],
          countsAtStart: {},
        },
      }),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('is the notifications plugin installed?'),
    );
  });
});
