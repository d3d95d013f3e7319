import parseSpdx from 'spdx-expression-parse';
import satisfies from 'spdx-satisfies';
import type { LicensePolicy } from '../types';

/** Longest license text read as an expression; beyond it, the license is unknown. */
const maxExpressionLength = 500;
/** Most alternatives one expression is expanded to; beyond it, unknown. */
const maxAlternatives = 256;

/**
 * Whether `value` is one SPDX license id, optionally with `+` or
 * `WITH <exception>`: what an allow or deny list holds. A compound
 * expression (`MIT OR GPL-3.0`) is not one.
 *
 * @internal
 */
export function isSpdxLicenseId(value: string): boolean {
  try {
    return 'license' in parseSpdx(value);
  } catch {
    return false;
  }
}

/**
 * What the policy says of one package's license: `allowed`, `denied` (no
 * way to use it avoids a denied license), `not-allowed` (no way to use it
 * stays within the allow list), or `unknown` (absent, not an SPDX
 * expression, or NOASSERTION/NONE).
 *
 * @internal
 */
export type LicenseVerdict = 'allowed' | 'denied' | 'not-allowed' | 'unknown';

type Leaf = parseSpdx.LicenseInfo;

function leafText(leaf: Leaf): string {
  return `${leaf.license}${leaf.plus ? '+' : ''}${
    leaf.exception ? ` WITH ${leaf.exception}` : ''
  }`;
}

/**
 * The ways an expression can be complied with: `A OR (B AND C)` is
 * `[[A], [B, C]]`. Undefined when there are too many to weigh.
 */
function alternatives(info: parseSpdx.Info): Leaf[][] | undefined {
  if ('license' in info) {
    return [[info]];
  }
  const left = alternatives(info.left);
  const right = alternatives(info.right);
  if (!left || !right) return undefined;
  if (info.conjunction === 'or') {
    return left.length + right.length > maxAlternatives
      ? undefined
      : [...left, ...right];
  }
  if (left.length * right.length > maxAlternatives) return undefined;
  return left.flatMap(l => right.map(r => [...l, ...r]));
}

/** Whether one license is covered by a list, `GPL-2.0+` covering `GPL-3.0`. */
function covered(leaf: Leaf, list: readonly string[]): boolean {
  if (list.length === 0) return false;
  const text = leafText(leaf);
  try {
    return satisfies(text, list);
  } catch {
    // spdx-satisfies knows only listed ids; a LicenseRef matches itself.
    return list.includes(text);
  }
}

/**
 * Judges one package's declared license against the policy. The license
 * is parsed with `spdx-expression-parse`; each license of each way to
 * comply is matched with `spdx-satisfies`, so `+` and `WITH` follow SPDX.
 *
 * @internal
 */
export function judgeLicense(
  license: string | undefined,
  policy: Pick<LicensePolicy, 'allow' | 'deny'>,
): LicenseVerdict {
  const trimmed = license?.trim();
  if (
    !trimmed ||
    trimmed.length > maxExpressionLength ||
    trimmed === 'NOASSERTION' ||
    trimmed === 'NONE'
  ) {
    return 'unknown';
  }
  let ways: Leaf[][] | undefined;
  try {
    ways = alternatives(parseSpdx(trimmed));
  } catch {
    return 'unknown';
  }
  if (!ways) return 'unknown';
  const withoutDenied = ways.filter(
    way => !way.some(leaf => covered(leaf, policy.deny)),
  );
  if (withoutDenied.length === 0) return 'denied';
  if (policy.allow.length === 0) return 'allowed';
  return withoutDenied.some(way =>
    way.every(leaf => covered(leaf, policy.allow)),
  )
    ? 'allowed'
    : 'not-allowed';
}
