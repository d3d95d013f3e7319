import type { Finding, Waiver } from '../types';

/**
 * Whether a waiver applies at `nowMs`: approved and not yet expired. A
 * pending, denied or revoked waiver never changes a result.
 *
 * @public
 */
export function isWaiverInForce(waiver: Waiver, nowMs: number): boolean {
  return waiver.state === 'approved' && Date.parse(waiver.expiresAt) > nowMs;
}

/**
 * Whether a finding-level waiver names a vulnerability: one of its advisory
 * ids is the finding's id or an alias (case aside), and its package, when it
 * names one, is the finding's. A waiver without advisories names none.
 *
 * @public
 */
export function waiverCoversFinding(
  waiver: Pick<Waiver, 'advisories' | 'package'>,
  finding: { id: string; aliases: readonly string[]; package: string },
): boolean {
  if (!waiver.advisories) {
    return false;
  }
  if (waiver.package !== undefined && waiver.package !== finding.package) {
    return false;
  }
  const named = new Set(waiver.advisories.map(id => id.toUpperCase()));
  return [finding.id, ...finding.aliases].some(id =>
    named.has(id.toUpperCase()),
  );
}

/**
 * Marks each vulnerability finding with the waiver in force that covers it:
 * one naming its advisory, else a waiver of the whole
 * `security.vulnerabilities` check.
 *
 * @public
 */
export function markWaivedFindings(
  findings: readonly Finding[],
  waivers: readonly Waiver[],
  now: string,
): Finding[] {
  const nowMs = Date.parse(now);
  const inForce = waivers.filter(
    w => w.checkId === 'security.vulnerabilities' && isWaiverInForce(w, nowMs),
  );
  if (inForce.length === 0) {
    return [...findings];
  }
  const wholeCheck = inForce.find(w => !w.advisories);
  return findings.map(finding => {
    if (finding.kind !== 'vulnerability') {
      return finding;
    }
    const waiver =
      inForce.find(w => waiverCoversFinding(w, finding)) ?? wholeCheck;
    return waiver ? { ...finding, waiverId: waiver.id } : finding;
  });
}
