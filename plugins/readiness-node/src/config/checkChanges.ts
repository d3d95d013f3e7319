import { InputError } from '@backstage/errors';
import type { JsonValue } from '@backstage/types';
import {
  type CheckConfig,
  type CheckDefinition,
  type CheckPreviewRequest,
  checkPreviewRequestSchema,
  parseCheckDefinitions,
  parseReadinessConfig,
  parseRequest,
  type ReadinessConfig,
} from '@readiness/plugin-readiness-common';
import { flattenCheckOverrides } from './readReadinessConfig';

/**
 * A proposed change of checks, validated: what `POST /v1/checks/preview`
 * evaluates and `readiness checks validate` checks offline.
 *
 * @public
 */
export interface CheckChanges {
  /** Definitions added to the configured custom checks, replacing by id. */
  checks: CheckDefinition[];
  /** Overrides of `readiness.checks.<id>`, by check id. */
  overrides: NonNullable<ReadinessConfig['checks']>;
}

/**
 * Validates a preview request (or a checks file): the envelope, the
 * definitions as `readiness.checks.custom` is read (rules compiled), then the
 * overrides as `readiness.checks.<id>` are. Throws an `InputError` naming
 * the check and the field, e.g. `checks[0] (acme.has-slo): rule: ...` or
 * `overrides["quality.coverage"].thresholds.minLinePercent: expected number`.
 *
 * @public
 */
export function parseCheckChanges(value: unknown): CheckChanges {
  let request: CheckPreviewRequest;
  try {
    request = parseRequest(checkPreviewRequestSchema, value);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  // Compiled here, so a rule that does not compile is a 400 naming it.
  const checks = parseCheckDefinitions(request.checks, { origin: 'checks' });
  try {
    const { checks: overrides } = parseReadinessConfig({
      checks: flattenCheckOverrides(request.overrides as JsonValue),
    });
    return { checks, overrides: overrides ?? {} };
  } catch (error) {
    throw new InputError(
      (error as Error).message
        .replace(/^Invalid readiness config at checks/, 'overrides')
        .replace(/; at checks/g, '; overrides'),
    );
  }
}

/**
 * The engine config with the changes: the definitions added to the custom
 * checks (replacing one of the same id), each override merged field by
 * field (thresholds by name) into the configured one.
 *
 * @public
 */
export function applyCheckChanges(
  engine: ReadinessConfig,
  changes: CheckChanges,
): ReadinessConfig {
  const checks: Record<string, CheckConfig | undefined> = { ...engine.checks };
  for (const [id, override] of Object.entries(changes.overrides)) {
    const configured = checks[id];
    checks[id] = {
      ...configured,
      ...override,
      ...(configured?.thresholds || override?.thresholds
        ? {
            thresholds: { ...configured?.thresholds, ...override?.thresholds },
          }
        : {}),
    };
  }
  const replaced = new Set(changes.checks.map(check => check.id));
  return {
    ...engine,
    checks,
    customChecks: [
      ...(engine.customChecks ?? []).filter(check => !replaced.has(check.id)),
      ...changes.checks,
    ],
  };
}
