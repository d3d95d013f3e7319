import { evaluateReadiness } from '../evaluation/evaluateReadiness';
import { evidenceValueSchemas } from '../schemas';
import { daysFromNow, evidence, NOW } from '../testUtils/fixtures';
import type { AdvisorySourceReport, VulnerabilityFinding } from '../types';
import { advisorySourceGaps, describeAdvisorySource } from './advisorySources';

const directory = (
  overrides: Partial<AdvisorySourceReport> = {},
): AdvisorySourceReport => ({
  kind: 'directory',
  location: '/srv/osv',
  ecosystems: [
    { ecosystem: 'crates.io', records: 4, newestModified: daysFromNow(-2) },
    { ecosystem: 'npm', records: 1, newestModified: daysFromNow(-3) },
  ],
  uncovered: [],
  newestModified: daysFromNow(-2),
  maxAgeDays: 7,
  ...overrides,
});

const onlineApi: AdvisorySourceReport = {
  kind: 'osv-api',
  location: 'http://osv.test',
  uncovered: [],
};

const lodash: VulnerabilityFinding = {
  advisoryId: 'GHSA-35jh-r3h4-6jhm',
  aliases: [],
  ecosystem: 'npm',
  packageName: 'lodash',
  version: '4.17.20',
  severity: 'high',
  summary: 'command injection',
  fixedVersions: ['4.17.21'],
  link: 'https://osv.dev/vulnerability/GHSA-35jh-r3h4-6jhm',
};

function scanWith(
  advisorySource: AdvisorySourceReport | undefined,
  findings: VulnerabilityFinding[] = [],
) {
  const report = evaluateReadiness({
    entityRef: 'component:default/inventory-api',
    evidence: [
      evidence('vulnerabilities', {
        scannedPackages: 45,
        findings,
        unreadable: [],
        unpinned: [],
        ...(advisorySource ? { advisorySource } : {}),
      }),
    ],
    now: NOW,
  });
  return {
    report,
    check: report.checks.find(c => c.id === 'security.vulnerabilities')!,
  };
}

describe('advisory source coverage', () => {
  it('passes a clean scan by a fresh source that covers the ecosystems', () => {
    const { check, report } = scanWith(directory());
    expect(check.status).toBe('pass');
    expect(check.summary).toBe(
      'no known vulnerabilities in 45 locked packages',
    );
    expect(report.advisorySources).toEqual([directory()]);
  });

  it('makes a clean scan unknown when an ecosystem scanned has no records, naming it', () => {
    const { check } = scanWith(directory({ uncovered: ['Go'] }));
    expect(check.status).toBe('unknown');
    expect(check.summary).toBe(
      'no advisory records for Go in directory /srv/osv',
    );
    expect(check.actions).toContain(
      'give the advisory source current records for every ecosystem scanned (readiness advisories download)',
    );
  });

  it('makes a clean scan unknown when the newest record is older than maxAgeDays, with the date', () => {
    const { check } = scanWith(
      directory({ newestModified: '2026-02-20T08:00:00Z', maxAgeDays: 7 }),
    );
    expect(check.status).toBe('unknown');
    expect(check.summary).toBe(
      'the advisory data in directory /srv/osv is stale: its newest record was modified on 2026-02-20, more than 7 days ago',
    );
    // The same data within a longer configured age is fresh.
    expect(
      scanWith(
        directory({ newestModified: '2026-02-20T08:00:00Z', maxAgeDays: 30 }),
      ).check.status,
    ).toBe('pass');
  });

  it('judges the age at evaluation time and defaults it to 7 days', () => {
    const source = directory({
      newestModified: daysFromNow(-8),
      maxAgeDays: undefined,
    });
    expect(advisorySourceGaps(source, Date.parse(NOW))).toHaveLength(1);
    expect(
      advisorySourceGaps(source, Date.parse(daysFromNow(-2))),
    ).toHaveLength(0);
  });

  it('treats a copy with no dated record as of unknown age', () => {
    const { check } = scanWith(directory({ newestModified: undefined }));
    expect(check.status).toBe('unknown');
    expect(check.summary).toMatch(/age of the advisory data .* is unknown/);
  });

  it('never judges the live OSV API stale, but still names what it does not cover', () => {
    expect(scanWith(onlineApi).check.status).toBe('pass');
    expect(
      scanWith({ ...onlineApi, uncovered: ['Hackage'] }).check.summary,
    ).toBe('no advisory records for Hackage in OSV API http://osv.test');
  });

  it('still fails on a finding, and lists the coverage gap in the details', () => {
    const { check } = scanWith(directory({ uncovered: ['Go'] }), [lodash]);
    expect(check.status).toBe('fail');
    expect(check.details).toContain(
      'no advisory records for Go in directory /srv/osv',
    );
  });

  it('leaves reports without a stated source as they were', () => {
    const { check, report } = scanWith(undefined);
    expect(check.status).toBe('pass');
    expect(report.advisorySources).toBeUndefined();
  });

  it('describes the source in one line', () => {
    expect(describeAdvisorySource(directory({ uncovered: ['Go'] }))).toBe(
      `directory /srv/osv; crates.io 4 records, npm 1 record; newest ${daysFromNow(-2).slice(0, 10)} (max age 7 days); not covered: Go`,
    );
    expect(describeAdvisorySource(onlineApi)).toBe(
      'OSV API http://osv.test; every OSV ecosystem, live',
    );
  });

  it('keeps the source through the evidence schema and refuses a malformed one', () => {
    const value = {
      scannedPackages: 1,
      findings: [],
      unreadable: [],
      unpinned: [],
      advisorySource: directory({ uncovered: ['Go'] }),
    };
    expect(evidenceValueSchemas.vulnerabilities.parse(value)).toEqual(value);
    expect(
      evidenceValueSchemas.vulnerabilities.safeParse({
        ...value,
        advisorySource: { ...value.advisorySource, kind: 'ftp' },
      }).success,
    ).toBe(false);
    expect(
      evidenceValueSchemas.vulnerabilities.safeParse({
        ...value,
        advisorySource: { ...value.advisorySource, newestModified: 'soon' },
      }).success,
    ).toBe(false);
  });
});
