import type {
  AttestationKind,
  DependencyHealthFinding,
  DependencyHealthSignal,
  VulnerabilityFinding,
} from '../../types';
import { osvLink } from '../../links';
import {
  attestationLinkOf,
  attestedOutcome,
  CheckContext,
  CheckEvaluator,
  CheckOutcome,
  day,
  evidenceLinkOf,
  links,
  passOutcome,
  plural,
  unknownOutcome,
} from './context';
import { advisorySourceGaps } from '../../advisories/advisorySources';
import {
  dependencyHealthAction,
  vulnerabilityAction,
} from '../remediationActions';

// Keep summaries to one line; details list everything.
const maxNamedInSummary = 3;

function namedList(items: string[]): string {
  const named = items.slice(0, maxNamedInSummary).join(', ');
  const rest = items.length - maxNamedInSummary;
  return rest > 0 ? `${named} and ${rest} more` : named;
}

/**
 * The same advisory on the same package version may be reported once per
 * lockfile; it is one vulnerability to fix.
 */
function uniqueFindings(findings: VulnerabilityFinding[]) {
  const byKey = new Map<string, VulnerabilityFinding>();
  for (const finding of findings) {
    const key = `${finding.ecosystem}\u0000${finding.packageName}\u0000${finding.version}\u0000${finding.advisoryId}`;
    if (!byKey.has(key)) {
      byKey.set(key, finding);
    }
  }
  return [...byKey.values()];
}

/** Likewise one unhealthy dependency may be reported once per lockfile. */
function uniqueHealthFindings(findings: DependencyHealthFinding[]) {
  const byKey = new Map<string, DependencyHealthFinding>();
  for (const finding of findings) {
    const key = JSON.stringify([
      finding.ecosystem,
      finding.packageName,
      finding.version,
      finding.kind,
      finding.advisoryId ?? '',
    ]);
    if (!byKey.has(key)) {
      byKey.set(key, finding);
    }
  }
  return [...byKey.values()];
}

function describeSeverity(finding: VulnerabilityFinding): string {
  const severity =
    finding.severity === 'unknown' ? 'severity unknown' : finding.severity;
  return finding.cvssScore !== undefined
    ? `${severity}, CVSS ${finding.cvssScore}`
    : severity;
}

/** `security.vulnerabilities`: no known vulnerability in a locked version. */
export const evaluateVulnerabilities: CheckEvaluator = ctx => {
  const scan = ctx.evidence('vulnerabilities');
  if (!scan.usable) {
    return unknownOutcome(scan.reason);
  }
  const { scannedPackages, unreadable, unpinned, advisorySource } = scan.value;
  const findings = uniqueFindings(scan.value.findings);
  // What the source does not cover, or covers with old data, was not checked.
  const sourceGaps =
    advisorySource && scannedPackages > 0
      ? advisorySourceGaps(advisorySource, ctx.nowMs)
      : [];
  const gaps = [
    ...unreadable.map(u => `could not read ${u.file}: ${u.reason}`),
    ...unpinned.map(
      u => `${u.name} in ${u.file} has no locked version and was not checked`,
    ),
    ...sourceGaps,
  ];
  const evidenceLinks = links(
    evidenceLinkOf(scan.evidence),
    ...findings.map(f => ({ title: f.advisoryId, url: osvLink(f.advisoryId) })),
  );
  const counters = { vulnerabilities: findings.length };

  if (findings.length > 0) {
    return {
      status: 'fail',
      summary: `${plural(findings.length, 'known vulnerability', 'known vulnerabilities')}: ${namedList(
        findings.map(f => `${f.advisoryId} (${f.packageName} ${f.version})`),
      )}`,
      details: [
        ...findings.map(f => {
          const fixed = f.fixedVersions.length
            ? `fixed in ${f.fixedVersions.join(', ')}`
            : 'no fixed version';
          const where = f.lockfile ? ` in ${f.lockfile}` : '';
          return `${f.advisoryId}: ${f.packageName} ${f.version}${where} (${describeSeverity(f)}): ${f.summary}; ${fixed}`;
        }),
        ...gaps,
      ],
      evidenceLinks,
      credit: 0,
      counters,
      actions: findings.map(vulnerabilityAction),
    };
  }
  // An incomplete scan proves nothing: unknown, never pass.
  if (gaps.length > 0) {
    return unknownOutcome(gaps[0], {
      details: gaps,
      evidenceLinks,
      actions: [
        ...unreadable.map(u => `make ${u.file} readable (${u.reason})`),
        ...unpinned.map(u => `lock ${u.name} in ${u.file}`),
        ...(sourceGaps.length > 0
          ? [
              'give the advisory source current records for every ecosystem scanned (readiness advisories download)',
            ]
          : []),
      ],
    });
  }
  if (scannedPackages === 0) {
    return unknownOutcome('no locked dependencies were found to scan', {
      evidenceLinks,
      actions: ['commit a lockfile so dependencies can be scanned'],
    });
  }
  return passOutcome(
    `no known vulnerabilities in ${plural(scannedPackages, 'locked package')}`,
    { evidenceLinks, counters },
  );
};

const signalNames: Record<DependencyHealthSignal, string> = {
  'npm-deprecated': 'npm deprecation (registry package metadata)',
  'crates-yanked': 'crates.io yanked versions (sparse index)',
};

/**
 * Unique locked packages the audit covered: its own count, else (evidence
 * from before it was recorded) the same source's vulnerability scan.
 */
function auditedPackages(ctx: CheckContext): number | undefined {
  const health = ctx.evidence('dependency-health');
  if (!health.usable) {
    return undefined;
  }
  if (health.value.scannedPackages !== undefined) {
    return health.value.scannedPackages;
  }
  const scan = ctx.evidence('vulnerabilities');
  return scan.usable && scan.evidence.source === health.evidence.source
    ? scan.value.scannedPackages
    : undefined;
}

/** `security.audit`: no unhealthy dependency, or a current audit attestation. */
export const evaluateAudit: CheckEvaluator = ctx => {
  const health = ctx.evidence('dependency-health');
  const attestation = ctx.currentAttestation('security-audit');
  const findings = health.usable
    ? uniqueHealthFindings(health.value.findings)
    : [];
  const unchecked = health.usable ? (health.value.unchecked ?? []) : [];
  const required = new Set(ctx.requiredHealthSignals);
  // A signal the admin does not require is named, but does not block a pass.
  const missing = unchecked.filter(u => required.has(u.signal));
  const uncheckedDetails = unchecked.map(
    u =>
      `${signalNames[u.signal]} was not checked for ${plural(u.packages, 'locked package')}: ${u.reason}${
        required.has(u.signal)
          ? ''
          : ' (not required by readiness.dependencyHealth.requiredSignals)'
      }`,
  );
  const details = [
    ...findings.map(f => {
      const advisory = f.advisoryId ? ` (${f.advisoryId})` : '';
      return `${f.packageName} ${f.version} is ${f.kind}${advisory}: ${f.summary}`;
    }),
    ...uncheckedDetails,
  ];
  const evidenceLinks = links(
    evidenceLinkOf(health.evidence),
    ...findings.map(f => {
      if (f.advisoryId) {
        return { title: f.advisoryId, url: osvLink(f.advisoryId) };
      }
      return f.link ? { title: f.packageName, url: f.link } : undefined;
    }),
  );
  if (attestation) {
    return attestedOutcome(attestation, details, evidenceLinks);
  }
  if (!health.usable) {
    return unknownOutcome(health.reason);
  }
  const counters = { unhealthyDependencies: findings.length };
  if (findings.length > 0) {
    return {
      status: 'fail',
      summary: `${plural(findings.length, 'unhealthy dependency', 'unhealthy dependencies')}: ${namedList(
        findings.map(f => `${f.packageName} ${f.version} (${f.kind})`),
      )}`,
      details,
      evidenceLinks,
      credit: 0,
      counters,
      actions: [...new Set(findings.map(dependencyHealthAction))],
    };
  }
  // Unknown is never pass: a required signal not checked proves nothing.
  if (missing.length > 0) {
    return unknownOutcome(
      `${missing.map(u => signalNames[u.signal]).join(' and ')} could not be checked`,
      {
        details,
        evidenceLinks,
        actions: [
          'let the collector reach the package registries, or declare the signals not required in readiness.dependencyHealth.requiredSignals',
        ],
      },
    );
  }
  const audited = auditedPackages(ctx);
  if (audited === 0) {
    return unknownOutcome('no locked dependencies were found to audit', {
      details,
      evidenceLinks,
      actions: ['commit a lockfile so dependencies can be audited'],
    });
  }
  return passOutcome(
    audited === undefined
      ? 'no unmaintained, unsound, deprecated or yanked dependencies'
      : `no unmaintained, unsound, deprecated or yanked dependencies in ${plural(audited, 'locked package')}`,
    { evidenceLinks, counters, details },
  );
};

/** `security.hardening`: SECURITY.md, dependency-update automation, CODEOWNERS. */
export const evaluateHardening: CheckEvaluator = ctx => {
  const files = ctx.evidence('repository-files');
  if (!files.usable) {
    return unknownOutcome(files.reason);
  }
  const parts = [
    {
      present: files.value.securityPolicy,
      name: 'SECURITY.md',
      action: 'add a SECURITY.md security policy',
    },
    {
      present: files.value.dependencyUpdates,
      name: 'dependency-update automation',
      action: 'configure dependency-update automation (Dependabot or Renovate)',
    },
    {
      present: files.value.codeowners,
      name: 'CODEOWNERS',
      action: 'add a CODEOWNERS file',
    },
  ];
  const missing = parts.filter(p => !p.present);
  const evidenceLinks = links(evidenceLinkOf(files.evidence));
  const credit = (parts.length - missing.length) / parts.length;
  if (missing.length === 0) {
    return passOutcome(
      'SECURITY.md, dependency-update automation and CODEOWNERS present',
      { evidenceLinks, credit },
    );
  }
  return {
    status: 'fail',
    summary: `missing ${missing.map(p => p.name).join(', ')}`,
    details: [],
    evidenceLinks,
    credit,
    actions: missing.map(p => p.action),
  };
};

function attestationOnly(
  kind: AttestationKind,
  action: string,
): CheckEvaluator {
  return ctx => {
    const current = ctx.currentAttestation(kind);
    if (current) {
      return attestedOutcome(current);
    }
    const expired = ctx.expiredAttestation(kind);
    // No attestation means the work was never recorded: a failure, not missing data.
    const outcome: CheckOutcome = {
      status: 'fail',
      summary: expired
        ? `the ${kind} attestation expired on ${day(expired.expiresAt)}`
        : `no current ${kind} attestation`,
      details: expired ? [expired.summary] : [],
      evidenceLinks: links(attestationLinkOf(expired)),
      credit: 0,
      actions: [action],
    };
    return outcome;
  };
}

/** `compliance.requirements`: a current compliance attestation. */
export const evaluateCompliance = attestationOnly(
  'compliance',
  'meet the compliance requirements and record a compliance attestation with its evidence link',
);

/** `security.certifications`: a current certification attestation. */
export const evaluateCertifications = attestationOnly(
  'certification',
  'obtain the required certification and record a certification attestation',
);
