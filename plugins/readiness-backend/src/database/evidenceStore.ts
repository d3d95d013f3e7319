import type { Evidence } from '@readiness/plugin-readiness-common';
import type { Knex } from 'knex';
import type { ReadinessStore, StoredEvidence } from './ReadinessStore';
import { evidenceColumns, withDetail } from './evidenceDetail';
import { audit, parseJson, toBoolean, toIso } from './rows';

/**
 * How long a pushed CI run is remembered: a run sent again within this time
 * is recognised. Older pushes are also older than any stored observation.
 */
const PUSHED_RUN_RETENTION_MS = 90 * 86_400_000;

/** A stored evidence row as the store speaks it. */
export function toEvidence(row: any): StoredEvidence {
  return {
    source: row.source,
    key: row.key,
    value: withDetail(parseJson(row.value), row.detail ?? null),
    observedAt: toIso(row.observed_at),
    staleAfter: toIso(row.stale_after),
    ...(row.link ? { link: row.link } : {}),
    ...(row.error ? { error: row.error } : {}),
    ...(row.stale_reason ? { staleReason: row.stale_reason } : {}),
    ...(row.run_id ? { runId: row.run_id } : {}),
    ...(row.received_at ? { receivedAt: toIso(row.received_at) } : {}),
    ...(toBoolean(row.pushed) ? { pushed: true } : {}),
  } as StoredEvidence;
}

/** Every column of readiness_evidence but `detail`: what evaluations read. */
const columnsWithoutDetail = [
  'entity_ref',
  'source',
  'key',
  'value',
  'error',
  'link',
  'run_id',
  'observed_at',
  'stale_after',
  'stale_reason',
  'received_at',
  'pushed',
];

/**
 * The columns to select: `detail` of the given keys only, or of every key
 * when none are given (the whole value, as received).
 */
export function evidenceColumnsRead(
  db: Knex,
  detailKeys: readonly string[] | undefined,
): Array<string | Knex.Raw> {
  if (detailKeys === undefined) {
    return [...columnsWithoutDetail, 'detail'];
  }
  if (detailKeys.length === 0) {
    return columnsWithoutDetail;
  }
  return [
    ...columnsWithoutDetail,
    db.raw(
      `CASE WHEN ?? IN (${detailKeys.map(() => '?').join(', ')}) THEN ?? END AS ??`,
      ['key', ...detailKeys, 'detail', 'detail'],
    ),
  ];
}

/**
 * Evidence: the latest received per entity, source and key, and the CI runs
 * already applied from pushes.
 *
 * @internal
 */
export function createEvidenceStore(
  db: Knex,
): Pick<
  ReadinessStore,
  'upsertEvidence' | 'markEvidenceStale' | 'listEvidence'
> {
  /**
   * Pushed items that change nothing are dropped: a CI run already applied
   * (sent again, perhaps after a newer run).
   */
  async function withoutReplays<T extends Evidence & { runId?: string }>(
    tx: Knex.Transaction,
    entityRef: string,
    items: T[],
    now: Date,
  ): Promise<T[]> {
    await tx('readiness_pushed_runs')
      .where(
        'pushed_at',
        '<',
        new Date(now.getTime() - PUSHED_RUN_RETENTION_MS),
      )
      .delete();
    const runIds = [
      ...new Set(items.flatMap(item => (item.runId ? [item.runId] : []))),
    ];
    if (runIds.length === 0) {
      return items;
    }
    const seenRuns = new Set(
      (
        await tx('readiness_pushed_runs')
          .where({ entity_ref: entityRef })
          .whereIn('run_id', runIds)
          .select('source', 'key', 'run_id')
      ).map(row => `${row.source}|${row.key}|${row.run_id}`),
    );
    return items.filter(
      item =>
        !item.runId ||
        !seenRuns.has(`${item.source}|${item.key}|${item.runId}`),
    );
  }

  /**
   * Collected items that say what the stored rows say (value, error, link,
   * and fresh or stale alike) only get their times moved on, in one UPDATE
   * per observation; the rest, which the engine would read differently,
   * are returned to be written in full. No transaction: a collector's rows
   * are written by its collection of the entity alone, and a refresh of
   * the entity racing a cycle writes what it observed as well.
   */
  async function refreshUnchanged<T extends Evidence>(
    client: Knex,
    entityRef: string,
    items: T[],
    now: Date,
  ): Promise<T[]> {
    const stored = new Map(
      (
        await client('readiness_evidence')
          .where({ entity_ref: entityRef })
          .whereIn('source', [...new Set(items.map(item => item.source))])
          .select(
            'source',
            'key',
            'value',
            'detail',
            'error',
            'link',
            'stale_after',
            'stale_reason',
            'run_id',
            'pushed',
          )
      ).map(row => [`${row.source}|${row.key}`, row]),
    );
    const isStale = (staleAfter: string | Date) =>
      new Date(staleAfter).getTime() <= now.getTime();
    const changed: T[] = [];
    const unchanged = new Map<string, T[]>();
    for (const item of items) {
      const row = stored.get(`${item.source}|${item.key}`);
      // Compared as stored: the value and its detached parts.
      const columns = evidenceColumns(item.key, item.value);
      const same =
        row &&
        !row.stale_reason &&
        !row.run_id &&
        !toBoolean(row.pushed) &&
        row.value === columns.value &&
        (row.detail ?? null) === columns.detail &&
        (row.error ?? undefined) === item.error &&
        (row.link ?? undefined) === item.link &&
        isStale(row.stale_after) === isStale(item.staleAfter);
      if (same) {
        const group = `${item.source}|${item.observedAt}|${item.staleAfter}`;
        unchanged.set(group, [...(unchanged.get(group) ?? []), item]);
      } else {
        changed.push(item);
      }
    }
    for (const group of unchanged.values()) {
      const { source, observedAt, staleAfter } = group[0];
      await client('readiness_evidence')
        .where({ entity_ref: entityRef, source })
        .whereIn(
          'key',
          group.map(item => item.key),
        )
        .update({
          observed_at: new Date(observedAt),
          stale_after: new Date(staleAfter),
          received_at: now,
          updated_at: now,
        });
    }
    return changed;
  }

  return {
    async upsertEvidence(
      entityRef: string,
      evidence: Array<Evidence & { runId?: string }>,
      options: { now: Date; actor?: string },
    ): Promise<number> {
      if (evidence.length === 0) {
        return 0;
      }
      // Outside the transaction: an entity whose collection changed
      // nothing costs one read and one update.
      const toWrite = options.actor
        ? evidence
        : await refreshUnchanged(db, entityRef, evidence, options.now);
      if (toWrite.length === 0) {
        return 0;
      }
      return db.transaction(async tx => {
        const applied = options.actor
          ? await withoutReplays(tx, entityRef, toWrite, options.now)
          : toWrite;
        if (applied.length === 0) {
          return 0;
        }
        await tx('readiness_evidence')
          .insert(
            applied.map(item => ({
              entity_ref: entityRef,
              source: item.source,
              key: item.key,
              ...evidenceColumns(item.key, item.value),
              error: item.error ?? null,
              link: item.link ?? null,
              run_id: item.runId ?? null,
              observed_at: new Date(item.observedAt),
              stale_after: new Date(item.staleAfter),
              stale_reason: null,
              // The server's clock, never the sender's: it orders observations.
              received_at: options.now,
              pushed: Boolean(options.actor),
              updated_at: options.now,
            })),
          )
          .onConflict(['entity_ref', 'source', 'key'])
          .merge();
        const runs = applied.filter(item => item.runId);
        if (runs.length > 0) {
          await tx('readiness_pushed_runs')
            .insert(
              runs.map(item => ({
                entity_ref: entityRef,
                source: item.source,
                key: item.key,
                run_id: item.runId,
                pushed_at: options.now,
              })),
            )
            .onConflict(['entity_ref', 'source', 'key', 'run_id'])
            .ignore();
        }
        if (options.actor) {
          await audit(tx, {
            entityRef,
            actor: options.actor,
            action: 'evidence.push',
            details: { keys: applied.map(item => item.key) },
            at: options.now,
          });
        }
        return applied.length;
      });
    },

    async markEvidenceStale(
      entityRef: string,
      source: string,
      keys: string[],
      reason: string,
      options: { now: Date },
    ): Promise<number> {
      if (keys.length === 0) {
        return 0;
      }
      const query = db('readiness_evidence')
        .where({ entity_ref: entityRef, source })
        .whereIn('key', keys);
      // Only ever shorten freshness: the value stays, it just can no longer pass.
      const shortened = await query
        .clone()
        .where('stale_after', '>', options.now)
        .update({ stale_after: options.now });
      const explained = await query
        .clone()
        .where(q =>
          q.whereNull('stale_reason').orWhereNot('stale_reason', reason),
        )
        .update({ stale_reason: reason, updated_at: options.now });
      return Math.max(shortened, explained);
    },

    async listEvidence(entityRef, options) {
      const rows = await db('readiness_evidence')
        .select(evidenceColumnsRead(db, options?.detailKeys))
        .where({ entity_ref: entityRef })
        .orderBy(['source', 'key']);
      return rows.map(toEvidence);
    },
  };
}
