import {
  parseReadinessConfig,
  type ReadinessConfig,
} from '@readiness/plugin-readiness-common';

function ids(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map(id => id.trim())
        .filter(Boolean);
}

/**
 * `--allow-licenses`, `--deny-licenses` and `--accept-unknown-licenses` as
 * the engine's `licenses` policy, checked like app-config's
 * `readiness.licenses`; a bad id is refused naming the option.
 */
export function parseLicensePolicy(options: {
  allowLicenses?: string;
  denyLicenses?: string;
  acceptUnknownLicenses?: boolean;
}): ReadinessConfig {
  const licenses = {
    allow: ids(options.allowLicenses),
    deny: ids(options.denyLicenses),
    acceptUnknown: options.acceptUnknownLicenses,
  };
  try {
    return parseReadinessConfig({ licenses });
  } catch (error) {
    const message = (error as Error).message;
    const option = /licenses\.deny/.test(message)
      ? '--deny-licenses'
      : '--allow-licenses';
    throw new Error(
      `${option}: ${message.replace(/^Invalid readiness config at licenses\.(allow|deny)\[\d+\]: /, '')}`,
    );
  }
}
