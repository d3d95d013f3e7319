import { mockServices } from '@backstage/backend-test-utils';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { ReadinessReport } from '@readiness/plugin-readiness-common';
import { DatabaseReadinessStore } from '../database';
import { claudeFlow } from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { createWaiverWorkflow } from './WaiverWorkflow';

jest.setTimeout(60_000);

const T0 = new Date('2026-12-01T10:00:00.000Z');
const guest = 'user:development/guest';
const ada = 'user:default/ada';

describe('WaiverWorkflow', () => {
  const databases = createTestDatabases();

  async function setup(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    const store = await DatabaseReadinessStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    let now = T0;
    const send = jest.fn(async () => {});
    const onDecided = jest.fn(async () => {});
    const evaluate = jest.fn(async () => ({}) as ReadinessReport);
    const workflow = createWaiverWorkflow({
      store,
      evaluate,
      maxWaiverDurationMs: 90 * 86_400_000,
      logger: mockServices.logger.mock(),
      notifications: { send } as unknown as NotificationService,
      onDecided,
      now: () => now,
    });
    return {
      workflow,
      send,
      onDecided,
      evaluate,
      advance: (ms: number) => {
        now = new Date(now.getTime() + ms);
      },
    };
  }

  const request = {
    checkId: 'quality.coverage' as const,
    reason: 'legacy module',
    owner: 'group:default/team',
    expiresAt: new Date(T0.getTime() + 86_400_000).toISOString(),
  };

  it.each(databases.eachSupportedId())(
    'tells the requester and the events of a decision, and evaluates only when what applies changes, %p',
    async databaseId => {
      const { workflow, send, onDecided, evaluate } = await setup(databaseId);
      const waiver = await workflow.request(claudeFlow, request, guest, {
        canApprove: false,
      });
      expect(evaluate).not.toHaveBeenCalled();
      await workflow.approve(claudeFlow, waiver.id, ada, 'tracked');
      expect(evaluate).toHaveBeenCalledTimes(1);
      expect(send).toHaveBeenCalledWith({
        recipients: { type: 'entity', entityRef: [guest] },
        payload: expect.objectContaining({
          title:
            'Waiver on quality.coverage approved: component:default/claude-flow',
          description: `${ada} approved the waiver you requested (legacy module).`,
        }),
      });
      expect(onDecided).toHaveBeenCalledWith({
        entityRef: 'component:default/claude-flow',
        from: 'pending',
        waiver: expect.objectContaining({ state: 'approved', decidedBy: ada }),
      });

      // A service's request is decided without a message to anyone.
      const ci = await workflow.request(claudeFlow, request, 'external:ci', {
        canApprove: false,
      });
      send.mockClear();
      await workflow.deny(claudeFlow, ci.id, ada, 'fix it');
      expect(send).not.toHaveBeenCalled();
      // Denying a pending waiver changed nothing that applies.
      expect(evaluate).toHaveBeenCalledTimes(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'records the expiry at expiresAt, by readiness, once it is read after it, and refuses a decision on it, %p',
    async databaseId => {
      const { workflow, advance } = await setup(databaseId);
      const waiver = await workflow.request(claudeFlow, request, guest, {
        canApprove: false,
      });
      await expect(
        workflow.request(
          claudeFlow,
          { ...request, expiresAt: '2027-12-01T00:00:00.000Z' },
          guest,
          { canApprove: false },
        ),
      ).rejects.toThrow(/^expiresAt: must not be later than/);

      advance(2 * 86_400_000);
      expect(await workflow.list(claudeFlow, ['expired'])).toEqual([
        expect.objectContaining({ id: waiver.id, state: 'expired' }),
      ]);
      await expect(
        workflow.approve(claudeFlow, waiver.id, ada),
      ).rejects.toThrow(/is expired/);
      expect((await workflow.trail(claudeFlow, waiver.id)).at(-1)).toEqual({
        waiverId: waiver.id,
        from: 'pending',
        to: 'expired',
        actor: 'readiness',
        at: request.expiresAt,
        reason: 'expiresAt passed',
      });
    },
  );
});
