import {
  type CheckStatus,
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

const statusText: Record<CheckStatus, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  unknown: '❔ unknown',
  waived: '⚠️ waived',
};

/**
 * Plain text in Markdown: every punctuation mark Markdown or HTML could read
 * escaped, and no line breaks, so a value from a repository (an entity name,
 * an advisory's summary) can neither add lines nor hide the report.
 */
function text(value: string) {
  return value
    .trim()
    .replace(/[\\`*_[\]#+!|<>~&$]/g, '\\$&')
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/^(\d*)([-.])/, '$1\\$2');
}

/** A code span, or escaped text when the value could break out of one. */
function code(value: string) {
  return /^[\w./@:-]+$/.test(value) ? `\`${value}\`` : text(value);
}

/** A table of findings, with a new/known column after a baseline. */
function formatFindings(findings: readonly Finding[]): string[] {
  if (findings.length === 0) {
    return [];
  }
  const compared = findings.some(f => f.baseline !== undefined);
  const fresh = findings.filter(f => f.baseline === 'new').length;
  const lines = [
    '',
    compared
      ? `## Findings: ${fresh} new, ${findings.length - fresh} known`
      : `## Findings: ${findings.length}`,
    '',
    `| ${compared ? 'baseline | ' : ''}advisory | package | lockfile | scope | severity | fix |`,
    `| ${compared ? '--- | ' : ''}--- | --- | --- | --- | --- | --- |`,
  ];
  for (const f of findings) {
    const mark = f.baseline === 'new' ? '🆕 new' : 'known';
    lines.push(
      `| ${compared ? `${mark} | ` : ''}${code(f.id)} | ${code(f.package)} ${code(f.version)} | ${f.file ? code(f.file) : 'none'} | ${text(f.scope)} | ${text(describeFindingSeverity(f))} | ${text(describeFix(f))} |`,
    );
  }
  return lines;
}

/** A Markdown readiness report, for pull-request comments and job summaries. */
export function formatMarkdown(report: ReadinessReport): string {
  const lines: string[] = [];
  const tier = report.tier ? tierTitles[report.tier] : 'no tier';
  lines.push(
    `# Readiness: ${text(report.entityRef)}`,
    '',
    `**${tier}** · score **${Math.round(report.score.overall)}/100** · risk **${text(report.risk.level)}**${
      report.stale ? ' · stale evidence' : ''
    }`,
  );

  const { stopWork } = report;
  if (stopWork.active) {
    lines.push('', '> [!CAUTION]', '> **Stop work: must not be deployed**');
    for (const id of stopWork.blockers) {
      const check = report.checks.find(c => c.id === id);
      lines.push(`> - ${code(id)}: ${text(check?.summary ?? '')}`);
    }
    if (stopWork.manual) {
      lines.push(
        `> - issued by ${text(stopWork.manual.issuedBy)}: ${text(stopWork.manual.reason)}`,
      );
    }
    for (const p of stopWork.progress) {
      lines.push(`> - do not proceed until: ${text(p.label)}`);
    }
  }

  const { risks, inPlace } = registerOf(report);
  if (risks.length > 0) {
    lines.push(
      '',
      '## Risk register',
      '',
      '| level | area | risk | checks |',
      '| --- | --- | --- | --- |',
    );
    for (const risk of risks) {
      lines.push(
        `| ${text(risk.level)} | ${text(risk.area)} | ${text(risk.statement)} | ${risk.checks.map(code).join(', ')} |`,
      );
    }
  }
  if (inPlace.length > 0) {
    lines.push('', '### In place', '');
    for (const positive of inPlace) {
      lines.push(`- ${text(positive.area)}: ${text(positive.statement)}`);
    }
  }

  lines.push('', '| dimension | score |', '| --- | ---: |');
  for (const [dimension, score] of Object.entries(report.score.dimensions)) {
    lines.push(`| ${text(dimension)} | ${Math.round(score ?? 0)} |`);
  }

  for (const t of readinessTiers) {
    const result = report.tiers.find(r => r.tier === t);
    lines.push(
      '',
      `## ${tierTitles[t]}: ${result?.achieved ? 'achieved' : 'not achieved'}`,
      '',
      '| check | status | summary |',
      '| --- | --- | --- |',
    );
    for (const check of report.checks.filter(c => c.tier === t)) {
      lines.push(
        `| ${code(check.id)} | ${statusText[check.status]}${check.upcoming ? ` (upcoming from ${check.effectiveFrom})` : ''} | ${text(check.summary)} |`,
      );
    }
  }

  // Reports stored before findings existed have none.
  lines.push(...formatFindings(report.findings ?? []));

  const phases = report.remediation.phases.filter(p => p.items.length > 0);
  if (phases.length > 0) {
    const { startedAt } = report.remediation;
    lines.push('', '## Remediation plan');
    if (startedAt) {
      lines.push('', `Started ${text(formatDue(startedAt))}.`);
    }
    for (const phase of phases) {
      const box = describePhase(phase);
      lines.push(
        '',
        `### ${text(phase.title)}${box ? ` (${text(box)})` : ''}`,
        '',
      );
      for (const item of phase.items) {
        const timeline = describeItem(item, phase);
        lines.push(
          `- ${text(item.action)}${timeline ? ` (${text(timeline)})` : ''}`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
