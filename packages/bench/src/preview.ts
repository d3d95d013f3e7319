import type { CheckPreviewResponse } from '@readiness/plugin-readiness-common';
import knexFactory from 'knex';
import { join } from 'node:path';
import type { BenchDatabase, RunningBackend } from './backend';
import { timeRequests, type LatencyStats } from './stats';

/** Issue 14: a preview over 10,000 entities answers in under 5 s. */
export const PREVIEW_TARGET_MS = 5_000;

/**
 * A change an organisation might try before it counts: hardening (SECURITY.md,
 * update automation, CODEOWNERS) becomes a blocker, which most of the
 * benchmark catalog lacks, and coverage is asked at 90%. Every entity is
 * evaluated twice either way; the change decides how many move.
 */
export const previewChange = {
  checks: [],
  overrides: {
    'security.hardening': { severity: 'blocker' },
    'quality.coverage': { thresholds: { minLinePercent: 90 } },
  },
};

export interface PreviewMeasurement extends LatencyStats {
  /** Entities evaluated and moved, from the last response. */
  counts: CheckPreviewResponse['counts'];
  /** The evidence JSON stored, and what one preview reads of it. */
  evidence?: EvidenceVolume;
}

/** Characters of evidence JSON (ASCII: bytes), counted in the database. */
export interface EvidenceVolume {
  rows: number;
  /** The `value` column: what a preview of {@link previewChange} reads. */
  valueChars: number;
  /**
   * The `detail` column (the inventory, license packages): read only by
   * checks that need it, none in the benchmark's config (no license
   * policy, no rule over them). A preview read it all before it was apart.
   */
  detailChars: number;
}

/**
 * The readiness database's evidence volume, by the naming of Backstage's
 * database manager: `<prefix>readiness` on PostgreSQL, `readiness.sqlite`
 * in the configured directory on SQLite.
 */
export async function measureEvidenceVolume(options: {
  database: BenchDatabase;
  postgresPrefix: string;
  workDir: string;
}): Promise<EvidenceVolume> {
  const knex = knexFactory(
    options.database === 'sqlite'
      ? {
          client: 'better-sqlite3',
          connection: {
            filename: join(options.workDir, 'sqlite', 'readiness.sqlite'),
          },
          useNullAsDefault: true,
        }
      : {
          client: 'pg',
          connection: {
            host: '127.0.0.1',
            port: 5432,
            user: 'postgres',
            password: 'postgres',
            database: `${options.postgresPrefix}readiness`,
          },
        },
  );
  try {
    const [row] = await knex('readiness_evidence').select(
      knex.raw('count(*) as ??', ['rows']),
      knex.raw('coalesce(sum(length(??)), 0) as ??', ['value', 'value']),
      knex.raw('coalesce(sum(length(??)), 0) as ??', ['detail', 'detail']),
    );
    return {
      rows: Number(row.rows),
      valueChars: Number(row.value),
      detailChars: Number(row.detail),
    };
  } finally {
    await knex.destroy();
  }
}

/**
 * `POST /v1/checks/preview` over the whole catalog, one call at a time,
 * after one untimed call.
 */
export async function measurePreview(
  backend: RunningBackend,
  runs: number,
): Promise<PreviewMeasurement> {
  let last: CheckPreviewResponse | undefined;
  const stats = await timeRequests({
    count: runs,
    parallel: 1,
    warmup: 1,
    request: async () => {
      last = await backend.fetchJson<CheckPreviewResponse>(
        '/api/readiness/v1/checks/preview',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(previewChange),
        },
      );
    },
  });
  return { ...stats, counts: last!.counts };
}
