import {
  defaultRemediationTimeBoxes,
  type ResolvedReadinessConfig,
} from '../config';
import type {
  CheckResult,
  RemediationItem,
  RemediationPhase,
  RemediationPhaseId,
  RemediationPlan,
  StopWorkOrder,
} from '../types';
import { remediationPhaseIds } from '../types';
import { countingChecks } from './counting';

const phaseTitles: Record<RemediationPhaseId, string> = {
  immediate: 'Immediate: contain the stop-work order',
  stabilise: 'Stabilise: resolve blockers',
  production: 'Production: reach production readiness',
  enterprise: 'Enterprise: reach enterprise grade',
};

const HOUR_MS = 3_600_000;

/**
 * The phase a check belongs to: blockers first, whatever their tier.
 *
 * @public
 */
export function remediationPhaseOf(check: CheckResult): RemediationPhaseId {
  if (check.severity === 'blocker') {
    return 'stabilise';
  }
  return check.tier === 'enterprise' ? 'enterprise' : 'production';
}

/**
 * The seed's first 0-24 hours of a stop-work order: halt (the gate is closed
 * by the order itself), notify owners and dependents, list affected systems.
 */
function immediateResponse(automated: boolean): RemediationItem[] {
  return [
    {
      kind: 'respond',
      action:
        'halt deployments: the gate stays closed while the stop-work order is open',
      done: true,
    },
    {
      kind: 'respond',
      action: 'notify the owners and the dependents of the stop-work order',
      done: automated,
    },
    {
      kind: 'respond',
      action: 'list the affected systems',
      done: automated,
    },
  ];
}

/**
 * Inputs of {@link planRemediation} beyond the checks.
 *
 * @public
 */
export interface PlanRemediationOptions {
  /** The report's stop-work order: an active one adds the immediate phase and starts the time boxes. */
  stopWork?: Pick<StopWorkOrder, 'active' | 'since'>;
  /** When the previous plan started: without an order, its time boxes carry on. */
  previousStartedAt?: string;
  /** The entity's owner (entity ref): owns the items no dimension routes elsewhere. */
  owner?: string;
  /** Time boxes and owners by dimension; the seed's time boxes by default. */
  config?: Partial<ResolvedReadinessConfig['remediation']>;
  /**
   * True when the caller notifies owners and dependents and lists the
   * affected systems itself, as the backend does: those items are done.
   */
  automatedResponse?: boolean;
  /** ISO timestamp of the evaluation; without it the plan has no dates. */
  now?: string;
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
 * expires) and unknown checks into phases with time boxes relative to the
 * start of the order: blockers in `stabilise`, production checks in
 * `production`, enterprise checks in `enterprise`, and while a stop-work
 * order is active the immediate response first. Each item is owned by the
 * group its dimension routes to, or the entity's owner, and is overdue once
 * its phase (or its waiver) ends. Empty phases are omitted.
 *
 * @public
 */
export function planRemediation(
  checks: readonly CheckResult[],
  options: PlanRemediationOptions = {},
): RemediationPlan {
  const phases: RemediationPhase[] = remediationPhaseIds.map(phase => ({
    phase,
    title: phaseTitles[phase],
    items: [],
  }));
  const byId = (id: RemediationPhaseId) =>
    phases[remediationPhaseIds.indexOf(id)];
  const owners = options.config?.owners ?? {};
  for (const check of countingChecks(checks)) {
    const owner = owners[check.dimension] ?? options.owner;
    byId(remediationPhaseOf(check)).items.push(
      ...itemsOf(check).map(item => (owner ? { ...item, owner } : item)),
    );
  }
  for (const phase of phases) {
    // Fixes before evidence collection within a phase keeps urgent work on top.
    phase.items.sort(
      (a, b) =>
        Number(a.kind === 'collect-evidence') -
        Number(b.kind === 'collect-evidence'),
    );
  }
  if (options.stopWork?.active) {
    byId('immediate').items = immediateResponse(
      options.automatedResponse ?? false,
    ).map(item => (options.owner ? { ...item, owner: options.owner } : item));
  }
  const planned = phases.filter(p => p.items.length > 0);
  const { now } = options;
  if (!now || planned.length === 0) {
    return { phases: planned };
  }
  const startedAt =
    (options.stopWork?.active && options.stopWork.since) ||
    options.previousStartedAt ||
    now;
  const boxes = options.config?.phases ?? defaultRemediationTimeBoxes;
  const at = (hours: number) =>
    new Date(Date.parse(startedAt) + hours * HOUR_MS).toISOString();
  return {
    startedAt,
    phases: planned.map(phase => {
      const box = boxes[phase.phase];
      const dueAt = at(box.dueHours);
      return {
        ...phase,
        startsAt: at(box.startHours),
        dueAt,
        items: phase.items.map(item => {
          const itemDue = item.waivedUntil ?? dueAt;
          return {
            ...item,
            dueAt: itemDue,
            overdue: !item.done && Date.parse(now) > Date.parse(itemDue),
          };
        }),
      };
    }),
  };
}
