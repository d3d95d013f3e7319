import type { DependencyHealthFinding, VulnerabilityFinding } from '../types';

// The remediation texts are public so that other views (the CLI's SARIF, the
// card) word an action exactly as the remediation plan does.

/**
 * The concrete action for one vulnerability finding, for example "upgrade
 * sqlx to 0.8.1 or later (RUSTSEC-2024-0363)".
 *
 * @public
 */
export function vulnerabilityAction(finding: VulnerabilityFinding): string {
  const { packageName, advisoryId, fixedVersions } = finding;
  // Which of several fixes is nearest takes the ecosystem's version order,
  // which the collector applied (nearestFixed); none is guessed here.
  const fixed =
    finding.nearestFixed ??
    (fixedVersions.length === 1 ? fixedVersions[0] : undefined);
  if (fixed) {
    return `upgrade ${packageName} to ${fixed} or later (${advisoryId})`;
  }
  if (fixedVersions.length > 0) {
    return `upgrade ${packageName} to a fixed version (${fixedVersions.join(', ')}) (${advisoryId})`;
  }
  return `replace ${packageName} or mitigate ${advisoryId}: no fixed version exists`;
}

/**
 * The concrete action for one unhealthy dependency: an advisory with a fix
 * (an unsound crate, say) is an upgrade, "upgrade rustls to 0.23.18 or
 * later (RUSTSEC-...)"; "replace" is only for what has no fix.
 *
 * @public
 */
export function dependencyHealthAction(
  finding: DependencyHealthFinding,
): string {
  const { packageName, version, kind, advisoryId } = finding;
  const fixedVersions = finding.fixedVersions ?? [];
  const fixed =
    finding.nearestFixed ??
    (fixedVersions.length === 1 ? fixedVersions[0] : undefined);
  const advisory = advisoryId ? ` (${advisoryId})` : '';
  if (fixed) {
    return `upgrade ${packageName} to ${fixed} or later${advisory}`;
  }
  if (fixedVersions.length > 0) {
    return `upgrade ${packageName} to a fixed version (${fixedVersions.join(', ')})${advisory}`;
  }
  if (kind === 'yanked') {
    return `upgrade ${packageName} from yanked version ${version}`;
  }
  if (kind === 'unsound') {
    return `replace ${packageName} or avoid its unsound use${advisory}: no fixed version exists`;
  }
  return `replace ${packageName} (${kind})`;
}
