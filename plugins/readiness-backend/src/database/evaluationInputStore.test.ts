import { later, onEveryDatabase, T0 } from '../__testUtils__/storeFixtures';

jest.setTimeout(60_000);

describe('evaluationInputStore', () => {
  onEveryDatabase((databaseId, createStore) => {
    it('reads what evaluations read for many entities at once, as the per-entity reads do, and an empty entry for one with nothing stored', async () => {
      const store = await createStore(databaseId);
      const flow = 'component:default/claude-flow';
      const portal = 'component:default/web-portal';
      const silent = 'component:default/silent';
      for (const [ref, errors] of [
        [flow, 97],
        [portal, 0],
      ] as const) {
        await store.upsertEvidence(
          ref,
          [
            {
              source: 'ci',
              key: 'build',
              value: { succeeded: errors === 0, compilationErrors: errors },
              observedAt: T0.toISOString(),
              staleAfter: later(48).toISOString(),
            },
          ],
          { now: T0 },
        );
      }
      await store.markEvidenceStale(flow, 'ci', ['build'], 'CI is down', {
        now: later(1),
      });
      await store.addAttestation(
        portal,
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
      for (const id of ['w-1', 'w-2']) {
        await store.addWaiver(
          flow,
          {
            id,
            checkId: 'quality.coverage',
            reason: 'legacy module',
            owner: 'group:default/team',
            createdBy: 'user:default/bob',
            createdAt: T0.toISOString(),
            expiresAt: later(24 * 30).toISOString(),
            state: 'approved',
          },
          {
            trail: [
              {
                waiverId: id,
                to: 'approved',
                actor: 'user:default/bob',
                at: T0.toISOString(),
              },
            ],
          },
        );
      }
      await store.transitionWaiver({
        entityRef: flow,
        id: 'w-2',
        from: ['approved'],
        to: 'revoked',
        actor: 'user:default/bob',
        at: later(1),
      });
      await store.issueManualStopWork({
        entityRef: portal,
        issuedBy: 'user:default/carol',
        reason: 'incident review pending',
        blockers: [],
        countsAtStart: {},
        now: later(1),
      });

      const inputs = await store.listEvaluationInputs([flow, portal, silent]);
      expect([...inputs.keys()]).toEqual([flow, portal, silent]);
      for (const ref of [flow, portal]) {
        expect(inputs.get(ref)).toEqual({
          evidence: await store.listEvidence(ref),
          attestations: await store.listAttestations(ref),
          waivers: await store.listWaivers(ref),
          ...(ref === portal
            ? {
                manualStopWork: (await store.getOpenStopWorkOrders(ref)).find(
                  order => order.origin === 'manual',
                ),
              }
            : {}),
        });
      }
      expect(inputs.get(flow)!.evidence[0].staleReason).toBe('CI is down');
      // Revoked ones too, in their state: the engine applies approved ones.
      expect(inputs.get(flow)!.waivers.map(w => [w.id, w.state])).toEqual([
        ['w-1', 'approved'],
        ['w-2', 'revoked'],
      ]);
      expect(inputs.get(portal)!.manualStopWork).toMatchObject({
        reason: 'incident review pending',
      });
      expect(inputs.get(silent)).toEqual({
        evidence: [],
        attestations: [],
        waivers: [],
      });
    });
  });
});
