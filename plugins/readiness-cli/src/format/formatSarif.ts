import {
  dependencyHealthAction,
  type DependencyHealthFinding,
  type Evidence,
  type EvidenceOf,
  vulnerabilityAction,
  type VulnerabilityFinding,
} from '@readiness/plugin-readiness-common';
import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';

/** Where the scanned directory is; lockfile paths are relative to it. */
const srcRoot = 'SRCROOT';

const levels: Record<string, Result.level> = {
  critical: 'error',
  high: 'error',
  moderate: 'warning',
  medium: 'warning',
  low: 'note',
};

/** GitHub code scanning ranks security alerts by this 0-10 score. */
const securitySeverity: Record<string, string> = {
  critical: '9.5',
  high: '8.0',
  moderate: '5.5',
  medium: '5.5',
  low: '2.0',
};

/** Ends advisory text with one full stop; its case is the advisory's. */
function endSentence(text: string): string {
  return `${text.trim().replace(/(?<!\.)\.+$/, '')}.`;
}

/** An action from -common ("upgrade sqlx to ...") as a sentence. */
function sentence(action: string): string {
  return endSentence(`${action.charAt(0).toUpperCase()}${action.slice(1)}`);
}

/**
 * SARIF plain text as written: viewers read `[text](target)` in it as an
 * embedded link, so brackets, and a backslash before one, are escaped
 * (SARIF 2.1.0, 3.11.6).
 */
function plainText(text: string): string {
  return text.replace(/\\(?=[[\]])/g, '\\\\').replace(/[[\]]/g, '\\$&');
}

function valueOf<K extends Evidence['key']>(
  evidence: readonly Evidence[],
  key: K,
): EvidenceOf<K> | undefined {
  return evidence.find(item => item.key === key) as EvidenceOf<K> | undefined;
}

function location(
  lockfile: string | undefined,
  pkg: { ecosystem: string; packageName: string; version: string },
) {
  return {
    ...(lockfile
      ? {
          physicalLocation: {
            artifactLocation: { uri: lockfile, uriBaseId: srcRoot },
          },
        }
      : {}),
    logicalLocations: [
      {
        name: `${pkg.packageName}@${pkg.version}`,
        fullyQualifiedName: `${pkg.ecosystem}/${pkg.packageName}@${pkg.version}`,
        kind: 'package',
      },
    ],
  };
}

function vulnerabilityResult(finding: VulnerabilityFinding): {
  rule: ReportingDescriptor;
  result: Result;
} {
  const known = finding.severity in levels;
  const fix = finding.fixedVersions.length
    ? `Fixed in ${finding.fixedVersions.join(', ')}. ${sentence(vulnerabilityAction(finding))}`
    : sentence(vulnerabilityAction(finding));
  const severityNote = known
    ? ''
    : ' The advisory gives no severity; reported as a warning.';
  const score =
    finding.cvssScore !== undefined
      ? finding.cvssScore.toFixed(1)
      : securitySeverity[finding.severity];
  return {
    rule: {
      id: finding.advisoryId,
      shortDescription: { text: finding.summary || finding.advisoryId },
      helpUri: finding.link,
      help: {
        text: `Known vulnerability ${finding.advisoryId}${
          finding.aliases.length ? ` (${finding.aliases.join(', ')})` : ''
        }. See ${finding.link}.`,
      },
      properties: {
        tags: ['security', 'vulnerability', finding.ecosystem],
        ...(score ? { 'security-severity': score } : {}),
      },
    },
    result: {
      ruleId: finding.advisoryId,
      level: known ? levels[finding.severity] : 'warning',
      message: {
        text: `${finding.packageName} ${finding.version} (${finding.ecosystem}) is affected by ${finding.advisoryId}: ${endSentence(finding.summary)} ${fix}${severityNote}`,
      },
      locations: [location(finding.lockfile, finding)],
      partialFingerprints: {
        'readinessFinding/v1': [
          finding.advisoryId,
          finding.ecosystem,
          finding.packageName,
          finding.version,
          finding.lockfile ?? '',
        ].join('|'),
      },
      properties: {
        severity: finding.severity,
        ...(finding.cvssScore !== undefined
          ? { cvssScore: finding.cvssScore }
          : {}),
        fixedVersions: finding.fixedVersions,
        aliases: finding.aliases,
      },
    },
  };
}

function dependencyHealthResult(finding: DependencyHealthFinding): {
  rule: ReportingDescriptor;
  result: Result;
} {
  const ruleId = finding.advisoryId ?? `readiness/${finding.kind}-dependency`;
  return {
    rule: {
      id: ruleId,
      shortDescription: {
        text: finding.advisoryId
          ? finding.summary
          : `An ${finding.kind} dependency`,
      },
      ...(finding.link ? { helpUri: finding.link } : {}),
      properties: { tags: ['security', 'dependency-health', finding.kind] },
    },
    result: {
      ruleId,
      // Not a known vulnerability, but a blocker of security.audit.
      level: 'warning',
      message: {
        text: `${finding.packageName} ${finding.version} (${finding.ecosystem}) is ${finding.kind}${
          finding.advisoryId ? ` (${finding.advisoryId})` : ''
        }: ${endSentence(finding.summary)} ${sentence(dependencyHealthAction(finding))}`,
      },
      locations: [location(finding.lockfile, finding)],
      partialFingerprints: {
        'readinessFinding/v1': [
          ruleId,
          finding.ecosystem,
          finding.packageName,
          finding.version,
          finding.lockfile ?? '',
        ].join('|'),
      },
      properties: { kind: finding.kind },
    },
  };
}

/**
 * A SARIF 2.1.0 log of a scan's dependency findings, for code-scanning
 * tools: one result per known vulnerability (the advisory id is the rule id,
 * the severity the level, the lockfile the location, the fixed versions in
 * the message) and per unmaintained, deprecated or yanked dependency (a
 * warning). Other checks (docs, TODO markers, CI) have no location in a file
 * and stay in the text, JSON and Markdown reports.
 *
 * Unreadable lockfiles become warnings of the run. When a lookup failed, the
 * run says `executionSuccessful: false` with the reason; `failed` tells the
 * caller so that no empty log replaces open alerts.
 */
export function formatSarif(options: {
  evidence: readonly Evidence[];
  /** Absolute `file:` URI of the scanned directory, ending in `/`. */
  rootUri: string;
}): { text: string; failed: string[] } {
  const rules = new Map<string, ReportingDescriptor>();
  const results: Result[] = [];
  const add = ({
    rule,
    result,
  }: {
    rule: ReportingDescriptor;
    result: Result;
  }) => {
    if (!rules.has(rule.id)) {
      rules.set(rule.id, rule);
    }
    results.push(result);
  };

  const failed: string[] = [];
  const notifications: Notification[] = [];
  const vulnerabilities = valueOf(options.evidence, 'vulnerabilities');
  const health = valueOf(options.evidence, 'dependency-health');
  for (const item of [vulnerabilities, health]) {
    if (item?.error) {
      failed.push(`${item.key}: ${item.error}`);
      notifications.push({
        level: 'error',
        message: { text: `${item.key} could not be collected: ${item.error}` },
      });
    }
  }
  for (const finding of vulnerabilities?.value?.findings ?? []) {
    add(vulnerabilityResult(finding));
  }
  for (const finding of health?.value?.findings ?? []) {
    add(dependencyHealthResult(finding));
  }
  for (const { file, reason } of vulnerabilities?.value?.unreadable ?? []) {
    notifications.push({
      level: 'warning',
      message: { text: `${file} was not checked: ${reason}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: file, uriBaseId: srcRoot },
          },
        },
      ],
    });
  }

  const ruleIds = [...rules.keys()];
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'readiness',
            informationUri: 'https://github.com/readiness/readiness',
            rules: [...rules.values()],
          },
        },
        originalUriBaseIds: { [srcRoot]: { uri: options.rootUri } },
        invocations: [
          {
            executionSuccessful: failed.length === 0,
            toolExecutionNotifications: notifications,
          },
        ],
        results: results.map(result => ({
          ...result,
          ruleIndex: ruleIds.indexOf(result.ruleId!),
        })),
      },
    ],
  };
  // Every message text holds values from the repository and its advisories.
  const escaped = JSON.stringify(
    log,
    (key, value) =>
      key === 'text' && typeof value === 'string' ? plainText(value) : value,
    2,
  );
  return { text: `${escaped}\n`, failed };
}
