import type { FilterPredicate } from '@backstage/filter-predicates';
import { z } from 'zod';
import { defaultChecks } from './checks/defaultChecks';
import {
  appliesToSchema,
  checkSeverityInputSchema,
  effectiveFromSchema,
  parseCheckDefinitions,
  tierSeverities,
} from './checks/definitions';
import { isSpdxLicenseId } from './checks/licenses';
import { fieldProblems, formatIssuePath, tierSchema } from './schemas';
import type {
  BuiltInCheckId,
  CheckDefinition,
  CheckSeverity,
  DependencyHealthSignal,
  Dimension,
  LicensePolicy,
  RemediationPhaseId,
  ResolvedCheck,
  Tier,
} from './types';
import {
  dependencyHealthSignals,
  readinessDimensions,
  remediationPhaseIds,
} from './types';

/**
 * Overrides for one check in app-config (`readiness.checks.<checkId>`).
 *
 * @public
 */
export interface CheckConfig {
  /** Whether the check is evaluated; default true. */
  enabled?: boolean;
  /** Config also accepts `required` (major) and `advisory` (minor). */
  severity?: CheckSeverity;
  /**
   * Moves the check to another tier. Its severity then defaults to that
   * tier's (blocker, major, minor) unless `severity` is set too.
   */
  tier?: Tier;
  /** Re-scopes the check to the entities matching this predicate. */
  appliesTo?: FilterPredicate;
  /** ISO date before which the check is only shown as upcoming. */
  effectiveFrom?: string;
  /** Only the check's own threshold names are accepted. */
  thresholds?: Record<string, number>;
}

/**
 * One entry of `readiness.packs`: the first whose `appliesTo` matches an
 * entity picks its pack.
 *
 * @public
 */
export interface ReadinessPackSelection {
  /** A pack id, such as `seed`. */
  pack: string;
  /** The entities that get the pack; every entity when absent. */
  appliesTo?: FilterPredicate;
}

/**
 * A remediation phase's time box, in hours from the start of the order.
 *
 * @public
 */
export interface RemediationTimeBox {
  startHours: number;
  dueHours: number;
}

/**
 * The remediation timeline (`readiness.remediation`).
 *
 * @public
 */
export interface RemediationConfig {
  /** Time boxes by phase; the seed's by default. */
  phases?: Partial<Record<RemediationPhaseId, Partial<RemediationTimeBox>>>;
  /**
   * Who owns the items of a dimension, as an entity ref (for example
   * `{ security: 'group:default/security' }`); the rest go to the entity's owner.
   */
  owners?: Partial<Record<Dimension, string>>;
}

/**
 * The seed's time boxes: immediate 0-24 h, stabilise weeks 1-2, production
 * weeks 3-4, enterprise weeks 5-8.
 *
 * @public
 */
export const defaultRemediationTimeBoxes: Readonly<
  Record<RemediationPhaseId, RemediationTimeBox>
> = {
  immediate: { startHours: 0, dueHours: 24 },
  stabilise: { startHours: 0, dueHours: 14 * 24 },
  production: { startHours: 14 * 24, dueHours: 28 * 24 },
  enterprise: { startHours: 28 * 24, dueHours: 56 * 24 },
};

/**
 * The part of the `readiness` app-config block the engine reads.
 *
 * @public
 */
export interface ReadinessConfig {
  /** Overrides of the built-in checks, by id (`readiness.checks.<id>`). */
  checks?: Partial<Record<BuiltInCheckId, CheckConfig>>;
  /** Custom checks, parsed from `readiness.checks.custom`. */
  customChecks?: CheckDefinition[];
  /** Which pack each entity gets; the first matching entry wins (default `seed`). */
  packs?: ReadinessPackSelection[];
  /** Tier each catalog lifecycle must reach, for example `{ production: 'production' }`. */
  requiredTiers?: Record<string, Tier>;
  dependencyHealth?: {
    /**
     * Registry signals without which `security.audit` cannot pass: one that
     * could not be checked (offline) makes it unknown. Default: all of
     * {@link dependencyHealthSignals}; `[]` accepts an audit without them.
     */
    requiredSignals?: DependencyHealthSignal[];
  };
  remediation?: RemediationConfig;
  /** The window and least events of the DORA delivery metrics. */
  delivery?: DeliveryConfig;
  /**
   * The license policy of `compliance.licenses`: SPDX license ids allowed
   * and denied, and whether a package of unknown license is accepted
   * (default false). With neither list set, the check is unknown.
   */
  licenses?: Partial<LicensePolicy>;
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
 * Defaults merged with overrides: every built-in check in definition order,
 * then the custom checks.
 *
 * @public
 */
export interface ResolvedReadinessConfig {
  checks: ResolvedCheck[];
  requiredTiers: Record<string, Tier>;
  requiredHealthSignals: DependencyHealthSignal[];
  licensePolicy: LicensePolicy;
  remediation: {
    phases: Record<RemediationPhaseId, RemediationTimeBox>;
    owners: Partial<Record<Dimension, string>>;
  };
}

function checkConfigSchema(thresholdNames: string[]) {
  return z.strictObject({
    enabled: z.boolean({ error: 'expected boolean' }).optional(),
    severity: checkSeverityInputSchema.optional(),
    tier: tierSchema.optional(),
    appliesTo: appliesToSchema.optional(),
    effectiveFrom: effectiveFromSchema.optional(),
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

const licenseIdsSchema = z
  .array(
    z.string().refine(isSpdxLicenseId, {
      error: 'expected an SPDX license id, such as MIT or GPL-2.0-or-later',
    }),
  )
  .optional();

const hoursSchema = z
  .number({ error: 'expected number' })
  .nonnegative({ error: 'expected a number >= 0' });

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
  packs: z
    .array(
      z.strictObject({
        pack: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, {
          error: 'expected a pack id such as seed',
        }),
        appliesTo: appliesToSchema.optional(),
      }),
    )
    .max(100)
    .optional(),
  requiredTiers: z.record(z.string(), tierSchema).optional(),
  dependencyHealth: z
    .strictObject({
      requiredSignals: z
        .array(
          z.enum(dependencyHealthSignals, {
            error: `expected one of ${dependencyHealthSignals.join(', ')}`,
          }),
        )
        .optional(),
    })
    .optional(),
  licenses: z
    .strictObject({
      allow: licenseIdsSchema,
      deny: licenseIdsSchema,
      acceptUnknown: z.boolean({ error: 'expected boolean' }).optional(),
    })
    .optional(),
  remediation: z
    .strictObject({
      phases: z
        .strictObject(
          Object.fromEntries(
            remediationPhaseIds.map(phase => [
              phase,
              z
                .strictObject({
                  startHours: hoursSchema.optional(),
                  dueHours: hoursSchema.optional(),
                })
                .optional(),
            ]),
          ),
        )
        .optional(),
      owners: z
        .strictObject(
          Object.fromEntries(
            readinessDimensions.map(dimension => [
              dimension,
              z.string().min(1, { error: 'expected an entity ref' }).optional(),
            ]),
          ),
        )
        .optional(),
    })
    .optional(),
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

function remediationTimeBoxes(
  config: ReadinessConfig,
): Record<RemediationPhaseId, RemediationTimeBox> {
  return Object.fromEntries(
    remediationPhaseIds.map(phase => [
      phase,
      {
        ...defaultRemediationTimeBoxes[phase],
        ...config.remediation?.phases?.[phase],
      },
    ]),
  ) as Record<RemediationPhaseId, RemediationTimeBox>;
}

/** `checks.custom` is a list of definitions beside the overrides by id. */
function splitCustomChecks(raw: unknown): { config: unknown; custom: unknown } {
  const checks = (raw as { checks?: unknown } | null)?.checks;
  if (
    !checks ||
    typeof checks !== 'object' ||
    Array.isArray(checks) ||
    !Object.prototype.hasOwnProperty.call(checks, 'custom')
  ) {
    return { config: raw, custom: undefined };
  }
  const { custom, ...overrides } = checks as Record<string, unknown>;
  return { config: { ...(raw as object), checks: overrides }, custom };
}

/**
 * Validates raw config (for example `config.getOptional('readiness')`).
 * Throws an Error naming the key path of every problem, e.g.
 * `Invalid readiness config at checks["quality.coverage"].thresholds.minLinePercent: expected number`.
 *
 * @public
 */
export function parseReadinessConfig(raw: unknown): ReadinessConfig {
  const { config, custom } = splitCustomChecks(raw ?? {});
  const result = readinessConfigSchema.safeParse(config);
  if (result.success) {
    const boxes = remediationTimeBoxes(result.data);
    const inverted = remediationPhaseIds.filter(
      phase => boxes[phase].dueHours < boxes[phase].startHours,
    );
    if (inverted.length > 0) {
      throw new Error(
        `Invalid readiness config at ${inverted
          .map(phase => `remediation.phases.${phase}: ends before it starts`)
          .join('; at ')}`,
      );
    }
    if (custom === undefined) {
      return result.data;
    }
    return {
      ...result.data,
      customChecks: parseCheckDefinitions(custom, {
        origin: 'readiness.checks.custom',
      }),
    };
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
 * Merges config overrides into the built-in checks, then adds the custom
 * checks.
 *
 * @public
 */
export function resolveReadinessConfig(
  config: ReadinessConfig = {},
): ResolvedReadinessConfig {
  return {
    checks: [
      ...defaultChecks.map(check => {
        const override = config.checks?.[check.id] ?? {};
        const tier = override.tier ?? check.tier;
        return {
          ...check,
          enabled: override.enabled ?? true,
          tier,
          severity:
            override.severity ??
            (tier === check.tier ? check.severity : tierSeverities[tier]),
          thresholds: { ...check.thresholds, ...override.thresholds },
          ...(override.appliesTo ? { appliesTo: override.appliesTo } : {}),
          ...(override.effectiveFrom
            ? { effectiveFrom: override.effectiveFrom }
            : {}),
        };
      }),
      ...(config.customChecks ?? []).map(check => ({
        ...check,
        enabled: true,
      })),
    ],
    requiredTiers: { ...config.requiredTiers },
    requiredHealthSignals: [
      ...(config.dependencyHealth?.requiredSignals ?? dependencyHealthSignals),
    ],
    licensePolicy: {
      allow: [...(config.licenses?.allow ?? [])],
      deny: [...(config.licenses?.deny ?? [])],
      acceptUnknown: config.licenses?.acceptUnknown ?? false,
    },
    remediation: {
      phases: remediationTimeBoxes(config),
      owners: { ...config.remediation?.owners },
    },
  };
}

/**
 * The tier an entity's lifecycle requires (`readiness.requiredTiers`), as
 * reports and the scorecard show it and the gate defaults to.
 *
 * @public
 */
export function requiredTierFor(
  lifecycle: string | undefined,
  config: Pick<ReadinessConfig, 'requiredTiers'> = {},
): Tier | undefined {
  const tiers = config.requiredTiers ?? {};
  // An own key only: a lifecycle such as `constructor` requires nothing.
  return lifecycle !== undefined &&
    Object.prototype.hasOwnProperty.call(tiers, lifecycle)
    ? tiers[lifecycle]
    : undefined;
}
