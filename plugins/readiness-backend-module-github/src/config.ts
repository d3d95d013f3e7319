import { type Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_BUILD_WORKFLOW_PATTERN,
  DEFAULT_DEPLOY_WORKFLOW_PATTERN,
} from './createGithubActionsCollector';

/**
 * What the module reads from `readiness.github`.
 *
 * @internal
 */
export interface GithubModuleConfig {
  buildPatterns: RegExp[];
  deployPatterns: RegExp[];
  maxRateLimitWaitMs?: number;
  maxResponseBytes?: number;
  host?: string;
  deploymentEnvironment?: string;
}

const MS: Record<string, number> = {
  years: 365 * 86_400_000,
  months: 30 * 86_400_000,
  weeks: 7 * 86_400_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1_000,
  milliseconds: 1,
};

function readPattern(
  config: Config | undefined,
  key: string,
  fallback: RegExp,
): RegExp {
  const source = config?.getOptionalString(key);
  if (source === undefined) {
    return fallback;
  }
  try {
    // Case-insensitive, like the defaults: workflow names are free text.
    return new RegExp(source, 'i');
  } catch (error) {
    throw new InputError(
      `Invalid regular expression at readiness.github.${key}: ${(error as Error).message}`,
    );
  }
}

/** A positive whole number of bytes, or undefined when not set. */
function readByteLimit(config: Config | undefined, key: string) {
  const value = config?.getOptionalNumber(key);
  if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
    throw new InputError(
      `readiness.github.${key} must be a positive whole number of bytes, got ${value}`,
    );
  }
  return value;
}

/**
 * Reads `readiness.github`; invalid values fail at startup with the key named.
 *
 * @internal
 */
export function readGithubModuleConfig(rootConfig: Config): GithubModuleConfig {
  const config = rootConfig.getOptionalConfig('readiness.github');
  let maxRateLimitWaitMs: number | undefined;
  if (config?.has('maxRateLimitWait')) {
    const duration = readDurationFromConfig(config, {
      key: 'maxRateLimitWait',
    }) as Record<string, number | undefined>;
    maxRateLimitWaitMs = Object.entries(duration).reduce(
      (sum, [unit, value]) => sum + (value ?? 0) * (MS[unit] ?? 0),
      0,
    );
  }
  return {
    buildPatterns: [
      readPattern(
        config,
        'buildWorkflowPattern',
        DEFAULT_BUILD_WORKFLOW_PATTERN,
      ),
    ],
    deployPatterns: [
      readPattern(
        config,
        'deployWorkflowPattern',
        DEFAULT_DEPLOY_WORKFLOW_PATTERN,
      ),
    ],
    maxRateLimitWaitMs,
    maxResponseBytes: readByteLimit(config, 'maxResponseBytes'),
    host: config?.getOptionalString('host'),
    deploymentEnvironment: config?.getOptionalString('deploymentEnvironment'),
  };
}
