import type { CollectedEvidence } from '@readiness/plugin-readiness-node';
import { createMockCollector } from '@readiness/plugin-readiness-node/testUtils';
import { claudeFlow } from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { createTestService } from '../__testUtils__/testService';

const T0 = new Date('2026-11-24T10:00:00.000Z');
const ref = 'component:default/claude-flow';
const hoursLater = (hours: number) =>
  new Date(T0.getTime() + hours * 3_600_000);

jest.setTimeout(60_000);

describe('a collection cycle that changed nothing', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'refreshes the evidence times only and keeps the report; a changed value, an error, a freshness flip, a failure or a restart evaluate again, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      let clock = T0;
      // What the collector sees next; a throw fails the collection.
      let sees: () => Partial<CollectedEvidence> = () => ({
        value: { exists: true, latestRunSucceeded: true },
      });
      let lifetimeHours = 24;
      const collector = createMockCollector({
        id: 'github',
        evidenceKeys: ['pipeline'],
        evidence: async (_entity, ctx) => [
          {
            key: 'pipeline',
            observedAt: ctx.now.toISOString(),
            staleAfter: new Date(
              ctx.now.getTime() + lifetimeHours * 3_600_000,
            ).toISOString(),
            ...sees(),
          } as CollectedEvidence,
        ],
      });
      // Changed in place below, as the catalog would show it.
      const entity = structuredClone(claudeFlow);
      const { service } = await createTestService(knex, {
        entities: [entity],
        collectors: [collector],
        now: () => clock,
      });
      const cycleAt = async (hours: number) => {
        clock = hoursLater(hours);
        await service.runCollector(collector);
        return service.getStoredReport(claudeFlow);
      };
      const historyRows = async () =>
        Number(
          (
            await knex('readiness_history')
              .where({ entity_ref: ref })
              .count({ n: '*' })
          )[0].n,
        );
      const evidenceRow = () =>
        knex('readiness_evidence')
          .where({ entity_ref: ref, source: 'github', key: 'pipeline' })
          .first();
      const pipelineStatus = (report: any) =>
        report.checks.find((c: any) => c.id === 'delivery.pipeline').status;

      const first = await cycleAt(0);
      expect(first?.evaluatedAt).toBe(T0.toISOString());
      expect(pipelineStatus(first)).toBe('pass');
      const rows = await historyRows();
      const firstRow = await evidenceRow();

      // Unchanged: the same report (not even re-stored), no history row,
      // the evidence observed again and fresh for longer.
      const second = await cycleAt(1);
      expect(second).toEqual(first);
      expect(await historyRows()).toBe(rows);
      const refreshed = await evidenceRow();
      expect(new Date(refreshed.observed_at).toISOString()).toBe(
        hoursLater(1).toISOString(),
      );
      expect(new Date(refreshed.stale_after).toISOString()).toBe(
        hoursLater(25).toISOString(),
      );
      expect(refreshed.value).toBe(firstRow.value);

      // A changed value is evaluated.
      sees = () => ({ value: { exists: true, latestRunSucceeded: false } });
      const failed = await cycleAt(2);
      expect(failed?.evaluatedAt).toBe(hoursLater(2).toISOString());
      expect(pipelineStatus(failed)).toBe('fail');
      expect(await historyRows()).toBeGreaterThan(rows);

      // An error in place of the value is evaluated: never left passing.
      sees = () => ({ value: undefined, error: 'the API said no' });
      const errored = await cycleAt(3);
      expect(errored?.evaluatedAt).toBe(hoursLater(3).toISOString());
      expect(pipelineStatus(errored)).toBe('unknown');

      // The same error again changes nothing.
      expect((await cycleAt(4))?.evaluatedAt).toBe(hoursLater(3).toISOString());

      // Evidence that went stale since it was stored, seen again fresh, is
      // evaluated: the stored report may say unknown where it now passes.
      sees = () => ({ value: { exists: true, latestRunSucceeded: true } });
      lifetimeHours = 1;
      expect((await cycleAt(5))?.evaluatedAt).toBe(hoursLater(5).toISOString());
      const fresh = await cycleAt(7);
      expect(fresh?.evaluatedAt).toBe(hoursLater(7).toISOString());
      expect(pipelineStatus(fresh)).toBe('pass');

      // A failed collection marks the evidence stale and is evaluated.
      sees = () => {
        throw new Error('down');
      };
      const down = await cycleAt(7.5);
      expect(down?.evaluatedAt).toBe(hoursLater(7.5).toISOString());
      expect(pipelineStatus(down)).toBe('unknown');
      // The same failure again changes nothing.
      expect((await cycleAt(7.6))?.evaluatedAt).toBe(
        hoursLater(7.5).toISOString(),
      );
      sees = () => ({ value: { exists: true, latestRunSucceeded: true } });
      expect(pipelineStatus(await cycleAt(7.75))).toBe('pass');

      // The entity changed in the catalog (checks may apply to it by its
      // type, rules may read it) while its evidence did not.
      entity.spec!.type = 'website';
      expect((await cycleAt(7.9))?.evaluatedAt).toBe(
        hoursLater(7.9).toISOString(),
      );
      expect((await cycleAt(7.95))?.evaluatedAt).toBe(
        hoursLater(7.9).toISOString(),
      );

      // Another instance (perhaps with other checks) started since the
      // report was evaluated: it evaluates what it did not evaluate itself.
      clock = hoursLater(8);
      const restarted = await createTestService(knex, {
        entities: [entity],
        collectors: [collector],
        now: () => clock,
      });
      await restarted.service.runCollector(collector);
      expect(
        (await restarted.service.getStoredReport(claudeFlow))?.evaluatedAt,
      ).toBe(hoursLater(8).toISOString());
    },
  );
});
