import type {
  ReadinessReport,
  RemediationItem,
  RemediationPhase,
} from '@readiness/plugin-readiness-common';

/** A timestamp to the minute, in UTC: due dates in logs and comments. */
export function formatDue(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * "done" or "owner <ref>, OVERDUE": what an item's timeline says, with its
 * due date only where it is not its phase's (a waived item's).
 */
export function describeItem(
  item: RemediationItem,
  phase: RemediationPhase,
): string {
  return [
    item.done ? 'done' : undefined,
    item.dueAt && !item.done && item.dueAt !== phase.dueAt
      ? `due ${formatDue(item.dueAt)}`
      : undefined,
    item.owner ? `owner ${item.owner}` : undefined,
    item.overdue ? 'OVERDUE' : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

/** "from <date>, due <date>": a phase's time box. */
export function describePhase(phase: RemediationPhase): string {
  return phase.startsAt && phase.dueAt
    ? `from ${formatDue(phase.startsAt)}, due ${formatDue(phase.dueAt)}`
    : '';
}

/**
 * The register of a report, or of one stored before registers existed:
 * empty rather than missing.
 */
export function registerOf(report: ReadinessReport) {
  return {
    risks: report.risk.risks ?? [],
    inPlace: report.risk.inPlace ?? [],
  };
}
