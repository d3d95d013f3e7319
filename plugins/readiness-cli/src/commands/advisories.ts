import {
  countZipEntries,
  DEFAULT_OSV_ARCHIVE_BASE_URL,
  lockfileEcosystems,
} from '@readiness/plugin-readiness-node';
import type { Command } from 'commander';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { CliIo } from '../program';

const MiB = 1024 * 1024;
const DEFAULT_MAX_BYTES = 2048 * MiB;

function mebibytes(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}

/** A folder name is written to disk: no separators, no dot names. */
function checkEcosystem(ecosystem: string): string {
  if (!/^[A-Za-z0-9][\w.: -]*$/.test(ecosystem) || ecosystem.includes('..')) {
    throw new Error(`not an OSV ecosystem name: ${JSON.stringify(ecosystem)}`);
  }
  return ecosystem;
}

function parseMaxBytes(value: string): number {
  const bytes = Number(value);
  if (!Number.isInteger(bytes) || bytes < 1) {
    throw new Error(`--max-bytes: expected a positive integer, got ${value}`);
  }
  return bytes;
}

/**
 * Fetches one `<base>/<Ecosystem>/all.zip` into `<dir>/<Ecosystem>/all.zip`,
 * reporting progress, through a temporary file so an interrupted download
 * never replaces a good archive; the result must open as a zip.
 */
async function downloadArchive(
  io: CliIo,
  options: {
    baseUrl: string;
    dir: string;
    ecosystem: string;
    maxBytes: number;
  },
) {
  const { ecosystem, maxBytes } = options;
  const url = `${options.baseUrl}/${encodeURIComponent(ecosystem)}/all.zip`;
  const label = `${ecosystem}/all.zip`;
  const response = await io.fetch(url);
  if (!response.ok || !response.body) {
    throw new Error(
      `${label}: ${url} answered ${response.status} ${response.statusText}`.trim(),
    );
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    throw new Error(
      `${label} is ${declared} bytes, more than --max-bytes ${maxBytes}`,
    );
  }
  const folder = join(options.dir, ecosystem);
  await mkdir(folder, { recursive: true });
  const target = join(folder, 'all.zip');
  const partial = `${target}.partial`;
  const file = createWriteStream(partial);
  let received = 0;
  let reported = 0;
  try {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      received += chunk.length;
      if (received > maxBytes) {
        throw new Error(`${label} is larger than --max-bytes ${maxBytes}`);
      }
      if (!file.write(chunk)) {
        await once(file, 'drain');
      }
      // A line per tenth (or per 10 MiB without a length): readable in CI logs.
      const step = Number.isFinite(declared) ? declared / 10 : 10 * MiB;
      if (received - reported >= step) {
        reported = received;
        io.stderr(
          `  ${label}: ${mebibytes(received)}${
            Number.isFinite(declared)
              ? ` of ${mebibytes(declared)} (${Math.floor((received / declared) * 100)}%)`
              : ''
          }\n`,
        );
      }
    }
    file.end();
    await finished(file);
    const entries = await countZipEntries(partial).catch(error => {
      throw new Error(
        `${label} is not a readable zip archive: ${error.message}`,
      );
    });
    await rename(partial, target);
    io.stderr(`${label}: ${mebibytes(received)}, ${entries} records\n`);
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * `readiness advisories download [ecosystems...] --dir DIR`: OSV's
 * per-ecosystem archives, in the layout `--advisories DIR` and
 * `readiness.advisories.directory` read, for carrying into an air-gapped
 * network.
 */
export function registerAdvisoriesCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
) {
  const advisories = program
    .command('advisories')
    .description('Offline advisory data in OSV format');
  advisories
    .command('download [ecosystems...]')
    .description(
      `Download OSV's <Ecosystem>/all.zip archives into a directory for --advisories (default: ${lockfileEcosystems.join(', ')})`,
    )
    .requiredOption(
      '--dir <dir>',
      'the directory to write <Ecosystem>/all.zip into',
    )
    .option(
      '--base-url <url>',
      'where the archives are published',
      DEFAULT_OSV_ARCHIVE_BASE_URL,
    )
    .option(
      '--max-bytes <bytes>',
      'the largest archive accepted',
      String(DEFAULT_MAX_BYTES),
    )
    .action(
      async (
        ecosystems: string[],
        options: { dir: string; baseUrl: string; maxBytes: string },
      ) => {
        const maxBytes = parseMaxBytes(options.maxBytes);
        let base: URL;
        try {
          base = new URL(options.baseUrl);
        } catch {
          throw new Error(`--base-url: not a URL: ${options.baseUrl}`);
        }
        if (base.protocol !== 'https:' && base.protocol !== 'http:') {
          throw new Error(
            `--base-url: must be http or https: ${options.baseUrl}`,
          );
        }
        const wanted = (
          ecosystems.length > 0 ? ecosystems : [...lockfileEcosystems]
        ).map(checkEcosystem);
        const dir = resolve(io.cwd, options.dir);
        const failed: string[] = [];
        for (const ecosystem of wanted) {
          io.stderr(`downloading ${ecosystem}/all.zip\n`);
          try {
            await downloadArchive(io, {
              baseUrl: base.href.replace(/(?<!\/)\/+$/, ''),
              dir,
              ecosystem,
              maxBytes,
            });
          } catch (error) {
            failed.push(ecosystem);
            io.stderr(`readiness: ${(error as Error).message}\n`);
          }
        }
        if (failed.length > 0) {
          io.stderr(`readiness: not downloaded: ${failed.join(', ')}\n`);
          setExitCode(2);
        }
      },
    );
}
