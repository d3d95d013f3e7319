import type { AuditorServiceCreateEventOptions } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  asAlice,
  asBob,
  startReadinessBackend,
} from '../__testUtils__/testBackend';

/** Within the longest waiver the backend accepts (maxWaiverDuration). */
const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString();

jest.setTimeout(60_000);

const path = '/api/readiness/v1/entities/component/default/claude-flow';

/** Each auditor event as created, with how it ended. */
function recordingAuditor() {
  const events: Array<{
    eventId: string;
    severityLevel?: string;
    meta?: object;
    outcome?: string;
  }> = [];
  const auditor = mockServices.auditor.mock({
    async createEvent(options: AuditorServiceCreateEventOptions) {
      const event = {
        eventId: options.eventId,
        severityLevel: options.severityLevel,
        meta: options.meta,
        outcome: undefined as string | undefined,
      };
      events.push(event);
      return {
        async success() {
          event.outcome = 'success';
        },
        async fail({ error }: { error: Error }) {
          event.outcome = `fail: ${error.name}`;
        },
      };
    },
  });
  return { auditor, events };
}

describe('auditor events', () => {
  it('audits every mutation, including denied and invalid attempts, and no read', async () => {
    const { auditor, events } = recordingAuditor();
    const server = await startReadinessBackend(auditor.factory);
    const post = (url: string, who: string, body: object) =>
      request(server).post(url).set('Authorization', who).send(body);
    const del = (url: string, body?: object) =>
      request(server).delete(url).set('Authorization', asAlice).send(body);

    const build = {
      key: 'build',
      value: { succeeded: true, compilationErrors: 0 },
    };
    await post(`${path}/evidence`, asBob, build).expect(403);
    await post(`${path}/evidence`, asAlice, { key: 'build' }).expect(400);
    await post(`${path}/evidence`, asAlice, build).expect(201);
    await request(server).get(path).set('Authorization', asBob).expect(200);

    const attestation = await post(`${path}/attestations`, asAlice, {
      kind: 'compliance',
      summary: 'SOC 2 controls reviewed',
      evidenceLink: 'https://example.com/soc2',
      expiresAt: inAMonth,
    }).expect(201);
    await del(`${path}/attestations/${attestation.body.id}`).expect(204);

    const waiver = await post(`${path}/waivers`, asAlice, {
      checkId: 'quality.coverage',
      reason: 'legacy module',
      owner: 'group:default/orchestration-team',
      expiresAt: inAMonth,
    }).expect(201);
    await del(`${path}/waivers/${waiver.body.id}`).expect(204);

    await post(`${path}/stop-work`, asAlice, { reason: 'incident' }).expect(
      201,
    );
    await del(`${path}/stop-work`, { reason: 'review done' }).expect(200);
    await post(`${path}/refresh`, asAlice, {}).expect(200);

    const entityRef = 'component:default/claude-flow';
    expect(events).toEqual([
      {
        eventId: 'evidence',
        severityLevel: 'medium',
        meta: { actionType: 'push', entityRef },
        outcome: 'fail: NotAllowedError',
      },
      {
        eventId: 'evidence',
        severityLevel: 'medium',
        meta: { actionType: 'push', entityRef },
        outcome: 'fail: InputError',
      },
      ...[
        ['evidence', 'push'],
        ['attestation', 'create'],
        ['attestation', 'revoke', attestation.body.id],
        ['waiver', 'create'],
        ['waiver', 'revoke', waiver.body.id],
        ['stop-work', 'issue'],
        ['stop-work', 'lift'],
        ['refresh', 'refresh'],
      ].map(([eventId, actionType, id]) => ({
        eventId,
        severityLevel: 'medium',
        meta: { actionType, entityRef, ...(id ? { id } : {}) },
        outcome: 'success',
      })),
    ]);
  });
});
