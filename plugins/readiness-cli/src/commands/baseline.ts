import {
  compareWithBaseline,
  type Evidence,
  type FindingKeyFields,
  type ReadinessReport,
} from '@readiness/plugin-readiness-common';
import { readRegularFile } from '@readiness/plugin-readiness-node';
import { parse, resolve } from 'node:path';
import { z } from 'zod';

/** A JSON report of a large monorepo stays far below this. */
const maxBaselineBytes = 64 * 1024 * 1024;

const key = z.string().min(1).max(1024);

// Only what identifies a finding is read: the rest of an older report may
// differ, and none of it is trusted.
const baselineSchema = z.object({
  findings: z
    .array(
      z.object({
        kind: key,
        id: key,
        ecosystem: key,
        package: key,
        version: key,
        file: key.nullable(),
      }),
    )
    .max(1_000_000),
});

/**
 * The findings of an earlier `readiness scan --format json`, by what
 * identifies them. Every error names the file and says what is wrong, never
 * what the file holds: the baseline may come from an untrusted run.
 */
export async function readBaseline(
  file: string,
  cwd: string,
): Promise<FindingKeyFields[]> {
  const path = resolve(cwd, file);
  const fail = (problem: string) => new Error(`--baseline ${file}: ${problem}`);
  // Any link is followed (the pipeline chose the path); a FIFO or device is
  // not read, and no more than the cap.
  const read = await readRegularFile(path, {
    root: parse(path).root,
    maxBytes: maxBaselineBytes,
  });
  if (!('content' in read)) {
    throw fail(`could not read the file (${read.reason})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(read.content);
  } catch {
    throw fail('not JSON');
  }
  const parsed = baselineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw fail(
      `not a readiness JSON report (${issue.code}${at}); expected the output of readiness scan --format json, with its findings array`,
    );
  }
  return parsed.data.findings;
}

/** The report with each finding marked new or known against the baseline. */
export function withBaseline(
  report: ReadinessReport,
  baseline: readonly FindingKeyFields[] | undefined,
): ReadinessReport {
  return baseline
    ? { ...report, findings: compareWithBaseline(report.findings, baseline) }
    : report;
}

/**
 * Why the scan could not look for findings: the vulnerability lookup or the
 * dependency-health audit failed. Without them no finding is known to be
 * absent.
 */
export function findingCollectionFailures(
  evidence: readonly Evidence[],
): Array<{ key: string; error: string }> {
  return evidence.flatMap(item =>
    (item.key === 'vulnerabilities' || item.key === 'dependency-health') &&
    item.error
      ? [{ key: item.key, error: item.error }]
      : [],
  );
}
