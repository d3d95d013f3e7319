import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { readinessPlugin } from '../plugin';
import { alice, permissions } from '../__testUtils__/testBackend';

/*
 * A pipeline's `readiness scan` and the portal must show the same report for
 * the same repository: both run -node's built-in collectors with the advisory
 * source chosen the same way, and -common's engine.
 */

// The CLI as a pipeline runs it: its executable, in a child process. A
// test-only devDependency; the backend never imports the CLI, nor the CLI
// the backend.
const readinessBin = require.resolve('@readiness/cli/bin/readiness');
const examples = resolve(__dirname, '../../../../examples');
const advisories = join(examples, 'advisories');

function component(name: string, extra: Partial<Entity['metadata']> = {}) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', ...extra },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/payments-team',
    },
  } satisfies Entity;
}

// Each with one status it must have, so equality is not of two empty reports.
const cases: Array<[string, Entity, [string, string], string]> = [
  // The seed case: stop-work, vulnerable and unmaintained crates, TODOs.
  [
    'claude-flow',
    component('claude-flow'),
    ['security.vulnerabilities', 'fail'],
    '2 unhealthy dependencies: paste 1.0.15 (unmaintained), yaml-rust 0.4.5 (unmaintained)',
  ],
  // Docs, policy files, CI and deploy workflows, monitoring and on-call.
  [
    'payments-api',
    component('payments-api', {
      annotations: {
        'backstage.io/techdocs-ref': 'dir:.',
        'grafana/dashboard-selector': "tags @> 'payments-api'",
        'prometheus.io/alert': 'payments-api-error-rate',
        'pagerduty.com/service-id': 'PAYAPI1',
        'sentry.io/project-slug': 'payments-api',
        // A vulnerable fixture the entity excludes (written below): the CLI
        // honours the entity's exclusions as the backend does.
        'readiness/exclude-paths': 'test/fixtures',
      },
    }),
    ['security.vulnerabilities', 'pass'],
    // Offline, npm deprecations are not checked: unknown, for the same reason.
    'npm deprecation (registry package metadata) could not be checked',
  ],
];

const statuses = (report: { checks: Array<{ id: string; status: string }> }) =>
  report.checks.map(check => [check.id, check.status]);

/** `readiness <args>` in a child process; its parsed JSON output. */
async function readiness(cwd: string, ...args: string[]) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [readinessBin, ...args, '--format', 'json'],
    { cwd, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout);
}

/**
 * A backend whose catalog holds `described` registered from `root`'s
 * catalog-info.yaml, reading repositories below `dir` and the example
 * advisories, as the CLI is given them.
 */
function backendReading(dir: string, root: string, described: Entity) {
  const entity: Entity = {
    ...described,
    metadata: {
      ...described.metadata,
      annotations: {
        ...described.metadata.annotations,
        'backstage.io/source-location': `dir:${root}`,
        'backstage.io/managed-by-location': `file:${root}/catalog-info.yaml`,
      },
    },
  };
  return startTestBackend({
    features: [
      readinessPlugin,
      catalogServiceMock.factory({ entities: [entity] }),
      permissions.factory,
      mockServices.rootConfig.factory({
        data: {
          readiness: {
            repository: { allowedLocalRoots: [dir] },
            advisories: { directory: advisories, maxAgeDays: 3650 },
            dependencyHealth: { registries: { offline: true } },
          },
        },
      }),
    ],
  });
}

describe('the CLI and the backend', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'readiness-parity-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(cases)(
    'give %s identical check statuses',
    async (example, described, known, auditSummary) => {
      const root = join(dir, example);
      await cp(join(examples, example), root, { recursive: true });
      await cp(
        join(examples, 'claude-flow', 'Cargo.lock'),
        join(root, 'test', 'fixtures', 'Cargo.lock'),
      );
      // JSON is YAML: the catalog-info.yaml the CLI reads.
      await writeFile(
        join(root, 'catalog-info.yaml'),
        JSON.stringify(described),
      );

      const fromCli = await readiness(
        dir,
        'scan',
        example,
        '--advisories',
        advisories,
        // The example records are a frozen sample, years old.
        '--max-age-days',
        '3650',
        // No network: the registries are not asked by either.
        '--offline',
      );

      const backend = await backendReading(dir, root, described);
      try {
        const response = await request(backend.server)
          .post(
            `/api/readiness/v1/entities/component/default/${example}/refresh`,
          )
          .set('Authorization', mockCredentials.user.header(alice));
        expect(response.status).toBe(200);
        const fromBackend = response.body;

        expect(fromBackend.entityRef).toBe(fromCli.entityRef);
        expect(statuses(fromBackend)).toEqual(statuses(fromCli));
        expect(fromBackend.tier).toBe(fromCli.tier);
        expect(fromBackend.stopWork.active).toBe(fromCli.stopWork.active);
        expect(statuses(fromCli)).toContainEqual(known);
        // The same findings, field for field, and the REST report serves them.
        expect(fromBackend.findings).toEqual(fromCli.findings);
        const served = await request(backend.server)
          .get(`/api/readiness/v1/entities/component/default/${example}`)
          .set('Authorization', mockCredentials.user.header(alice));
        expect(served.body.findings).toEqual(fromCli.findings);
        const audit = (report: any) =>
          report.checks.find((c: any) => c.id === 'security.audit');
        expect(audit(fromCli).summary).toBe(auditSummary);
        expect(audit(fromBackend).summary).toBe(auditSummary);
      } finally {
        await backend.stop();
      }
    },
    60_000,
  );

  it('give claude-flow the same CycloneDX SBOM', async () => {
    const root = join(dir, 'claude-flow');
    await cp(join(examples, 'claude-flow'), root, { recursive: true });
    const described = component('claude-flow');
    await writeFile(join(root, 'catalog-info.yaml'), JSON.stringify(described));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        readinessBin,
        'scan',
        'claude-flow',
        '--advisories',
        advisories,
        '--max-age-days',
        '3650',
        '--format',
        'cyclonedx',
      ],
      { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
    );
    const fromCli = JSON.parse(stdout);

    const backend = await backendReading(dir, root, described);
    try {
      const path = '/api/readiness/v1/entities/component/default/claude-flow';
      const auth = mockCredentials.user.header(alice);
      expect(
        (
          await request(backend.server)
            .post(`${path}/refresh`)
            .set('Authorization', auth)
        ).status,
      ).toBe(200);
      const response = await request(backend.server)
        .get(`${path}/sbom`)
        .set('Authorization', auth);
      expect(response.status).toBe(200);
      expect(response.type).toBe('application/vnd.cyclonedx+json');
      const fromBackend = JSON.parse(response.text);

      // The same document but for when and where it was made.
      const comparable = (bom: any) => ({
        ...bom,
        serialNumber: undefined,
        metadata: {
          ...bom.metadata,
          timestamp: undefined,
          properties: bom.metadata.properties.filter(
            (p: { name: string }) => p.name !== 'readiness:scanned-at',
          ),
        },
      });
      expect(comparable(fromBackend)).toEqual(comparable(fromCli));
      expect(fromBackend.components.length).toBeGreaterThan(20);
      expect(fromBackend.vulnerabilities.map((v: any) => v.id)).toContain(
        'RUSTSEC-2023-0071',
      );
    } finally {
      await backend.stop();
    }
  }, 60_000);

  it('agree on how long pushed evidence counts', async () => {
    const daysAgo = (days: number) =>
      new Date(Date.now() - days * 86_400_000).toISOString();
    // No staleAfter: each counts for its lifetime, a drill for a year.
    const pushed = [
      { key: 'dr-drill', value: { succeeded: true }, observedAt: daysAgo(200) },
      {
        key: 'build',
        value: { succeeded: true, compilationErrors: 0 },
        observedAt: daysAgo(40),
      },
    ];
    await writeFile(join(dir, 'pushed.json'), JSON.stringify(pushed));
    const fromCli = await readiness(
      dir,
      'evaluate',
      'pushed.json',
      '--entity',
      'component:default/drilled',
    );

    const backend = await startTestBackend({
      features: [
        readinessPlugin,
        catalogServiceMock.factory({ entities: [component('drilled')] }),
        permissions.factory,
      ],
    });
    try {
      const response = await request(backend.server)
        .post('/api/readiness/v1/entities/component/default/drilled/evidence')
        .set('Authorization', mockCredentials.user.header(alice))
        .send(pushed);
      expect(response.status).toBe(201);
      expect(statuses(response.body)).toEqual(statuses(fromCli));
      expect(statuses(fromCli)).toEqual(
        expect.arrayContaining([
          ['operations.disaster-recovery', 'pass'],
          ['build.clean', 'unknown'],
        ]),
      );
    } finally {
      await backend.stop();
    }
  }, 60_000);
});
