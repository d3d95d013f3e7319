import {
  type CheckStatus,
  readinessTiers,
  type ReadinessReport,
  tierTitles,
} from '@readiness/plugin-readiness-common';

const statusText: Record<CheckStatus, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  unknown: '❔ unknown',
  waived: '⚠️ waived',
};

/** Markdown cells hold no pipes or line breaks. */
function cell(text: string) {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A Markdown readiness report, for pull-request comments and job summaries. */
export function formatMarkdown(report: ReadinessReport): string {
  const lines: string[] = [];
  const tier = report.tier ? tierTitles[report.tier] : 'no tier';
  lines.push(
    `# Readiness: ${report.entityRef}`,
    '',
    `**${tier}** · score **${Math.round(report.score.overall)}/100** · risk **${report.risk.level}**${
      report.stale ? ' · stale evidence' : ''
    }`,
  );

  const { stopWork } = report;
  if (stopWork.active) {
    lines.push('', '> [!CAUTION]', '> **Stop work: must not be deployed**');
    for (const id of stopWork.blockers) {
      const check = report.checks.find(c => c.id === id);
      lines.push(`> - \`${id}\`: ${cell(check?.summary ?? '')}`);
    }
    if (stopWork.manual) {
      lines.push(
        `> - issued by ${stopWork.manual.issuedBy}: ${cell(stopWork.manual.reason)}`,
      );
    }
    for (const p of stopWork.progress) {
      lines.push(`> - do not proceed until: ${p.label}`);
    }
  }

  lines.push('', '| dimension | score |', '| --- | ---: |');
  for (const [dimension, score] of Object.entries(report.score.dimensions)) {
    lines.push(`| ${dimension} | ${Math.round(score ?? 0)} |`);
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
        `| \`${check.id}\` | ${statusText[check.status]} | ${cell(check.summary)} |`,
      );
    }
  }

  const phases = report.remediation.phases.filter(p => p.items.length > 0);
  if (phases.length > 0) {
    lines.push('', '## Remediation plan');
    for (const phase of phases) {
      lines.push('', `### ${phase.title}`, '');
      for (const item of phase.items) {
        lines.push(`- ${cell(item.action)}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
