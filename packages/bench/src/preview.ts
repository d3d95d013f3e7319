import type { CheckPreviewResponse } from '@readiness/plugin-readiness-common';
import type { RunningBackend } from './backend';
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
