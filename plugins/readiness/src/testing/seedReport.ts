// Test fixtures: reports built by the real evaluation engine from the
// evidence of the incident report that DESIGN.md starts from.
import {
  evaluateReadiness,
  type Evidence,
  type EvidenceKey,
  type EvidenceValues,
  type ReadinessReport,
  type Waiver,
} from '@readiness/plugin-readiness-common';
import {
  seedCaseEvidence,
  seedCaseFindings,
} from '@readiness/plugin-readiness-common/testUtils';

export const seedEntityRef = 'component:default/legacy-billing';

const minute = 60 * 1000;
const day = 24 * 60 * minute;

function iso(ms: number) {
  return new Date(ms).toISOString();
}

const { rsa, sqlx } = seedCaseFindings;

function item<K extends EvidenceKey>(
  key: K,
  value: EvidenceValues[K],
  observedAt: string,
  staleAfter: string,
): Evidence {
  return {
    key,
    value,
    source: 'test',
    observedAt,
    staleAfter,
  } as Evidence;
}

/**
 * The seed case, first evaluated when the order began (97 errors, two
 * vulnerabilities), then re-evaluated five minutes ago with 40 errors left.
 */
export function seedReport(
  options: {
    extraEvidence?: Evidence[];
    waivers?: Waiver[];
    stale?: boolean;
    now?: number;
  } = {},
): ReadinessReport {
  const now = options.now ?? Date.now() - 5 * minute;
  const fresh = iso(now + 30 * day);
  const first = evaluateReadiness({
    entityRef: seedEntityRef,
    evidence: seedCaseEvidence({
      compilationErrors: 97,
      findings: [rsa, sqlx],
      observedAt: iso(now - 4 * day),
      staleAfter: fresh,
    }),
    now: iso(now - 3 * day),
  });
  return evaluateReadiness({
    entityRef: seedEntityRef,
    evidence: [
      ...seedCaseEvidence({
        compilationErrors: 40,
        findings: [rsa, sqlx],
        observedAt: iso(now - day),
        staleAfter: fresh,
      }).map(e =>
        // stale: the TODO scan is out of date, the rest is fresh
        options.stale && e.key === 'todo-markers'
          ? { ...e, staleAfter: iso(now - minute) }
          : e,
      ),
      ...(options.extraEvidence ?? []),
    ],
    waivers: options.waivers,
    previousStopWork: first.stopWork,
    now: iso(now),
  });
}

/** The seed case plus passing tests and a waiver: all four statuses. */
export function seedReportWithAllStatuses(): ReadinessReport {
  const now = Date.now() - 5 * minute;
  return seedReport({
    now,
    extraEvidence: [
      item(
        'tests',
        { passed: true, total: 12, failed: 0 },
        iso(now - day),
        iso(now + 30 * day),
      ),
    ],
    waivers: [
      {
        id: 'waiver-1',
        checkId: 'quality.tech-debt',
        reason: 'TODOs are tracked in the migration epic',
        owner: 'group:default/billing',
        createdBy: 'user:default/lead',
        createdAt: iso(now - 2 * day),
        expiresAt: '2099-01-31T00:00:00.000Z',
        state: 'approved',
      },
    ],
  });
}

/** A report without any evidence: every check is unknown. */
export function emptyReport(): ReadinessReport {
  return evaluateReadiness({
    entityRef: seedEntityRef,
    evidence: [],
    now: new Date().toISOString(),
  });
}

/** A report with healthy MVS evidence: no stop-work order. */
export function clearReport(): ReadinessReport {
  const now = Date.now();
  const observedAt = iso(now - day);
  const staleAfter = iso(now + 30 * day);
  return evaluateReadiness({
    entityRef: seedEntityRef,
    evidence: [
      item(
        'build',
        { succeeded: true, compilationErrors: 0, branch: 'main' },
        observedAt,
        staleAfter,
      ),
      item(
        'vulnerabilities',
        { scannedPackages: 40, findings: [], unreadable: [], unpinned: [] },
        observedAt,
        staleAfter,
      ),
      item('dependency-health', { findings: [] }, observedAt, staleAfter),
      item('tests', { passed: true, total: 3 }, observedAt, staleAfter),
      item(
        'pipeline',
        { exists: true, latestRunSucceeded: true },
        observedAt,
        staleAfter,
      ),
    ],
    now: iso(now),
  });
}

/** A clear report with a manual stop-work order issued by a person. */
export function manualStopWorkReport(): ReadinessReport {
  const clear = clearReport();
  return evaluateReadiness({
    entityRef: seedEntityRef,
    evidence: [],
    manualStopWork: {
      issuedBy: 'user:default/incident-commander',
      issuedAt: '2026-02-27T09:00:00.000Z',
      reason: 'Incident INC-42: data corruption under investigation',
    },
    now: clear.evaluatedAt,
  });
}

/**
 * The seed case after the build collector failed: the build evidence is
 * gone, so `build.clean` is unknown and keeps the order open.
 */
export function unverifiedBlockerReport(): ReadinessReport {
  const now = Date.now();
  const first = seedReport({ now: now - day });
  return evaluateReadiness({
    entityRef: seedEntityRef,
    evidence: seedCaseEvidence({
      compilationErrors: 40,
      findings: [rsa, sqlx],
      observedAt: iso(now - minute),
      staleAfter: iso(now + 30 * day),
    }).filter(e => e.key !== 'build'),
    previousStopWork: first.stopWork,
    now: iso(now),
  });
}
