import { InputError } from '@backstage/errors';
import type { JsonValue } from '@backstage/types';
import {
  type CheckPreviewRequest,
  parseReadinessConfig,
  type ReadinessConfig,
} from '@readiness/plugin-readiness-common';
import { flattenCheckOverrides } from './config';

/**
 * The configured engine config with a preview's changes: its overrides
 * merged field by field into `readiness.checks.<id>`. Bad input is a 400
 * naming the field, as app-config's message names the key.
 *
 * @internal
 */
export function proposeChecks(
  engine: ReadinessConfig,
  request: CheckPreviewRequest,
): ReadinessConfig {
  let overrides: ReadinessConfig['checks'];
  try {
    overrides = parseReadinessConfig({
      checks: flattenCheckOverrides(request.overrides as JsonValue),
    }).checks;
  } catch (error) {
    throw new InputError(
      (error as Error).message
        .replace(/^Invalid readiness config at checks/, 'overrides')
        .replace(/; at checks/g, '; overrides'),
    );
  }
  const checks = { ...engine.checks };
  for (const [id, override] of Object.entries(overrides ?? {})) {
    const configured = checks[id as keyof typeof checks];
    checks[id as keyof typeof checks] = {
      ...configured,
      ...override,
      ...(configured?.thresholds || override?.thresholds
        ? { thresholds: { ...configured?.thresholds, ...override?.thresholds } }
        : {}),
    };
  }
  return { ...engine, checks };
}
