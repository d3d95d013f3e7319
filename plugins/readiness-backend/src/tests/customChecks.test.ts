import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import { checkIds } from '@readiness/plugin-readiness-common';
import type { Knex } from 'knex';
import request from 'supertest';
import { sloModule } from '../__testUtils__/sloKind';
import {
  asAlice,
  claudeFlow,
  permissions,
  webPortal,
} from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { readinessPlugin } from '../plugin';

jest.setTimeout(60_000);

const entityRoute = (name: string) =>
  `/api/readiness/v1/entities/component/default/${name}`;

/** Only the custom checks count: every built-in check is disabled. */
const builtInsOff = Object.fromEntries(
  checkIds.map(id => [id, { enabled: false }]),
);

/** What an admin writes in app-config: two SLO checks and a catalog one. */
const customChecks = [
  {
    id: 'acme.slo-met',
    title: 'Declares an SLO of at least 99%',
    tier: 'mvs',
    dimension: 'operations',
    severity: 'blocker',
    appliesTo: { 'spec.type': 'service' },
    rule: 'evidence.acme.slo.targetPercent >= 99.0',
    summary: {
      pass: 'SLO {{ evidence.acme.slo.targetPercent }}% over {{ evidence.acme.slo.window }}',
      fail: 'SLO {{ evidence.acme.slo.targetPercent }}% is below 99%',
    },
    remediation: ['raise the SLO target of {{ entity.metadata.name }}'],
  },
  {
    id: 'acme.owned',
    title: 'Owned by a team',
    tier: 'production',
    dimension: 'documentation',
    severity: 'required',
    rule: "has(entity.spec.owner) && entity.spec.owner != ''",
  },
];

const started: Array<{ stop(): Promise<void> }> = [];
afterAll(() => Promise.all(started.map(backend => backend.stop())));

async function startBackend(
  knex: Knex,
  module: ReturnType<typeof sloModule>,
  checks: JsonObject = {},
) {
  const backend = await startTestBackend({
    features: [
      readinessPlugin,
      module,
      catalogServiceMock.factory({ entities: [claudeFlow, webPortal] }),
      permissions.factory,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          readiness: {
            checks: { ...builtInsOff, custom: customChecks, ...checks },
          },
        },
      }),
    ],
  });
  started.push(backend);
  const server = backend.server;
  return {
    refresh: (name: string) =>
      request(server)
        .post(`${entityRoute(name)}/refresh`)
        .set('Authorization', asAlice),
    report: (name: string) =>
      request(server).get(entityRoute(name)).set('Authorization', asAlice),
    push: (name: string, body: object) =>
      request(server)
        .post(`${entityRoute(name)}/evidence`)
        .set('Authorization', asAlice)
        .send(body),
  };
}

interface ReportBody {
  tier: string | null;
  score: { overall: number };
  stopWork: { active: boolean; blockers: string[] };
  checks: Array<{
    id: string;
    status: string;
    summary: string;
    actions: string[];
    upcoming?: boolean;
  }>;
}

const check = (body: ReportBody, id: string) =>
  body.checks.find(c => c.id === id);

describe('custom checks defined in app-config (issue 14, done when)', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'after the next collection a custom check is on the reports of the entities it applies to, and only those; it counts toward tier and score, and as a blocker raises a stop-work order, %p',
    async databaseId => {
      const slo: Record<string, unknown> = {
        'claude-flow': { targetPercent: 99.9, window: '28d' },
        'web-portal': { targetPercent: 50, window: '7d' },
      };
      const backend = await startBackend(
        await databases.init(databaseId),
        sloModule(name => slo[name]),
      );

      // Before any collection there is no acme.slo evidence: unknown, not pass.
      const before: ReportBody = (await backend.report('claude-flow')).body;
      expect(check(before, 'acme.slo-met')).toMatchObject({
        status: 'unknown',
        summary: 'no acme.slo evidence yet',
      });
      expect(before.tier).toBeNull();

      const met = await backend.refresh('claude-flow');
      expect(met.status).toBe(200);
      const passing: ReportBody = met.body;
      expect(check(passing, 'acme.slo-met')).toMatchObject({
        status: 'pass',
        summary: 'SLO 99.9% over 28d',
      });
      expect(check(passing, 'acme.owned')?.status).toBe('pass');
      // Every check of every tier passes (enterprise has none here).
      expect(passing.tier).toBe('enterprise');
      expect(passing.score.overall).toBe(100);
      expect(passing.stopWork.active).toBe(false);

      // web-portal is a website: the SLO check does not apply to it, even
      // with SLO evidence that would fail it.
      const website: ReportBody = (await backend.refresh('web-portal')).body;
      expect(website.checks.map(c => c.id)).toEqual(['acme.owned']);
      expect(website.tier).toBe('enterprise');

      slo['claude-flow'] = { targetPercent: 95, window: '28d' };
      const failing: ReportBody = (await backend.refresh('claude-flow')).body;
      expect(check(failing, 'acme.slo-met')).toMatchObject({
        status: 'fail',
        summary: 'SLO 95% is below 99%',
        actions: ['raise the SLO target of claude-flow'],
      });
      expect(failing.tier).toBeNull();
      expect(failing.score.overall).toBeLessThan(passing.score.overall);
      expect(failing.stopWork).toMatchObject({
        active: true,
        blockers: ['acme.slo-met'],
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'pushed evidence of a registered kind feeds a custom rule, %p',
    async databaseId => {
      const backend = await startBackend(
        await databases.init(databaseId),
        sloModule(),
      );
      const pushed = await backend.push('claude-flow', {
        key: 'acme.slo',
        source: 'slo-pipeline',
        value: { targetPercent: 99.5, window: '30d' },
      });
      expect(pushed.status).toBe(201);
      expect(check(pushed.body, 'acme.slo-met')).toMatchObject({
        status: 'pass',
        summary: 'SLO 99.5% over 30d',
      });

      const lowered = await backend.push('claude-flow', {
        key: 'acme.slo',
        source: 'slo-pipeline',
        value: { targetPercent: 90, window: '30d' },
      });
      expect(check(lowered.body, 'acme.slo-met')?.status).toBe('fail');
      expect(lowered.body.stopWork.active).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'a check with effectiveFrom in the future is shown as upcoming and changes no tier, score or stop-work, %p',
    async databaseId => {
      const backend = await startBackend(
        await databases.init(databaseId),
        sloModule(() => ({ targetPercent: 99.9, window: '28d' })),
        {
          custom: [
            ...customChecks,
            {
              id: 'acme.base-image',
              title: 'Runs on the approved base image',
              tier: 'mvs',
              dimension: 'security',
              severity: 'blocker',
              rule: 'false',
              effectiveFrom: '2999-01-01',
            },
          ],
        },
      );
      const body: ReportBody = (await backend.refresh('claude-flow')).body;
      expect(check(body, 'acme.base-image')).toMatchObject({
        status: 'fail',
        upcoming: true,
      });
      expect(body.tier).toBe('enterprise');
      expect(body.score.overall).toBe(100);
      expect(body.stopWork.active).toBe(false);
    },
  );
});
