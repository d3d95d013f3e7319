import { type Config, readDurationFromConfig } from '@backstage/config';
import {
  durationToMilliseconds,
  type JsonObject,
  type JsonValue,
} from '@backstage/types';
import {
  parseReadinessConfig,
  type ReadinessConfig,
} from '@readiness/plugin-readiness-common';

/**
 * Check ids contain a dot, which config paths read as nesting: nested
 * `quality` and `coverage` keys in YAML are the check `quality.coverage`. A
 * quoted dotted key is accepted too. Anything else is passed on for the
 * engine to reject by name.
 *
 * @internal
 */
export function flattenCheckOverrides(raw: JsonValue | undefined): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return raw;
  }
  const flat: JsonObject = {};
  // Config files are merged key by key, blind to the dot: one check in both
  // forms (perhaps in two files) would keep one of them whole, silently.
  const put = (id: string, check: JsonValue | undefined) => {
    if (Object.prototype.hasOwnProperty.call(flat, id)) {
      throw new Error(
        `Invalid readiness config at checks["${id}"]: set both as nested keys and as a dotted key; use one form`,
      );
    }
    flat[id] = check;
  };
  for (const [area, value] of Object.entries(raw)) {
    if (
      area.includes('.') ||
      !value ||
      typeof value !== 'object' ||
      Array.isArray(value)
    ) {
      put(area, value);
      continue;
    }
    for (const [name, check] of Object.entries(value)) {
      put(`${area}.${name}`, check);
    }
  }
  return flat;
}

/** A config object without one key; anything else as it is. */
function withoutKey(raw: JsonValue | undefined, key: string) {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return raw;
  }
  const { [key]: _omitted, ...rest } = raw;
  return rest;
}

const HOUR_MS = 3_600_000;

/**
 * `readiness.remediation`: the phases' durations as the engine's hours;
 * phase and dimension names are left for the engine to check by name.
 */
function readRemediation(remediation: Config | undefined): unknown {
  if (!remediation) {
    return undefined;
  }
  const phasesConfig = remediation.getOptionalConfig('phases');
  const phases = phasesConfig
    ? Object.fromEntries(
        phasesConfig.keys().map(phase => {
          const box = phasesConfig.getConfig(phase);
          const hours = (key: string) =>
            box.has(key)
              ? durationToMilliseconds(readDurationFromConfig(box, { key })) /
                HOUR_MS
              : undefined;
          return [
            phase,
            Object.fromEntries(
              [
                ['startHours', hours('start')],
                ['dueHours', hours('due')],
              ].filter(([, value]) => value !== undefined),
            ),
          ];
        }),
      )
    : undefined;
  return {
    ...(phases ? { phases } : {}),
    ...(remediation.has('owners')
      ? { owners: remediation.getOptional('owners') }
      : {}),
  };
}

/**
 * The engine's part of app-config (`readiness.checks` with `custom`,
 * `packs`, `requiredTiers`, `dependencyHealth`, `remediation`, `delivery`,
 * `licenses`), read and validated one
 * way for the backend and for `readiness scan|evaluate --config`, so a
 * pipeline evaluates exactly the checks the portal does. Throws an Error
 * naming the key that is wrong.
 *
 * @public
 */
export function readReadinessConfig(rootConfig: Config): ReadinessConfig {
  const readiness = rootConfig.getOptionalConfig('readiness');
  return parseReadinessConfig({
    // `files` are read by the backend through its UrlReader.
    checks: flattenCheckOverrides(
      withoutKey(readiness?.getOptional('checks'), 'files'),
    ),
    packs: readiness?.getOptional('packs'),
    requiredTiers: readiness?.getOptional('requiredTiers'),
    delivery: readiness?.getOptional('delivery'),
    dependencyHealth: readiness?.has('dependencyHealth.requiredSignals')
      ? {
          requiredSignals: readiness.getOptional(
            'dependencyHealth.requiredSignals',
          ),
        }
      : undefined,
    remediation: readRemediation(readiness?.getOptionalConfig('remediation')),
    licenses: readiness?.has('licenses')
      ? {
          allow: readiness.getOptional('licenses.allow'),
          deny: readiness.getOptional('licenses.deny'),
          acceptUnknown: readiness.getOptional('licenses.acceptUnknown'),
        }
      : undefined,
  });
}
