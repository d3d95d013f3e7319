import {
  type CheckResult,
  type CheckStatus,
  describeAdvisorySource,
  describeFindingSeverity,
  describeFix,
  type Finding,
  readinessTiers,
  type ReadinessReport,
  tierTitles,
} from '@readiness/plugin-readiness-common';
import {
  describeItem,
  describePhase,
  formatDue,
  registerOf,
} from './formatRegister';

// Text, not colour alone, tells statuses apart (logs and screen readers).
const statusLabels: Record<CheckStatus, string> = {
  pass: 'PASS   ',
  fail: 'FAIL   ',
  unknown: 'UNKNOWN',
  waived: 'WAIVED ',
};

function formatCheck(check: CheckResult): string[] {
  const upcoming = check.upcoming
    ? ` (upcoming from ${check.effectiveFrom}: counts for nothing yet)`
    : '';
  const lines = [
    `    ${statusLabels[check.status]} ${check.id}: ${check.summary}${upcoming}`,
  ];
  for (const detail of check.details) {
    lines.push(`              ${detail}`);
  }
  return lines;
}

/**
 * One line per finding; marked NEW or KNOWN when the scan was compared with
 * a baseline.
 */
function formatFindings(findings: readonly Finding[]): string[] {
  if (findings.length === 0) {
    return [];
  }
  const fresh = findings.filter(f => f.baseline === 'new').length;
  const compared = findings.some(f => f.baseline !== undefined);
  const lines = [
    '',
    compared
      ? `Findings: ${fresh} new, ${findings.length - fresh} known`
      : `Findings: ${findings.length}`,
  ];
  for (const f of findings) {
    const mark = f.baseline ? `${f.baseline.toUpperCase().padEnd(5)} ` : '';
    lines.push(
      `  ${mark}${f.id}: ${f.package} ${f.version} (${f.ecosystem}, ${f.file ?? 'no lockfile'}, ${f.scope}): ${describeFindingSeverity(f)}; ${describeFix(f)}`,
    );
  }
  return lines;
}

/** A plain-text readiness report for terminals and CI logs. */
export function formatReport(report: ReadinessReport): string {
  const lines: string[] = [];
  const tier = report.tier ? tierTitles[report.tier] : 'no tier';
  lines.push(
    `${report.entityRef}: ${tier}, score ${Math.round(
      report.score.overall,
    )}/100, risk ${report.risk.level}${report.stale ? ' (stale evidence)' : ''}`,
  );
  for (const source of report.advisorySources ?? []) {
    lines.push(`Advisories: ${describeAdvisorySource(source)}`);
  }

  const { stopWork } = report;
  if (stopWork.active) {
    lines.push('', 'STOP WORK: must not be deployed');
    for (const id of stopWork.blockers) {
      const check = report.checks.find(c => c.id === id);
      lines.push(`  blocker ${id}: ${check?.summary ?? ''}`);
    }
    for (const id of stopWork.unverifiedBlockers) {
      lines.push(`  unverified blocker ${id}: evidence is now unknown`);
    }
    if (stopWork.manual) {
      lines.push(
        `  issued by ${stopWork.manual.issuedBy} on ${stopWork.manual.issuedAt}: ${stopWork.manual.reason}`,
      );
    }
    if (stopWork.progress.length > 0) {
      lines.push('  do not proceed until:');
      for (const p of stopWork.progress) {
        lines.push(`    ${p.label}`);
      }
    }
  }

  const { risks, inPlace } = registerOf(report);
  if (risks.length > 0 || inPlace.length > 0) {
    lines.push('', `Risk register (${report.risk.level}):`);
    for (const risk of risks) {
      lines.push(
        `  ${risk.level.toUpperCase().padEnd(10)} ${risk.area.padEnd(11)} ${risk.statement} [${risk.checks.join(', ')}]`,
      );
    }
    if (inPlace.length > 0) {
      lines.push('  In place:');
      for (const positive of inPlace) {
        lines.push(`    ${positive.area.padEnd(11)} ${positive.statement}`);
      }
    }
  }

  lines.push('', 'Score by dimension:');
  for (const [dimension, score] of Object.entries(report.score.dimensions)) {
    lines.push(`  ${dimension.padEnd(14)} ${Math.round(score ?? 0)}`);
  }

  for (const t of readinessTiers) {
    const result = report.tiers.find(r => r.tier === t);
    lines.push(
      '',
      `${tierTitles[t]}: ${result?.achieved ? 'achieved' : 'not achieved'}`,
    );
    for (const check of report.checks.filter(c => c.tier === t)) {
      lines.push(...formatCheck(check));
    }
  }

  // Reports stored before findings existed have none.
  lines.push(...formatFindings(report.findings ?? []));

  const phases = report.remediation.phases.filter(p => p.items.length > 0);
  if (phases.length > 0) {
    const { startedAt } = report.remediation;
    lines.push(
      '',
      `Remediation plan${startedAt ? ` (started ${formatDue(startedAt)})` : ''}:`,
    );
    for (const phase of phases) {
      const box = describePhase(phase);
      lines.push(`  ${phase.title}${box ? ` (${box})` : ''}`);
      for (const item of phase.items) {
        const timeline = describeItem(item, phase);
        lines.push(`    - ${item.action}${timeline ? ` (${timeline})` : ''}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
