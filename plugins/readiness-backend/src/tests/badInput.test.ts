import { startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import fc from 'fast-check';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { readinessPlugin } from '../plugin';

jest.setTimeout(120_000);

const claudeFlow: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'claude-flow', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team' },
};
const entity = '/api/readiness/v1/entities/component/default/claude-flow';

// Every outgoing HTTP request of the backend is recorded: nothing a request
// sends (links, URLs in any field) may be fetched.
const outgoing = setupServer();
const fetched: string[] = [];
outgoing.events.on('request:start', ({ request: outgoingRequest }) => {
  fetched.push(outgoingRequest.url);
});

// Every caller is a user holding every permission: only the input varies.
let server: Server;
beforeAll(async () => {
  outgoing.listen({ onUnhandledRequest: 'bypass' });
  ({ server } = await startTestBackend({
    features: [
      readinessPlugin,
      catalogServiceMock.factory({ entities: [claudeFlow] }),
    ],
  }));
});

/** A well-formed body per route; properties break one field at a time. */
const valid: Record<string, Record<string, unknown>> = {
  evidence: {
    key: 'coverage',
    value: { linePercent: 90 },
    observedAt: '2026-01-01T00:00:00Z',
    link: 'https://ci.example.com/runs/1',
  },
  attestations: {
    kind: 'compliance',
    summary: 'reviewed',
    evidenceLink: 'https://example.com/a',
    expiresAt: '2099-01-01T00:00:00Z',
  },
  waivers: {
    checkId: 'quality.coverage',
    reason: 'legacy',
    owner: 'group:default/team',
    expiresAt: '2099-01-01T00:00:00Z',
  },
  'stop-work': { reason: 'incident' },
};
const routes = Object.keys(valid);

/**
 * Accepted, or rejected with 400 and a message (naming `field` when given);
 * never a 500. False lets fast-check shrink and report the input.
 */
function rejectedOrAccepted(res: request.Response, field?: string) {
  if (res.status === 200 || res.status === 201) return true;
  const message: string = res.body.error?.message ?? '';
  return (
    res.status === 400 &&
    message.length > 0 &&
    (!field || message.includes(field))
  );
}

afterAll(() => outgoing.close());

describe('malformed input through the real router', () => {
  it('answers any JSON value as a body with 400 or success, never 500', async () => {
    await expect(
      fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...routes),
          fc.jsonValue({ maxDepth: 3 }),
          async (route, body) => {
            const res = await request(server)
              .post(`${entity}/${route}`)
              .set('Content-Type', 'application/json')
              .send(JSON.stringify(body));
            return rejectedOrAccepted(res);
          },
        ),
        { numRuns: 120 },
      ),
    ).resolves.toBeUndefined();
  });

  it('names the broken field when one field of a valid body is replaced or removed', async () => {
    await expect(
      fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...routes),
          fc.nat(),
          fc.option(
            fc.oneof(
              fc.jsonValue({ maxDepth: 2 }),
              fc.constantFrom(
                '',
                ' ',
                // eslint-disable-next-line no-script-url -- hostile input on purpose
                'javascript:alert(1)',
                '../../etc/passwd',
              ),
            ),
            { nil: undefined },
          ),
          async (route, index, replacement) => {
            const keys = Object.keys(valid[route]);
            const field = keys[index % keys.length];
            const body = { ...valid[route], [field]: replacement };
            if (replacement === undefined) delete body[field];
            const res = await request(server)
              .post(`${entity}/${route}`)
              .send(body);
            return rejectedOrAccepted(res, field);
          },
        ),
        { numRuns: 150 },
      ),
    ).resolves.toBeUndefined();
  });

  it('answers any query of summaries and gate with 200 or a 400 naming a parameter', async () => {
    const parameter = fc.constantFrom(
      'tier',
      'stopWork',
      'kind',
      'owner',
      'q',
      'cursor',
      'limit',
      'sort',
    );
    await expect(
      fc.assert(
        fc.asyncProperty(
          fc.dictionary(parameter, fc.string({ maxLength: 40 }), {
            minKeys: 1,
          }),
          fc.string({ maxLength: 20 }),
          async (query, minTier) => {
            const summaries = await request(server)
              .get('/api/readiness/v1/summaries')
              .query(query);
            const gate = await request(server)
              .get(`${entity}/gate`)
              .query({ minTier });
            return (
              Object.keys(query).some(key =>
                rejectedOrAccepted(summaries, key),
              ) && rejectedOrAccepted(gate, 'minTier')
            );
          },
        ),
        { numRuns: 120 },
      ),
    ).resolves.toBeUndefined();
  });

  it('answers broken JSON with 400 and oversized bodies with 413, both with a message', async () => {
    const broken = await request(server)
      .post(`${entity}/stop-work`)
      .set('Content-Type', 'application/json')
      .send('{"reason": "incident"');
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/JSON/);

    const huge = await request(server)
      .post(`${entity}/evidence`)
      .send({ key: 'coverage', padding: 'x'.repeat(1_100_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toMatch(/too large/i);
  });

  it('fetched no URL that any of these requests sent', () => {
    // The test's own requests, and the backend's calls to its own plugins
    // (notifications), go to the test backend; nothing goes anywhere else.
    const port = String((server.address() as AddressInfo).port);
    expect(fetched.length).toBeGreaterThan(100);
    expect(fetched.filter(url => new URL(url).port !== port)).toEqual([]);
  });
});
