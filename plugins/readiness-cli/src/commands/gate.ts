import { parseEntityRef } from '@backstage/catalog-model';
import type { GateResponse } from '@readiness/plugin-readiness-common';
import type { Command } from 'commander';
import type { CliIo } from '../program';
import { parseFailOn } from './report';

/** Exit code when the backend cannot answer: neither allowed nor denied. */
const UNREACHABLE = 2;

/**
 * `readiness gate <entityRef>`: asks the backend's gate endpoint whether the
 * entity may be deployed; exit 0 allowed, 1 denied, 2 unreachable.
 */
export function registerGateCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
) {
  program
    .command('gate <entityRef>')
    .description(
      'Ask the Backstage backend whether an entity may be deployed (exit 0 allowed, 1 denied, 2 unreachable)',
    )
    .requiredOption('--url <url>', 'base URL of the Backstage backend')
    .option(
      '--token <token>',
      'a Backstage token (default: the READINESS_TOKEN environment variable)',
    )
    .option(
      '--min-tier <tier>',
      "the tier required (default: the tier the entity's lifecycle requires, else mvs)",
    )
    .action(
      async (
        entityRef: string,
        options: { url: string; token?: string; minTier?: string },
      ) => {
        const failOn =
          options.minTier === undefined
            ? undefined
            : parseFailOn(`below:${options.minTier}`);
        if (failOn && failOn.kind !== 'below') {
          throw new Error('--min-tier: expected a tier');
        }
        let ref;
        try {
          ref = parseEntityRef(entityRef, {
            defaultKind: 'component',
            defaultNamespace: 'default',
          });
        } catch (error) {
          throw new Error(`<entityRef>: ${(error as Error).message}`);
        }
        let base: URL;
        try {
          base = new URL(
            options.url.endsWith('/') ? options.url : `${options.url}/`,
          );
        } catch {
          throw new Error(`--url: not a URL: ${options.url}`);
        }
        const token = options.token ?? io.env.READINESS_TOKEN;
        const path = ['kind', 'namespace', 'name']
          .map(part => encodeURIComponent(ref[part as keyof typeof ref]))
          .join('/');
        const url = new URL(`api/readiness/v1/entities/${path}/gate`, base);
        // Without --min-tier the backend applies the lifecycle's tier.
        if (failOn) {
          url.searchParams.set('minTier', failOn.tier);
        }

        let response: Response;
        try {
          response = await io.fetch(url, {
            headers: token ? { Authorization: `Bearer ${token}` } : {},
          });
        } catch (error) {
          io.stderr(
            `gate: ${url.origin} unreachable: ${(error as Error).message}\n`,
          );
          setExitCode(UNREACHABLE);
          return;
        }
        if (!response.ok) {
          const body = await response.text().catch(() => '');
          let message = body.slice(0, 300);
          try {
            message = JSON.parse(body).error?.message ?? message;
          } catch {
            // not JSON: keep the text
          }
          io.stderr(
            `gate: ${response.status} from ${url.pathname}: ${message}\n`,
          );
          setExitCode(UNREACHABLE);
          return;
        }
        const gate = (await response.json()) as GateResponse;
        const tier = gate.tier ?? 'none';
        if (gate.allowed) {
          io.stdout(
            `allowed: ${ref.name} is at tier ${tier} (${gate.minTier} required)\n`,
          );
        } else {
          io.stdout(
            `denied: ${ref.name} is at tier ${tier} (${gate.minTier} required)\n`,
          );
          for (const reason of gate.reasons) {
            io.stdout(`  - ${reason}\n`);
          }
          setExitCode(1);
        }
      },
    );
}
