import type {
  PushedEvidence,
  PushedEvidenceItem,
} from '@readiness/plugin-readiness-common';
import { buildEvidenceFromLogs, parseBuildLog } from './parseBuildLog';

/**
 * Turns pushed builds that carry their raw compiler output into build
 * evidence: the errors counted in the log, grouped by code. A log without
 * compiler output is unknown build evidence (an error), never "0 errors",
 * unless the push also sent a value, which then stands as sent. With a value,
 * its `succeeded` and `branch` stand and the log gives the count.
 *
 * The backend's evidence push and the CLI's `evaluate` both read pushes with it.
 *
 * @public
 */
export function readPushedBuildLogs(
  items: PushedEvidenceItem[],
): PushedEvidence[] {
  return items.map(item => {
    if (item.key !== 'build' || !('log' in item) || item.log === undefined) {
      return item as PushedEvidence;
    }
    const { log, value: sent, ...rest } = item;
    const read = buildEvidenceFromLogs([
      { name: 'the pushed log', result: parseBuildLog(log) },
    ]);
    if ('error' in read) {
      if (sent) {
        return { ...rest, value: sent };
      }
      // The store keeps an error in place of a value: the check turns unknown.
      return { ...rest, error: read.error } as unknown as PushedEvidence;
    }
    const value = sent
      ? {
          ...read.value,
          succeeded: sent.succeeded && read.value.compilationErrors === 0,
          ...(sent.branch ? { branch: sent.branch } : {}),
        }
      : read.value;
    return { ...rest, value };
  });
}
