import { InputError } from '@backstage/errors';
import type { JsonValue } from '@backstage/types';
import {
  type CheckConfig,
  type CheckPreviewRequest,
  checkPreviewRequestSchema,
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
  /** Overrides of `readiness.checks.<id>`, by check id. */
  overrides: NonNullable<ReadinessConfig['checks']>;
}

/**
 * Validates a preview request (or a checks file): the envelope, then the
 * overrides as app-config's `readiness.checks` are read. Throws an
 * `InputError` naming the field, e.g.
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
  try {
    const { checks } = parseReadinessConfig({
      checks: flattenCheckOverrides(request.overrides as JsonValue),
    });
    return { overrides: checks ?? {} };
  } catch (error) {
    throw new InputError(
      (error as Error).message
        .replace(/^Invalid readiness config at checks/, 'overrides')
        .replace(/; at checks/g, '; overrides'),
    );
  }
}

/**
 * The engine config with the changes: each override merged field by field
 * (thresholds by name) into the configured one.
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
  return { ...engine, checks };
}
