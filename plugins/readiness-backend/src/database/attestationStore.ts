import type { Attestation } from '@readiness/plugin-readiness-common';
import type { Knex } from 'knex';
import type { AuditEntry, ReadinessStore } from './ReadinessStore';
import { audit, toIso } from './rows';

/** A stored attestation row as the store speaks it. */
export function toAttestation(row: any): Attestation {
  return {
    id: row.id,
    kind: row.kind,
    summary: row.summary,
    evidenceLink: row.evidence_link,
    attestedBy: row.attested_by,
    attestedAt: toIso(row.attested_at),
    expiresAt: toIso(row.expires_at),
  };
}

/**
 * Attestations, and the audit log their changes (and waivers, pushes and
 * manual orders) write to.
 *
 * @internal
 */
export function createAttestationStore(
  db: Knex,
): Pick<
  ReadinessStore,
  'addAttestation' | 'listAttestations' | 'revokeAttestation' | 'listAuditLog'
> {
  async function revoke(
    table: 'readiness_attestations',
    action: string,
    options: { entityRef: string; id: string; revokedBy: string; now: Date },
  ): Promise<boolean> {
    return db.transaction(async tx => {
      const updated = await tx(table)
        .where({ id: options.id, entity_ref: options.entityRef })
        .whereNull('revoked_at')
        .update({ revoked_at: options.now, revoked_by: options.revokedBy });
      if (updated > 0) {
        await audit(tx, {
          entityRef: options.entityRef,
          actor: options.revokedBy,
          action,
          details: { id: options.id },
          at: options.now,
        });
      }
      return updated > 0;
    });
  }

  return {
    async addAttestation(
      entityRef: string,
      attestation: Attestation,
      options: { now: Date },
    ): Promise<void> {
      await db.transaction(async tx => {
        await tx('readiness_attestations').insert({
          id: attestation.id,
          entity_ref: entityRef,
          kind: attestation.kind,
          summary: attestation.summary,
          evidence_link: attestation.evidenceLink,
          attested_by: attestation.attestedBy,
          attested_at: new Date(attestation.attestedAt),
          expires_at: new Date(attestation.expiresAt),
        });
        await audit(tx, {
          entityRef,
          actor: attestation.attestedBy,
          action: 'attestation.create',
          details: {
            id: attestation.id,
            kind: attestation.kind,
            expiresAt: attestation.expiresAt,
          },
          at: options.now,
        });
      });
    },

    async listAttestations(entityRef: string): Promise<Attestation[]> {
      const rows = await db('readiness_attestations')
        .where({ entity_ref: entityRef })
        .whereNull('revoked_at')
        .orderBy('attested_at');
      return rows.map(toAttestation);
    },

    async revokeAttestation(options: {
      entityRef: string;
      id: string;
      revokedBy: string;
      now: Date;
    }): Promise<boolean> {
      return revoke('readiness_attestations', 'attestation.revoke', options);
    },

    async listAuditLog(entityRef: string): Promise<AuditEntry[]> {
      const rows = await db('readiness_audit_log')
        .where({ entity_ref: entityRef })
        .orderBy([
          { column: 'at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]);
      return rows.map(row => ({
        entityRef: row.entity_ref,
        actor: row.actor,
        action: row.action,
        details: JSON.parse(row.details),
        at: toIso(row.at),
      }));
    },
  };
}
