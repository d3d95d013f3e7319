import type { VulnerabilitySeverity } from '@readiness/plugin-readiness-common';
import { fromVector } from 'ae-cvss-calculator';

/*
 * CVSS base scores (v2.0, v3.0, v3.1 and v4.0) come from ae-cvss-calculator,
 * which implements FIRST's specifications, v4.0's macro-vector table
 * included. The library accepts partial vectors, so a vector is first
 * checked here to name every base metric exactly once.
 */
const baseMetrics: Record<'2' | '3' | '4', readonly string[]> = {
  '2': ['AV', 'AC', 'Au', 'C', 'I', 'A'],
  '3': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  '4': ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'],
};

function versionOf(vector: string): '2' | '3' | '4' | undefined {
  if (vector.startsWith('CVSS:4.0/')) return '4';
  if (/^CVSS:3\.[01]\//.test(vector)) return '3';
  if (/^AV:/.test(vector)) return '2';
  return undefined;
}

/**
 * The base score of a CVSS v2.0, v3.0, v3.1 or v4.0 vector, or undefined
 * when the vector is incomplete, repeats a metric or is not CVSS.
 *
 * @public
 */
export function cvssBaseScore(vector: string): number | undefined {
  const version = versionOf(vector);
  if (!version) {
    return undefined;
  }
  const parts = vector.split('/').slice(version === '2' ? 0 : 1);
  const seen = new Set<string>();
  for (const part of parts) {
    const match = /^([A-Za-z]+):([A-Za-z0-9]+)$/.exec(part);
    if (!match || seen.has(match[1])) {
      return undefined;
    }
    seen.add(match[1]);
  }
  if (!baseMetrics[version].every(metric => seen.has(metric))) {
    return undefined;
  }
  try {
    const base = fromVector(vector)?.calculateScores().base;
    return typeof base === 'number' && Number.isFinite(base) ? base : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The qualitative severity of a CVSS score: critical from 9.0, high from
 * 7.0, medium from 4.0, low above 0. A score of 0 (no impact) or an invalid
 * score is `unknown`.
 *
 * @public
 */
export function severityFromCvssScore(score: number): VulnerabilitySeverity {
  if (!Number.isFinite(score) || score <= 0 || score > 10) {
    return 'unknown';
  }
  if (score >= 9) {
    return 'critical';
  }
  if (score >= 7) {
    return 'high';
  }
  if (score >= 4) {
    return 'medium';
  }
  return 'low';
}
