import { z } from 'zod';
import { defaultChecks } from './checks/defaultChecks';
import {
  checkSeveritySchema,
  fieldProblems,
  formatIssuePath,
  tierSchema,
} from './schemas';
import type { CheckId, CheckSeverity, ResolvedCheck, Tier } from './types';

/**
 * Overrides for one check in app-config (`readiness.checks.<checkId>`).
 *
 * @public
 */
export interface CheckConfig {
  enabled?: boolean;
  severity?: CheckSeverity;
  /** Only the check's own threshold names are accepted. */
  thresholds?: Record<string, number>;
}

/**
 * The part of the `readiness` app-config block the engine reads.
 *
 * @public
 */
export interface ReadinessConfig {
  checks?: Partial<Record<CheckId, CheckConfig>>;
  /** Tier each catalog lifecycle must reach, for example `{ production: 'production' }`. */
  requiredTiers?: Record<string, Tier>;
  /** The window and least events of the DORA delivery metrics. */
  delivery?: DeliveryConfig;
}

/**
 * `readiness.delivery`: how the DORA metrics are computed.
 *
 * @public
 */
export interface DeliveryConfig {
  /** Days before the evaluation whose events count; default 30. */
  windowDays?: number;
  /** Fewest deployments for a deployment metric to be classed; default 3. */
  minDeployments?: number;
  /** Fewest restored incidents for time to restore to be classed; default 1. */
  minIncidents?: number;
}

/**
 * Defaults merged with overrides: every built-in check, in definition order.
 *
 * @public
 */
export interface ResolvedReadinessConfig {
  checks: ResolvedCheck[];
  requiredTiers: Record<string, Tier>;
}

function checkConfigSchema(thresholdNames: string[]) {
  return z.strictObject({
    enabled: z.boolean({ error: 'expected boolean' }).optional(),
    severity: checkSeveritySchema.optional(),
    thresholds: z
      .strictObject(
        Object.fromEntries(
          thresholdNames.map(thresholdName => [
            thresholdName,
            z
              .number({ error: 'expected number' })
              .nonnegative({ error: 'expected a number >= 0' })
              .optional(),
          ]),
        ),
      )
      .optional(),
  });
}

/**
 * Schema of {@link ReadinessConfig}. Unknown check ids and threshold names are
 * rejected; other top-level keys (such as `collectors`) are ignored, so the
 * whole `readiness` block can be passed.
 *
 * @public
 */
export const readinessConfigSchema: z.ZodType<ReadinessConfig> = z.object({
  checks: z
    .strictObject(
      Object.fromEntries(
        defaultChecks.map(check => [
          check.id,
          checkConfigSchema(Object.keys(check.thresholds)).optional(),
        ]),
      ),
    )
    .optional(),
  requiredTiers: z.record(z.string(), tierSchema).optional(),
  delivery: z
    .strictObject({
      windowDays: z.number().int().min(1).max(366).optional(),
      minDeployments: z.number().int().min(1).optional(),
      minIncidents: z.number().int().min(1).optional(),
    })
    .optional(),
}) as z.ZodType<ReadinessConfig>;

function unknownKeyMessage(path: PropertyKey[]): string {
  if (path.length === 2 && path[0] === 'checks') {
    return 'unknown check id';
  }
  if (path[path.length - 2] === 'thresholds') {
    return 'unknown threshold';
  }
  return 'unknown key';
}

/**
 * Validates raw config (for example `config.getOptional('readiness')`).
 * Throws an Error naming the key path of every problem, e.g.
 * `Invalid readiness config at checks["quality.coverage"].thresholds.minLinePercent: expected number`.
 *
 * @public
 */
export function parseReadinessConfig(raw: unknown): ReadinessConfig {
  const result = readinessConfigSchema.safeParse(raw ?? {});
  if (result.success) {
    return result.data;
  }
  const problems = fieldProblems(result.error.issues).map(
    ({ path, message }) => {
      const where = path.length ? formatIssuePath(path) : '(root)';
      const text =
        message === 'unknown key' ? unknownKeyMessage(path) : message;
      return `${where}: ${text}`;
    },
  );
  throw new Error(`Invalid readiness config at ${problems.join('; at ')}`);
}

/**
 * Merges config overrides into the built-in checks.
 *
 * @public
 */
export function resolveReadinessConfig(
  config: ReadinessConfig = {},
): ResolvedReadinessConfig {
  return {
    checks: defaultChecks.map(check => {
      const override = config.checks?.[check.id] ?? {};
      return {
        ...check,
        enabled: override.enabled ?? true,
        severity: override.severity ?? check.severity,
        thresholds: { ...check.thresholds, ...override.thresholds },
      };
    }),
    requiredTiers: { ...config.requiredTiers },
  };
}
