import type { Finding } from '../types';
import { seedCaseEvidence, seedCaseFindings } from '../testUtils';
import { daysFromNow, evidence, NOW } from '../testUtils/fixtures';
import { evaluateReadiness } from './evaluateReadiness';
import {
  compareWithBaseline,
  deriveFindings,
  describeFindingSeverity,
  describeFix,
  findingKey,
} from './findings';

const seed = () =>
  seedCaseEvidence({
    compilationErrors: 97,
    findings: [seedCaseFindings.rsa, seedCaseFindings.sqlx],
    observedAt: daysFromNow(-1),
    staleAfter: daysFromNow(7),
  });

describe('deriveFindings', () => {
  it('makes one finding of every vulnerability and unhealthy dependency, every field present', () => {
    const findings = deriveFindings(seed(), NOW);

    expect(findings.map(f => [f.kind, f.id, f.package])).toEqual([
      ['vulnerability', 'RUSTSEC-2023-0071', 'rsa'],
      ['vulnerability', 'RUSTSEC-2024-0363', 'sqlx'],
      ['unmaintained', 'RUSTSEC-2024-0436', 'paste'],
      ['unmaintained', 'RUSTSEC-2024-0320', 'yaml-rust'],
    ]);
    expect(findings[0]).toEqual({
      kind: 'vulnerability',
      id: 'RUSTSEC-2023-0071',
      aliases: ['CVE-2023-49092', 'GHSA-c38w-74pg-36hr'],
      ecosystem: 'crates.io',
      package: 'rsa',
      version: '0.9.8',
      file: 'Cargo.lock',
      scope: 'unknown',
      severity: 'medium',
      cvss: 5.9,
      fixed: [],
      summary:
        'Marvin Attack: potential key recovery through timing sidechannels',
      remediation:
        'replace rsa or mitigate RUSTSEC-2023-0071: no fixed version exists',
      link: 'https://rustsec.org/advisories/RUSTSEC-2023-0071.html',
    });
    expect(findings[1]).toMatchObject({
      severity: 'unknown',
      cvss: null,
      fixed: ['0.8.1'],
      remediation: 'upgrade sqlx to 0.8.1 or later (RUSTSEC-2024-0363)',
    });
    expect(findings[3]).toEqual({
      kind: 'unmaintained',
      id: 'RUSTSEC-2024-0320',
      aliases: [],
      ecosystem: 'crates.io',
      package: 'yaml-rust',
      version: '0.4.5',
      file: null,
      scope: 'unknown',
      severity: 'informational',
      cvss: null,
      fixed: [],
      summary: 'yaml-rust is unmaintained',
      remediation: 'replace yaml-rust (unmaintained)',
      link: null,
    });
  });

  it('keeps one finding per lockfile, the scope the collector read, and no repeats', () => {
    const inApi = {
      ...seedCaseFindings.sqlx,
      lockfile: 'api/Cargo.lock',
      scope: 'prod' as const,
    };
    const inTools = {
      ...seedCaseFindings.sqlx,
      lockfile: 'tools/Cargo.lock',
      scope: 'dev' as const,
    };
    const findings = deriveFindings(
      [
        evidence('vulnerabilities', {
          scannedPackages: 2,
          findings: [inApi, inTools, inApi],
          unreadable: [],
          unpinned: [],
        }),
      ],
      NOW,
    );
    expect(findings.map(f => [f.file, f.scope])).toEqual([
      ['api/Cargo.lock', 'prod'],
      ['tools/Cargo.lock', 'dev'],
    ]);
  });

  it('names a dependency-health finding without an advisory by its kind', () => {
    const [finding] = deriveFindings(
      [
        evidence('dependency-health', {
          findings: [
            {
              ecosystem: 'npm',
              packageName: 'request',
              version: '2.88.2',
              kind: 'deprecated',
              summary: 'request has been deprecated',
              link: 'https://www.npmjs.com/package/request',
              lockfile: 'package-lock.json',
            },
          ],
        }),
      ],
      NOW,
    );
    expect(finding).toMatchObject({
      kind: 'deprecated',
      id: 'readiness/deprecated-dependency',
      file: 'package-lock.json',
      link: 'https://www.npmjs.com/package/request',
      remediation: 'replace request (deprecated)',
    });
  });

  it('reads the latest scan, as the checks do, and none from failed evidence', () => {
    const older = evidence(
      'vulnerabilities',
      {
        scannedPackages: 1,
        findings: [seedCaseFindings.rsa],
        unreadable: [],
        unpinned: [],
      },
      { observedAt: daysFromNow(-3) },
    );
    const newer = evidence('vulnerabilities', {
      scannedPackages: 1,
      findings: [seedCaseFindings.sqlx],
      unreadable: [],
      unpinned: [],
    });
    expect(deriveFindings([newer, older], NOW).map(f => f.id)).toEqual([
      'RUSTSEC-2024-0363',
    ]);
    expect(
      deriveFindings(
        [{ ...newer, value: undefined, error: 'OSV unreachable' }],
        NOW,
      ),
    ).toEqual([]);
  });

  it('is the report’s findings array', () => {
    const report = evaluateReadiness({
      entityRef: 'component:default/seed',
      evidence: seed(),
      now: NOW,
    });
    expect(report.findings).toEqual(deriveFindings(seed(), NOW));
    expect(
      evaluateReadiness({
        entityRef: 'component:default/empty',
        evidence: [],
        now: NOW,
      }).findings,
    ).toEqual([]);
  });
});

describe('findingKey and compareWithBaseline', () => {
  const [rsa, sqlx] = deriveFindings(seed(), NOW);

  it('keys a finding by what identifies it, not by what an advisory update changes', () => {
    const reworded: Finding = {
      ...sqlx,
      severity: 'high',
      summary: 'reworded',
    };
    expect(findingKey(reworded)).toBe(findingKey(sqlx));
    expect(findingKey({ ...sqlx, file: 'other/Cargo.lock' })).not.toBe(
      findingKey(sqlx),
    );
    expect(findingKey({ ...sqlx, version: '0.7.3' })).not.toBe(
      findingKey(sqlx),
    );
    // No separator inside a value makes two different findings one.
    expect(findingKey({ ...sqlx, package: 'a|b', version: 'c' })).not.toBe(
      findingKey({ ...sqlx, package: 'a', version: 'b|c' }),
    );
  });

  it('marks a finding known when the baseline has it, new otherwise', () => {
    const marked = compareWithBaseline([rsa, sqlx], [{ ...rsa }]);
    expect(marked.map(f => [f.id, f.baseline])).toEqual([
      ['RUSTSEC-2023-0071', 'known'],
      ['RUSTSEC-2024-0363', 'new'],
    ]);
    expect(compareWithBaseline([rsa], []).map(f => f.baseline)).toEqual([
      'new',
    ]);
  });

  it('says "no fix available" when no version fixes it', () => {
    expect(describeFix(rsa)).toBe('no fix available');
    expect(describeFix(sqlx)).toBe('fixed in 0.8.1');
  });

  it('describes the weight of a finding by severity and CVSS, or by its kind', () => {
    const paste = deriveFindings(seed(), NOW)[2];
    expect([rsa, sqlx, paste].map(f => describeFindingSeverity(f))).toEqual([
      'medium, CVSS 5.9',
      'severity unknown',
      'unmaintained',
    ]);
  });
});
