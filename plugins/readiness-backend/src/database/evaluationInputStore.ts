import type { Knex } from 'knex';
import { toAttestation } from './attestationStore';
import { evidenceColumnsRead, toEvidence } from './evidenceStore';
import type { ReadinessStore, StoredEvaluationInputs } from './ReadinessStore';
import { toOrder } from './stopWorkOrderStore';
import { toWaiver } from './waiverStore';

/** Refs per query: well under SQLite's and PostgreSQL's parameter limits. */
const REFS_PER_QUERY = 500;

/**
 * What evaluations read, for many entities at once: one query per table and
 * chunk of refs instead of four per entity (the rule preview evaluates the
 * whole catalog).
 *
 * @internal
 */
export function createEvaluationInputStore(
  db: Knex,
): Pick<ReadinessStore, 'listEvaluationInputs'> {
  async function readChunk(
    refs: string[],
    inputs: Map<string, StoredEvaluationInputs>,
    detailKeys: readonly string[] | undefined,
  ) {
    const [evidence, attestations, waivers, manual] = await Promise.all([
      db('readiness_evidence')
        .select(evidenceColumnsRead(db, detailKeys))
        .whereIn('entity_ref', refs)
        .orderBy(['entity_ref', 'source', 'key']),
      db('readiness_attestations')
        .whereIn('entity_ref', refs)
        .whereNull('revoked_at')
        .orderBy(['entity_ref', 'attested_at']),
      // Every state, as listWaivers: the engine applies only approved ones.
      db('readiness_waivers')
        .whereIn('entity_ref', refs)
        .orderBy(['entity_ref', 'created_at', 'id']),
      db('readiness_stop_work_orders')
        .whereIn('entity_ref', refs)
        .where({ origin: 'manual' })
        .whereNull('lifted_at'),
    ]);
    for (const row of evidence) {
      inputs.get(row.entity_ref)?.evidence.push(toEvidence(row));
    }
    for (const row of attestations) {
      inputs.get(row.entity_ref)?.attestations.push(toAttestation(row));
    }
    for (const row of waivers) {
      inputs.get(row.entity_ref)?.waivers.push(toWaiver(row));
    }
    for (const row of manual) {
      const entry = inputs.get(row.entity_ref);
      if (entry) {
        entry.manualStopWork = toOrder(row);
      }
    }
  }

  return {
    async listEvaluationInputs(entityRefs, options) {
      const inputs = new Map<string, StoredEvaluationInputs>(
        entityRefs.map(ref => [
          ref,
          { evidence: [], attestations: [], waivers: [] },
        ]),
      );
      const refs = [...inputs.keys()];
      for (let i = 0; i < refs.length; i += REFS_PER_QUERY) {
        await readChunk(
          refs.slice(i, i + REFS_PER_QUERY),
          inputs,
          options?.detailKeys,
        );
      }
      return inputs;
    },
  };
}
