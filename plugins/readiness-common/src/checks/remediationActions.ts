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
 * The concrete action for one unhealthy dependency.
 *
 * @public
 */
export function dependencyHealthAction(
  finding: DependencyHealthFinding,
): string {
  return finding.kind === 'yanked'
    ? `upgrade ${finding.packageName} from yanked version ${finding.version}`
    : `replace ${finding.packageName} (${finding.kind})`;
}
