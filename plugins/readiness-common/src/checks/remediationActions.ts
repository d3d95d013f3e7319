import type { DependencyHealthFinding, VulnerabilityFinding } from '../types';
import { nearestFixedVersion } from './evaluators/versions';

// The remediation texts are public so that other views (the CLI's SARIF, the
// card) word an action exactly as the remediation plan does.

/**
 * The concrete action for one vulnerability finding, for example "upgrade
 * sqlx to 0.8.1 or later (RUSTSEC-2024-0363)".
 *
 * @public
 */
export function vulnerabilityAction(finding: VulnerabilityFinding): string {
  const fixed = nearestFixedVersion(finding.version, finding.fixedVersions);
  return fixed
    ? `upgrade ${finding.packageName} to ${fixed} or later (${finding.advisoryId})`
    : `replace ${finding.packageName} or mitigate ${finding.advisoryId}: no fixed version exists`;
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
