import type {
  CheckPreviewChange,
  CheckPreviewResponse,
  CheckPreviewState,
} from '@readiness/plugin-readiness-common';
import { parseCheckChanges } from '@readiness/plugin-readiness-node';
import type { Command } from 'commander';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { CliIo } from '../program';

/** The backend's body limit: a larger file could never be previewed. */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * A checks file, YAML or JSON: a list of check definitions, or
 * `{ checks: [...], overrides: { <check id>: {...} } }` as the preview
 * endpoint takes it.
 */
async function readChecksFile(file: string, io: CliIo): Promise<unknown> {
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    const { size } = await stat(path);
    if (size > MAX_FILE_BYTES) {
      throw new Error(`${size} bytes, over the ${MAX_FILE_BYTES} byte limit`);
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`could not read ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = parseYaml(text, { prettyErrors: false });
  } catch (error) {
    throw new Error(`${file}: not YAML or JSON: ${(error as Error).message}`);
  }
  return Array.isArray(value) ? { checks: value } : value;
}

/** Base URL of the backend, with the trailing slash relative paths need. */
function backendBase(url: string): URL {
  try {
    return new URL(url.endsWith('/') ? url : `${url}/`);
  } catch {
    throw new Error(`--backend-url: not a URL: ${url}`);
  }
}

function describeState(state: CheckPreviewState): string {
  return [
    state.tier ?? 'no tier',
    state.stopWork ? 'stop-work' : undefined,
    state.belowRequiredTier ? 'below required tier' : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

function describeChange(change: CheckPreviewChange): string {
  const checks = change.checks
    .map(
      c =>
        `${c.id} ${c.before ?? 'not applied'} -> ${c.after ?? 'not applied'}`,
    )
    .join('; ');
  return `${change.entityRef}: ${describeState(change.before)} -> ${describeState(change.after)}${checks ? ` (${checks})` : ''}\n`;
}

/** The counts, then one line per changed entity. */
export function formatPreview(preview: CheckPreviewResponse): string {
  const { counts } = preview;
  const lines = [
    `${counts.evaluated} entities evaluated, ${counts.changed} would change`,
    `  tier up ${counts.tierUp}, tier down ${counts.tierDown}`,
    `  enter stop-work ${counts.enterStopWork}, leave stop-work ${counts.leaveStopWork}`,
    `  newly below required tier ${counts.newlyBelowRequiredTier}, newly meeting it ${counts.newlyMeetingRequiredTier}`,
    '',
  ].join('\n');
  const items = preview.items.map(describeChange).join('');
  const more = preview.truncated
    ? `... and ${counts.changed - preview.items.length} more\n`
    : '';
  return `${lines}${items ? `\n${items}` : ''}${more}`;
}

/**
 * `readiness checks validate FILE` (offline: exit 0 valid, 1 invalid) and
 * `readiness checks preview FILE --backend-url URL` (what the change would
 * do across the catalog the token may read).
 */
export function registerChecksCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
) {
  const checks = program
    .command('checks')
    .description('Validate and preview check definitions and overrides');

  checks
    .command('validate <file>')
    .description(
      'Validate a checks file offline, as the backend would (exit 0 valid, 1 invalid)',
    )
    .action(async (file: string) => {
      try {
        parseCheckChanges(await readChecksFile(file, io));
      } catch (error) {
        const message = (error as Error).message;
        io.stderr(`${message.includes(file) ? '' : `${file}: `}${message}\n`);
        setExitCode(1);
        return;
      }
      io.stdout(`${file}: valid\n`);
    });

  checks
    .command('preview <file>')
    .description(
      'Ask the backend what the checks of a file would change: tiers, stop-work orders, required tiers',
    )
    .requiredOption('--backend-url <url>', 'base URL of the Backstage backend')
    .option(
      '--token <token>',
      'a Backstage token (default: the READINESS_TOKEN environment variable)',
    )
    .option('--json', 'print the response as JSON')
    .action(
      async (
        file: string,
        options: { backendUrl: string; token?: string; json?: boolean },
      ) => {
        const body = await readChecksFile(file, io);
        const url = new URL(
          'api/readiness/v1/checks/preview',
          backendBase(options.backendUrl),
        );
        const token = options.token ?? io.env.READINESS_TOKEN;
        let response: Response;
        try {
          response = await io.fetch(url, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              ...(token ? { Authorization: `Bearer ${token}` } : {}),
            },
            body: JSON.stringify(body),
          });
        } catch (error) {
          throw new Error(
            `${url.origin} unreachable: ${(error as Error).message}`,
          );
        }
        const text = await response.text();
        if (!response.ok) {
          let message = text.slice(0, 500);
          try {
            message = JSON.parse(text).error?.message ?? message;
          } catch {
            // Not JSON: the start of the body is the message.
          }
          throw new Error(`${url.pathname}: ${response.status} ${message}`);
        }
        const preview = JSON.parse(text) as CheckPreviewResponse;
        io.stdout(
          options.json
            ? `${JSON.stringify(preview, null, 2)}\n`
            : formatPreview(preview),
        );
      },
    );
}
