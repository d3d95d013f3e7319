/**
 * Compares dotted versions numerically where possible ("0.10.0" \> "0.9.1").
 * Good enough to pick the nearest fixed version across ecosystems; it does not
 * implement any ecosystem's full precedence rules.
 *
 * @internal
 */
export function compareVersions(a: string, b: string): number {
  const partsA = a.split(/[.+-]/);
  const partsB = b.split(/[.+-]/);
  for (let i = 0; i < Math.max(partsA.length, partsB.length); i++) {
    const partA = partsA[i] ?? '0';
    const partB = partsB[i] ?? '0';
    const numberA = Number(partA);
    const numberB = Number(partB);
    const diff =
      Number.isNaN(numberA) || Number.isNaN(numberB)
        ? partA.localeCompare(partB)
        : numberA - numberB;
    if (diff !== 0) {
      return diff;
    }
  }
  return 0;
}

/**
 * The lowest fixed version above the current one, or the lowest fixed version
 * when none is above (the advisory may list fixes of other release lines).
 *
 * @internal
 */
export function nearestFixedVersion(
  current: string,
  fixedVersions: string[],
): string | undefined {
  const sorted = [...fixedVersions].sort(compareVersions);
  return sorted.find(v => compareVersions(v, current) > 0) ?? sorted[0];
}
