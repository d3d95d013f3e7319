import {
  type Evidence,
  type Finding,
  osvLink,
} from '@readiness/plugin-readiness-common';
import { findingCollectionFailures } from '../commands/baseline';
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

function location(finding: Finding) {
  return {
    ...(finding.file
      ? {
          physicalLocation: {
            artifactLocation: { uri: finding.file, uriBaseId: srcRoot },
          },
        }
      : {}),
    logicalLocations: [
      {
        name: `${finding.package}@${finding.version}`,
        fullyQualifiedName: `${finding.ecosystem}/${finding.package}@${finding.version}`,
        kind: 'package',
      },
    ],
  };
}

/**
 * The fingerprint code scanning tracks an alert by: the advisory, package,
 * version and lockfile (the finding's key without its kind, as before
 * findings existed, so open alerts keep matching).
 */
function fingerprint(finding: Finding) {
  return {
    'readinessFinding/v1': [
      finding.id,
      finding.ecosystem,
      finding.package,
      finding.version,
      finding.file ?? '',
    ].join('|'),
  };
}

function vulnerabilityResult(finding: Finding): {
  rule: ReportingDescriptor;
  result: Result;
} {
  const known = finding.severity in levels;
  const fix = finding.fixed.length
    ? `Fixed in ${finding.fixed.join(', ')}. ${sentence(finding.remediation)}`
    : `No fix available. ${sentence(finding.remediation)}`;
  const severityNote = known
    ? ''
    : ' The advisory gives no severity; reported as a warning.';
  const score =
    finding.cvss !== null
      ? finding.cvss.toFixed(1)
      : securitySeverity[finding.severity];
  const link = finding.link ?? osvLink(finding.id);
  return {
    rule: {
      id: finding.id,
      shortDescription: { text: finding.summary || finding.id },
      helpUri: link,
      help: {
        text: `Known vulnerability ${finding.id}${
          finding.aliases.length ? ` (${finding.aliases.join(', ')})` : ''
        }. See ${link}.`,
      },
      properties: {
        tags: ['security', 'vulnerability', finding.ecosystem],
        ...(score ? { 'security-severity': score } : {}),
      },
    },
    result: {
      ruleId: finding.id,
      level: known ? levels[finding.severity] : 'warning',
      message: {
        text: `${finding.package} ${finding.version} (${finding.ecosystem}) is affected by ${finding.id}: ${endSentence(finding.summary)} ${fix}${severityNote}`,
      },
      locations: [location(finding)],
      partialFingerprints: fingerprint(finding),
      properties: {
        severity: finding.severity,
        ...(finding.cvss !== null ? { cvssScore: finding.cvss } : {}),
        fixedVersions: finding.fixed,
        aliases: finding.aliases,
        scope: finding.scope,
        ...(finding.baseline ? { baseline: finding.baseline } : {}),
      },
    },
  };
}

function dependencyHealthResult(finding: Finding): {
  rule: ReportingDescriptor;
  result: Result;
} {
  const hasAdvisory = !finding.id.startsWith('readiness/');
  return {
    rule: {
      id: finding.id,
      shortDescription: {
        text: hasAdvisory ? finding.summary : `An ${finding.kind} dependency`,
      },
      ...(finding.link ? { helpUri: finding.link } : {}),
      properties: { tags: ['security', 'dependency-health', finding.kind] },
    },
    result: {
      ruleId: finding.id,
      // Not a known vulnerability, but a blocker of security.audit.
      level: 'warning',
      message: {
        text: `${finding.package} ${finding.version} (${finding.ecosystem}) is ${finding.kind}${
          hasAdvisory ? ` (${finding.id})` : ''
        }: ${endSentence(finding.summary)} ${sentence(finding.remediation)}`,
      },
      locations: [location(finding)],
      partialFingerprints: fingerprint(finding),
      properties: {
        kind: finding.kind,
        scope: finding.scope,
        ...(finding.baseline ? { baseline: finding.baseline } : {}),
      },
    },
  };
}

/**
 * A SARIF 2.1.0 log of a scan's findings (the report's `findings`, so the
 * two hold the same), for code-scanning tools: one result per known
 * vulnerability (the advisory id is the rule id, the severity the level, the
 * lockfile the location, the fixed versions in the message) and per
 * unmaintained, unsound, deprecated or yanked dependency (a warning). Other
 * checks (docs, TODO markers, CI) have no location in a file and stay in the
 * text, JSON and Markdown reports.
 *
 * Unreadable lockfiles become warnings of the run. When a lookup failed, the
 * run says `executionSuccessful: false` with the reason; `failed` tells the
 * caller so that no empty log replaces open alerts.
 */
export function formatSarif(options: {
  findings: readonly Finding[];
  /** The scan's evidence, for collection failures and unreadable lockfiles. */
  evidence: readonly Evidence[];
  /** Absolute `file:` URI of the scanned directory, ending in `/`. */
  rootUri: string;
}): { text: string; failed: string[] } {
  const rules = new Map<string, ReportingDescriptor>();
  const results: Result[] = [];
  const failures = findingCollectionFailures(options.evidence);
  const failed = failures.map(({ key, error }) => `${key}: ${error}`);
  const notifications: Notification[] = failures.map(({ key, error }) => ({
    level: 'error',
    message: { text: `${key} could not be collected: ${error}` },
  }));
  for (const finding of options.findings) {
    const { rule, result } =
      finding.kind === 'vulnerability'
        ? vulnerabilityResult(finding)
        : dependencyHealthResult(finding);
    if (!rules.has(rule.id)) {
      rules.set(rule.id, rule);
    }
    results.push(result);
  }
  const unreadable = options.evidence.flatMap(item =>
    item.key === 'vulnerabilities' ? (item.value?.unreadable ?? []) : [],
  );
  for (const { file, reason } of unreadable) {
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
