import type { Evidence } from '@readiness/plugin-readiness-common';
import {
  buildEvidenceFromLogs,
  DEFAULT_BUILD_LOG_MAX_CHARS,
  parseBuildLog,
} from '@readiness/plugin-readiness-node';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';

/** Reads at most `maxBytes + 1` bytes, so a longer log is seen to be cut. */
async function readHead(path: string, maxBytes: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * `build` evidence from the compiler output in `--build-log` files: the
 * errors of all of them, grouped by code. A file without compiler output
 * leaves the count unknown (or a lower bound when other files were read);
 * a file that cannot be read is a usage error.
 */
export async function readBuildLogEvidence(
  paths: string[],
  options: { cwd: string; now: Date; maxChars?: number },
): Promise<Evidence> {
  const maxChars = options.maxChars ?? DEFAULT_BUILD_LOG_MAX_CHARS;
  const logs = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readHead(resolve(options.cwd, path), maxChars);
    } catch (error) {
      throw new Error(
        `could not read build log ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    logs.push({ name: path, result: parseBuildLog(text, { maxChars }) });
  }
  const stamp = {
    source: 'scan',
    observedAt: options.now.toISOString(),
    staleAfter: new Date(options.now.getTime() + 86_400_000).toISOString(),
  };
  return { key: 'build', ...stamp, ...buildEvidenceFromLogs(logs) };
}
