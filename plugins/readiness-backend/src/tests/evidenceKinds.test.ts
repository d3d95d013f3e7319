import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Knex } from 'knex';
import request from 'supertest';
import { sloModule } from '../__testUtils__/sloKind';
import { asAlice, claudeFlow, permissions } from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { readinessPlugin } from '../plugin';

jest.setTimeout(60_000);

const route = '/api/readiness/v1/entities/component/default/claude-flow';
const hourMs = 3_600_000;

const started: Array<{ stop(): Promise<void> }> = [];
afterAll(() => Promise.all(started.map(backend => backend.stop())));

async function startBackend(
  knex: Knex | undefined,
  module: ReturnType<typeof sloModule>,
) {
  const backend = await startTestBackend({
    features: [
      readinessPlugin,
      module,
      catalogServiceMock.factory({ entities: [claudeFlow] }),
      permissions.factory,
      ...(knex ? [mockServices.database.factory({ knex })] : []),
      mockServices.rootConfig.factory({ data: {} }),
    ],
  });
  started.push(backend);
  return backend.server;
}

async function storedSlo(knex: Knex, source: string) {
  const row = await knex('readiness_evidence')
    .where({ entity_ref: 'component:default/claude-flow', key: 'acme.slo' })
    .where({ source })
    .first();
  return row
    ? {
        value: row.value === null ? null : JSON.parse(row.value),
        error: row.error,
        observedAt: new Date(row.observed_at).getTime(),
        staleAfter: new Date(row.stale_after).getTime(),
      }
    : undefined;
}

describe('registered evidence kinds', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'a push of a registered kind is checked by its schema and counts for its lifetime; an unregistered namespaced key is a 400 naming key, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const server = await startBackend(knex, sloModule());
      const push = (body: unknown) =>
        request(server)
          .post(`${route}/evidence`)
          .set('Authorization', asAlice)
          .send(body as object);

      const accepted = await push({
        key: 'acme.slo',
        source: 'slo-pipeline',
        value: { targetPercent: 99.9, window: '28d' },
      });
      expect(accepted.status).toBe(201);
      const stored = await storedSlo(knex, 'slo-pipeline');
      expect(stored).toMatchObject({
        value: { targetPercent: 99.9, window: '28d' },
        error: null,
      });
      expect(stored!.staleAfter - stored!.observedAt).toBe(48 * hourMs);

      const refused = await push([
        { key: 'build', value: { succeeded: true, compilationErrors: 0 } },
        {
          key: 'acme.slo',
          value: { targetPercent: '<img src=x>', window: '1y' },
        },
      ]);
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(
        /^\[1\]\.value\.targetPercent: .+; \[1\]\.value\.window: /,
      );
      expect(refused.body.error.message).not.toContain('img');
      expect(refused.body.error.message).not.toContain('1y');

      const unregistered = await push({ key: 'acme.cost', value: 1 });
      expect(unregistered.status).toBe(400);
      expect(unregistered.body.error.message).toBe(
        'key: not a registered evidence kind; registered: acme.slo, slsa.provenance',
      );
      // Nothing of a refused push was stored.
      expect(
        await knex('readiness_evidence').whereIn('key', ['acme.cost', 'build']),
      ).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'a collected value its kind refuses is stored as an error naming the field, and a valid one replaces it, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      let value: unknown = { targetPercent: 250, window: '28d' };
      const server = await startBackend(
        knex,
        sloModule(() => value),
      );
      const refresh = () =>
        request(server).post(`${route}/refresh`).set('Authorization', asAlice);

      expect((await refresh()).status).toBe(200);
      const refused = await storedSlo(knex, 'acme-slo');
      expect(refused?.value).toBeNull();
      expect(refused?.error).toMatch(
        /^acme-slo returned a value that does not match the schema of acme\.slo: targetPercent: /,
      );
      expect(refused?.error).not.toContain('250');

      value = { targetPercent: 99.5, window: '7d' };
      expect((await refresh()).status).toBe(200);
      expect(await storedSlo(knex, 'acme-slo')).toMatchObject({
        value: { targetPercent: 99.5, window: '7d' },
        error: null,
      });
    },
  );

  it('refuses to start when a collector declares a namespaced key no module registered', async () => {
    await expect(
      startBackend(undefined, sloModule(undefined, { register: false })),
    ).rejects.toThrow(
      "Readiness collector 'acme-slo' declares evidence key 'acme.slo', which no module registered as an evidence kind",
    );
  });
});
