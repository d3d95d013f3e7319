import type { Config } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';
import type { ReadinessConfig } from '@readiness/plugin-readiness-common';
import { readReadinessConfig } from '@readiness/plugin-readiness-node';
import { Option } from 'commander';
import { resolve } from 'node:path';
import type { CliIo } from '../program';

/**
 * `--config <file>`, repeatable as in backstage-cli and the backend: later
 * files override earlier ones.
 */
export function configOption(): Option {
  return new Option(
    '--config <file>',
    "an app-config file of the portal (repeatable; later ones win): its readiness checks, overrides and policies are evaluated exactly as the backend's",
  ).argParser((file: string, files: string[] = []) => [...files, file]);
}

/**
 * The app-config files as the backend reads them: Backstage's own loader,
 * so `$include`, `$file`, `$env`, `${VAR}` substitution and `APP_CONFIG_`
 * variables mean what they mean to the portal.
 */
export async function loadAppConfig(
  files: string[],
  io: Pick<CliIo, 'cwd' | 'env'>,
): Promise<Config> {
  const source = ConfigSources.default({
    argv: files.flatMap(file => ['--config', resolve(io.cwd, file)]),
    env: io.env,
    rootDir: io.cwd,
    watch: false,
    substitutionFunc: async name => io.env[name]?.trim(),
  });
  const config = await ConfigSources.toConfig(source);
  config.close();
  return config;
}

/**
 * The engine config of `--config` files; undefined without any. A file that
 * cannot be read or an invalid key is an error naming it.
 */
export async function readEngineConfig(
  files: string[] | undefined,
  io: Pick<CliIo, 'cwd' | 'env'>,
): Promise<ReadinessConfig | undefined> {
  if (!files?.length) {
    return undefined;
  }
  let config: Config;
  try {
    config = await loadAppConfig(files, io);
  } catch (error) {
    throw new Error(`--config: ${(error as Error).message}`);
  }
  try {
    return readReadinessConfig(config);
  } catch (error) {
    throw new Error(
      `--config ${files.join(', ')}: ${(error as Error).message}`,
    );
  }
}
