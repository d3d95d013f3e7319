import { later, onEveryDatabase, T0 } from '../__testUtils__/storeFixtures';

jest.setTimeout(60_000);

describe('attestationStore', () => {
  onEveryDatabase((databaseId, createStore) => {
    it('records attestations, waivers and manual orders with an audit trail', async () => {
      const store = await createStore(databaseId);
      const ref = 'component:default/claude-flow';
      await store.addAttestation(
        ref,
        {
          id: 'att-1',
          kind: 'compliance',
          summary: 'SOC 2 controls reviewed',
          evidenceLink: 'https://example.com/soc2',
          attestedBy: 'user:default/alice',
          attestedAt: T0.toISOString(),
          expiresAt: later(24 * 365).toISOString(),
        },
        { now: T0 },
      );
      await store.addWaiver(
        ref,
        {
          id: 'w-1',
          checkId: 'quality.coverage',
          reason: 'legacy module, replaced in Q1',
          owner: 'group:default/team',
          createdBy: 'user:default/bob',
          createdAt: T0.toISOString(),
          expiresAt: later(24 * 30).toISOString(),
          state: 'approved',
        },
        {
          trail: [
            {
              waiverId: 'w-1',
              to: 'approved',
              actor: 'user:default/bob',
              at: T0.toISOString(),
            },
          ],
        },
      );
      expect(await store.listAttestations(ref)).toHaveLength(1);
      expect(await store.listWaivers(ref)).toEqual([
        expect.objectContaining({ id: 'w-1', checkId: 'quality.coverage' }),
      ]);

      const order = await store.issueManualStopWork({
        entityRef: ref,
        issuedBy: 'user:default/carol',
        reason: 'incident review pending',
        blockers: [],
        countsAtStart: {},
        now: later(1),
      });
      // Issuing twice returns the open order instead of stacking a second one.
      const same = await store.issueManualStopWork({
        entityRef: ref,
        issuedBy: 'user:default/dave',
        reason: 'again',
        blockers: [],
        countsAtStart: {},
        now: later(2),
      });
      expect(same.id).toBe(order.id);
      expect(same.issuedBy).toBe('user:default/carol');

      const lifted = await store.liftManualStopWork({
        entityRef: ref,
        liftedBy: 'user:default/carol',
        reason: 'review done',
        now: later(3),
      });
      expect(lifted).toMatchObject({ id: order.id, liftReason: 'review done' });
      expect(
        await store.liftManualStopWork({
          entityRef: ref,
          liftedBy: 'user:default/carol',
          reason: 'nothing open',
          now: later(4),
        }),
      ).toBeUndefined();

      const revoke = () =>
        store.transitionWaiver({
          entityRef: ref,
          id: 'w-1',
          from: ['pending', 'approved'],
          to: 'revoked',
          actor: 'user:default/bob',
          at: later(5),
        });
      expect(await revoke()).toMatchObject({ state: 'revoked' });
      expect(await revoke()).toBeUndefined();
      expect(
        await store.revokeAttestation({
          entityRef: 'component:default/other',
          id: 'att-1',
          revokedBy: 'user:default/x',
          now: later(6),
        }),
      ).toBe(false);
      expect(
        await store.listWaivers(ref, { states: ['pending', 'approved'] }),
      ).toEqual([]);

      await store.upsertEvidence(
        ref,
        [
          {
            source: 'push',
            key: 'coverage',
            value: { linePercent: 81 },
            observedAt: later(7).toISOString(),
            staleAfter: later(100).toISOString(),
          },
        ],
        { now: later(7), actor: 'user:default/ci-bot' },
      );

      expect(
        (await store.listAuditLog(ref)).map(e => [e.actor, e.action]),
      ).toEqual([
        ['user:default/alice', 'attestation.create'],
        ['user:default/bob', 'waiver.create'],
        ['user:default/carol', 'stop-work.issue'],
        ['user:default/carol', 'stop-work.lift'],
        ['user:default/bob', 'waiver.revoke'],
        ['user:default/ci-bot', 'evidence.push'],
      ]);
    });
  });
});
