import type {
  CheckResult,
  RemediationItem,
  RemediationPhase,
  RemediationPhaseId,
  RemediationPlan,
} from '../types';

const phaseTitles: Record<RemediationPhaseId, string> = {
  emergency: 'Emergency: resolve blockers',
  stabilization: 'Stabilization: reach production readiness',
  enterprise: 'Enterprise: reach enterprise grade',
};

/**
 * The phase a check belongs to: blockers first, whatever their tier.
 *
 * @public
 */
export function remediationPhaseOf(check: CheckResult): RemediationPhaseId {
  if (check.severity === 'blocker') {
    return 'emergency';
  }
  return check.tier === 'enterprise' ? 'enterprise' : 'stabilization';
}

function itemsOf(check: CheckResult): RemediationItem[] {
  if (check.status === 'unknown') {
    return [
      {
        checkId: check.id,
        kind: 'collect-evidence',
        action: `collect evidence for ${check.title.toLowerCase()} (${check.id}): ${check.summary}`,
      },
      ...check.actions.map(action => ({
        checkId: check.id,
        kind: 'collect-evidence' as const,
        action,
      })),
    ];
  }
  if (check.status === 'fail' || check.status === 'waived') {
    const actions = check.actions.length
      ? check.actions
      : [`make ${check.id} pass: ${check.summary}`];
    return actions.map(action => ({
      checkId: check.id,
      kind: 'fix',
      action,
      ...(check.waiver ? { waivedUntil: check.waiver.expiresAt } : {}),
    }));
  }
  return [];
}

/**
 * Groups the actions of failing, waived (still to be fixed before the waiver
 * expires) and unknown checks into phases. Empty phases are omitted.
 *
 * @public
 */
export function planRemediation(
  checks: readonly CheckResult[],
): RemediationPlan {
  const order: RemediationPhaseId[] = [
    'emergency',
    'stabilization',
    'enterprise',
  ];
  const phases: RemediationPhase[] = order.map(phase => ({
    phase,
    title: phaseTitles[phase],
    items: [],
  }));
  for (const check of checks) {
    const phase = phases[order.indexOf(remediationPhaseOf(check))];
    // Fixes before evidence collection within a phase keeps urgent work on top.
    phase.items.push(...itemsOf(check));
  }
  for (const phase of phases) {
    phase.items.sort(
      (a, b) =>
        Number(a.kind === 'collect-evidence') -
        Number(b.kind === 'collect-evidence'),
    );
  }
  return { phases: phases.filter(p => p.items.length > 0) };
}
