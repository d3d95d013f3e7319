import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { asAlice, claudeFlow, permissions } from '../__testUtils__/testBackend';
import { readinessPlugin } from '../plugin';

jest.setTimeout(60_000);

const standards = 'https://standards.example.com/platform';
const fileUrl = `${standards}/readiness-checks.yaml`;

// The standards host is served here; requests to the test backend itself
// go through, anything else is an error.
const server = setupServer();
beforeAll(() =>
  server.listen({
    onUnhandledRequest(unhandled, print) {
      if (new URL(unhandled.url).hostname !== '127.0.0.1') {
        print.error();
      }
    },
  }),
);
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const owned = {
  id: 'acme.owned',
  title: 'Owned by a team',
  tier: 'production',
  dimension: 'documentation',
  rule: "has(entity.spec.owner) && entity.spec.owner != ''",
};

const fileYaml = `# The platform team's standards
checks:
  - id: acme.has-runbook-link
    title: Links a runbook
    tier: production
    dimension: operations
    severity: advisory
    rule: has(entity.metadata.annotations) && 'acme.com/runbook' in entity.metadata.annotations
  - id: acme.in-a-system
    title: Part of a system
    tier: mvs
    dimension: documentation
    appliesTo: { kind: Component }
    rule: has(entity.spec.system)
`;

function serve(path: string, body: string, status = 200) {
  server.use(
    http.get(`${standards}/${path}`, () => new HttpResponse(body, { status })),
  );
}

const started: Array<{ stop(): Promise<void> }> = [];
afterAll(() => Promise.all(started.map(backend => backend.stop())));

async function startBackend(checks: JsonObject) {
  const backend = await startTestBackend({
    features: [
      readinessPlugin,
      catalogServiceMock.factory({ entities: [claudeFlow] }),
      permissions.factory,
      mockServices.rootConfig.factory({
        data: {
          backend: { reading: { allow: [{ host: 'standards.example.com' }] } },
          readiness: { checks },
        },
      }),
    ],
  });
  started.push(backend);
  return backend.server;
}

describe('readiness.checks.files', () => {
  it('adds the checks of files read through the UrlReader to the inline ones', async () => {
    serve('readiness-checks.yaml', fileYaml);
    serve('more.json', JSON.stringify({ checks: [] }));
    const backend = await startBackend({
      custom: [owned],
      files: [fileUrl, `${standards}/more.json`],
    });
    const report = await request(backend)
      .get('/api/readiness/v1/entities/component/default/claude-flow')
      .set('Authorization', asAlice);
    expect(report.status).toBe(200);
    const custom = report.body.checks.filter((c: { id: string }) =>
      c.id.startsWith('acme.'),
    );
    expect(
      custom.map((c: { id: string; status: string }) => [c.id, c.status]),
    ).toEqual([
      ['acme.owned', 'pass'],
      ['acme.has-runbook-link', 'fail'],
      ['acme.in-a-system', 'pass'],
    ]);
  });

  it.each([
    [
      'a definition with a bad field, naming the file, the check and the field',
      fileYaml.replace('tier: mvs', 'tier: gold'),
      200,
      `readiness.checks.files[0] (${fileUrl}): checks[1] (acme.in-a-system): tier: `,
    ],
    [
      'a rule that does not compile',
      fileYaml.replace('has(entity.spec.system)', 'has(entity.spec.system'),
      200,
      `readiness.checks.files[0] (${fileUrl}): checks[1] (acme.in-a-system): rule: `,
    ],
    [
      'a file that is not YAML, without quoting it',
      'checks: [ { id: "secret-token-value',
      200,
      `readiness.checks.files[0] (${fileUrl}): not valid YAML or JSON: `,
    ],
    [
      'a file without a checks list',
      'definitions: []',
      200,
      `readiness.checks.files[0] (${fileUrl}): "definitions": unknown key; expected only checks`,
    ],
    [
      'a file that cannot be read',
      'gone',
      404,
      `readiness.checks.files[0] (${fileUrl}): could not be read`,
    ],
  ])(
    'stops the backend at startup on %s',
    async (_name, body, status, message) => {
      serve('readiness-checks.yaml', body, status);
      const failure = startBackend({ files: [fileUrl] });
      await expect(failure).rejects.toThrow(message);
      await expect(failure).rejects.not.toThrow('secret-token-value');
    },
  );

  it('stops the backend when a file defines an id the inline checks define', async () => {
    serve(
      'readiness-checks.yaml',
      `checks:\n  - ${JSON.stringify({ ...owned, title: 'Twice' })}\n`,
    );
    await expect(
      startBackend({ custom: [owned], files: [fileUrl] }),
    ).rejects.toThrow(
      `readiness.checks.files[0] (${fileUrl}): checks (acme.owned): id: already defined in readiness.checks.custom`,
    );
  });
});
