import {
  type BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { CheckPreviewResponse } from '@readiness/plugin-readiness-common';
import type { Knex } from 'knex';
import request from 'supertest';
import { alice, permissions } from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { readinessPlugin } from '../plugin';

jest.setTimeout(60_000);

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team' },
});
// With no enterprise check enabled, the tiers above MVS come together.
// covered: clean build, 90% coverage (Enterprise Grade); thin: clean build,
// 70% (MVS, below the required tier); broken: 3 compilation errors
// and 96% (stop-work); silent: no evidence at all.
const names = ['covered', 'thin', 'broken', 'silent'];

const asAlice = mockCredentials.user.header(alice);
// Carol may read only `thin` in the catalog; dan nothing.
const asCarol = mockCredentials.user.header('user:default/carol');
const asDan = mockCredentials.user.header('user:default/dan');

function visible(credentials: BackstageCredentials | undefined, e: Entity) {
  const user = (credentials?.principal as { userEntityRef?: string })
    ?.userEntityRef;
  if (user === 'user:default/dan') return false;
  if (user === 'user:default/carol') return e.metadata.name === 'thin';
  return true;
}

/** The catalog mock, applying read rules to the caller's credentials. */
const catalogFactory = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory() {
    const catalog = catalogServiceMock({ entities: names.map(component) });
    const queryEntities = catalog.queryEntities.bind(catalog);
    catalog.queryEntities = async (query, options) => {
      const page = await queryEntities(query, options);
      const items = page.items.filter(e =>
        visible(
          (options as { credentials?: BackstageCredentials }).credentials,
          e,
        ),
      );
      return { ...page, items, totalItems: items.length };
    };
    return catalog;
  },
});

/** Every row of every readiness table, to show a preview writes nothing. */
async function snapshot(knex: Knex) {
  const tables: string[] =
    knex.client.config.client === 'pg'
      ? (
          await knex('pg_tables')
            .where('schemaname', knex.raw('current_schema()'))
            .select('tablename')
        ).map((row: { tablename: string }) => row.tablename)
      : (
          await knex('sqlite_master').where({ type: 'table' }).select('name')
        ).map((row: { name: string }) => row.name);
  const rows: Record<string, unknown[]> = {};
  for (const table of tables.filter(t => t.startsWith('readiness')).sort()) {
    rows[table] = await knex(table).select();
  }
  return rows;
}

describe('POST /v1/checks/preview', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'counts and lists the entities a change of checks moves, for what the caller may read, storing nothing, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          readinessPlugin,
          catalogFactory,
          permissions.factory,
          mockServices.database.factory({ knex }),
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          mockServices.rootConfig.factory({
            data: {
              readiness: {
                preview: { rateLimit: { requests: 100 } },
                requiredTiers: { production: 'production' },
                // Only a build and a coverage check, so pushed evidence
                // decides every tier.
                checks: Object.fromEntries(
                  [
                    'security.vulnerabilities',
                    'quality.tests-pass',
                    'security.audit',
                    'delivery.pipeline',
                    'security.hardening',
                    'operations.monitoring',
                    'docs.complete',
                    'quality.benchmarks',
                    'quality.tech-debt',
                    'compliance.requirements',
                    'operations.disaster-recovery',
                    'operations.scalability',
                    'security.certifications',
                    'operations.on-call',
                    'compliance.licenses',
                  ].map(id => [id, { enabled: false }]),
                ),
              },
            },
          }),
        ],
      });
      const server = backend.server;
      try {
        const push = async (name: string, items: object[]) =>
          request(server)
            .post(
              `/api/readiness/v1/entities/component/default/${name}/evidence`,
            )
            .set('Authorization', asAlice)
            .send(items)
            .expect(201);
        const build = (compilationErrors: number) => ({
          key: 'build',
          source: 'ci',
          value: { succeeded: compilationErrors === 0, compilationErrors },
        });
        const coverage = (linePercent: number) => ({
          key: 'coverage',
          source: 'ci',
          value: { linePercent },
        });
        await push('covered', [build(0), coverage(90)]);
        await push('thin', [build(0), coverage(70)]);
        await push('broken', [build(3), coverage(96)]);

        const preview = (auth: string, body: object) =>
          request(server)
            .post('/api/readiness/v1/checks/preview')
            .set('Authorization', auth)
            .send(body);
        const before = await snapshot(knex);

        // Coverage becomes a blocker at 95%; a broken build only major.
        const stricter = await preview(asAlice, {
          checks: [],
          overrides: {
            quality: {
              coverage: {
                severity: 'blocker',
                thresholds: { minLinePercent: 95 },
              },
            },
            'build.clean': { severity: 'major' },
          },
        });
        expect(stricter.status).toBe(200);
        const body = stricter.body as CheckPreviewResponse;
        expect(body.counts).toEqual({
          evaluated: 4,
          changed: 3,
          tierUp: 0,
          tierDown: 1,
          enterStopWork: 2,
          leaveStopWork: 1,
          newlyBelowRequiredTier: 1,
          newlyMeetingRequiredTier: 0,
        });
        expect(body.truncated).toBe(false);
        expect(body.items.map(item => item.entityRef)).toEqual([
          'component:default/broken',
          'component:default/covered',
          'component:default/thin',
        ]);
        expect(body.items[1]).toEqual({
          entityRef: 'component:default/covered',
          requiredTier: 'production',
          before: {
            tier: 'enterprise',
            stopWork: false,
            belowRequiredTier: false,
            score: expect.any(Number),
          },
          after: {
            tier: 'mvs',
            stopWork: true,
            belowRequiredTier: true,
            score: expect.any(Number),
          },
          checks: [{ id: 'quality.coverage', before: 'pass', after: 'fail' }],
        });
        expect(body.items[0]).toMatchObject({
          before: { tier: null, stopWork: true },
          after: { tier: null, stopWork: false },
          checks: [],
        });

        // A lower threshold lifts `thin` to the tier its lifecycle requires.
        const looser = await preview(asAlice, {
          checks: [],
          overrides: {
            'quality.coverage': { thresholds: { minLinePercent: 60 } },
          },
        });
        expect(looser.status).toBe(200);
        expect(looser.body.counts).toMatchObject({
          evaluated: 4,
          changed: 1,
          tierUp: 1,
          tierDown: 0,
          newlyMeetingRequiredTier: 1,
        });
        expect(looser.body.items[0]).toMatchObject({
          entityRef: 'component:default/thin',
          before: { tier: 'mvs', belowRequiredTier: true },
          after: { tier: 'enterprise', belowRequiredTier: false },
        });

        // Custom checks as data: a blocker rule over the coverage evidence
        // for services, and one for websites that none of them is.
        const custom = await preview(asAlice, {
          checks: [
            {
              id: 'acme.coverage-floor',
              title: 'Coverage of at least 75%',
              tier: 'mvs',
              dimension: 'testing',
              appliesTo: { 'spec.type': 'service' },
              rule: 'evidence.coverage.linePercent >= 75',
            },
            {
              id: 'acme.websites-only',
              title: 'Never passes, for websites',
              tier: 'mvs',
              dimension: 'operations',
              appliesTo: { 'spec.type': 'website' },
              rule: 'false',
            },
          ],
        });
        expect(custom.status).toBe(200);
        expect(custom.body.counts).toMatchObject({
          evaluated: 4,
          changed: 1,
          tierDown: 1,
          enterStopWork: 1,
        });
        expect(custom.body.items).toEqual([
          expect.objectContaining({
            entityRef: 'component:default/thin',
            before: expect.objectContaining({ tier: 'mvs', stopWork: false }),
            after: expect.objectContaining({ tier: null, stopWork: true }),
            checks: [{ id: 'acme.coverage-floor', after: 'fail' }],
          }),
        ]);

        // Only what the caller may read in the catalog is evaluated.
        const carol = await preview(asCarol, {
          checks: [],
          overrides: {
            'quality.coverage': { thresholds: { minLinePercent: 60 } },
          },
        });
        expect(carol.body.counts).toMatchObject({ evaluated: 1, changed: 1 });
        expect(carol.body.items.map((i: any) => i.entityRef)).toEqual([
          'component:default/thin',
        ]);
        const dan = await preview(asDan, { checks: [] });
        expect(dan.status).toBe(200);
        expect(dan.body).toMatchObject({
          counts: { evaluated: 0, changed: 0 },
          items: [],
        });

        // No change, no move.
        const same = await preview(asAlice, { checks: [] });
        expect(same.body.counts).toMatchObject({ evaluated: 4, changed: 0 });

        // Overrides are read as app-config's are: a 400 names the field.
        const bad = await preview(asAlice, {
          checks: [],
          overrides: {
            'quality.coverage': { thresholds: { minLinePercent: 'high' } },
            'acme.unknown': { enabled: false },
          },
        });
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toBe(
          'overrides["quality.coverage"].thresholds.minLinePercent: expected number; overrides["acme.unknown"]: unknown check id',
        );
        const badRule = await preview(asAlice, {
          checks: [
            {
              id: 'acme.half-written',
              title: 'Half written',
              tier: 'mvs',
              dimension: 'testing',
              rule: 'evidence.coverage.linePercent >=',
            },
          ],
        });
        expect(badRule.status).toBe(400);
        expect(badRule.body.error.message).toMatch(
          /^checks\[0\] \(acme\.half-written\): rule: /,
        );
        const builtInId = await preview(asAlice, {
          checks: [
            {
              id: 'quality.coverage',
              title: 'Mine',
              tier: 'mvs',
              dimension: 'testing',
              rule: 'true',
            },
          ],
        });
        expect(builtInId.status).toBe(400);
        expect(builtInId.body.error.message).toBe(
          'checks[0] (quality.coverage): id: is a built-in check id; override it under readiness.checks',
        );
        const notAList = await preview(asAlice, { checks: {} });
        expect(notAList.status).toBe(400);
        expect(notAList.body.error.message).toMatch(/^checks: /);

        expect(await snapshot(knex)).toEqual(before);
      } finally {
        await backend.stop();
      }
    },
  );

  it('refuses a caller beyond its previews per window with 429 and Retry-After, before reading the body', async () => {
    const backend = await startTestBackend({
      features: [
        readinessPlugin,
        catalogFactory,
        permissions.factory,
        mockServices.rootConfig.factory({
          data: { readiness: { preview: { rateLimit: { requests: 2 } } } },
        }),
      ],
    });
    try {
      const preview = (auth: string, body: unknown) =>
        request(backend.server)
          .post('/api/readiness/v1/checks/preview')
          .set('Authorization', auth)
          .send(body as object);
      expect((await preview(asAlice, { checks: [] })).status).toBe(200);
      expect((await preview(asAlice, { checks: 'bad' })).status).toBe(400);
      const refused = await preview(asAlice, { checks: [] });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // Counted per caller.
      expect((await preview(asCarol, { checks: [] })).status).toBe(200);
    } finally {
      await backend.stop();
    }
  });
});
