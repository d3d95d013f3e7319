import type { Knex } from 'knex';
import type { AuditEntry } from './ReadinessStore';

/**
 * Timestamps come back as Date from PostgreSQL and as epoch milliseconds from
 * better-sqlite3 (knex stores Date as a number there); the store speaks ISO.
 */
export function toIso(value: Date | string | number): string;
export function toIso(
  value: Date | string | number | null | undefined,
): string | undefined;
export function toIso(value: Date | string | number | null | undefined) {
  if (value === null || value === undefined) {
    return undefined;
  }
  return new Date(value).toISOString();
}

/** SQLite returns booleans as 0/1. */
export function toBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

export function parseJson<T>(text: string | null | undefined): T | undefined {
  return text === null || text === undefined
    ? undefined
    : (JSON.parse(text) as T);
}

/**
 * Serialises writers of one entity's report and stop-work orders across
 * backend instances until the transaction ends. PostgreSQL takes an
 * advisory lock on the entity; SQLite has a single writer already.
 */
export async function lockEntity(tx: Knex.Transaction, entityRef: string) {
  if (tx.client.config.client === 'pg') {
    await tx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
      `readiness:${entityRef}`,
    ]);
  }
}

/** Appends to the readiness audit log, in the transaction of the change. */
export async function audit(
  tx: Knex.Transaction,
  entry: Omit<AuditEntry, 'at'> & { at: Date },
): Promise<void> {
  await tx('readiness_audit_log').insert({
    entity_ref: entry.entityRef,
    actor: entry.actor,
    action: entry.action,
    details: JSON.stringify(entry.details),
    at: entry.at,
  });
}
