import type {
  Evidence,
  EvidenceKey,
  EvidenceValues,
  VulnerabilityFinding,
} from '@readiness/plugin-readiness-common';

/**
 * The two vulnerable crates of the incident report DESIGN.md starts from:
 * `rsa` 0.9.8 (no fix) and `sqlx` 0.7.2 (no severity given, fixed in 0.8.1).
 *
 * @public
 */
export const seedCaseFindings: Readonly<{
  rsa: VulnerabilityFinding;
  sqlx: VulnerabilityFinding;
}> = {
  rsa: {
    advisoryId: 'RUSTSEC-2023-0071',
    aliases: ['CVE-2023-49092', 'GHSA-c38w-74pg-36hr'],
    ecosystem: 'crates.io',
    packageName: 'rsa',
    version: '0.9.8',
    severity: 'medium',
    cvssScore: 5.9,
    summary:
      'Marvin Attack: potential key recovery through timing sidechannels',
    fixedVersions: [],
    link: 'https://rustsec.org/advisories/RUSTSEC-2023-0071.html',
    lockfile: 'Cargo.lock',
  },
  sqlx: {
    advisoryId: 'RUSTSEC-2024-0363',
    aliases: ['GHSA-xmrp-424f-vfpx'],
    ecosystem: 'crates.io',
    packageName: 'sqlx',
    version: '0.7.2',
    severity: 'unknown',
    summary:
      'Binary Protocol Misinterpretation caused by Truncating or Overflowing Casts',
    fixedVersions: ['0.8.1'],
    link: 'https://rustsec.org/advisories/RUSTSEC-2024-0363.html',
    lockfile: 'Cargo.lock',
  },
};

/**
 * The evidence of the incident report: a failing build with the given number
 * of compilation errors, the given vulnerabilities, unmaintained `yaml-rust`
 * and `paste`, 75 TODO markers, a README only and no deployment pipeline.
 *
 * @public
 */
export function seedCaseEvidence(options: {
  compilationErrors: number;
  findings: VulnerabilityFinding[];
  observedAt: string;
  staleAfter: string;
}): Evidence[] {
  const item = <K extends EvidenceKey>(key: K, value: EvidenceValues[K]) =>
    ({
      key,
      value,
      source: 'test',
      observedAt: options.observedAt,
      staleAfter: options.staleAfter,
    }) as Evidence;
  return [
    item('build', {
      succeeded: false,
      compilationErrors: options.compilationErrors,
      branch: 'main',
    }),
    item('vulnerabilities', {
      scannedPackages: 312,
      findings: options.findings,
      unreadable: [],
      unpinned: [],
    }),
    item('dependency-health', {
      findings: [
        {
          ecosystem: 'crates.io',
          packageName: 'yaml-rust',
          version: '0.4.5',
          kind: 'unmaintained',
          advisoryId: 'RUSTSEC-2024-0320',
          summary: 'yaml-rust is unmaintained',
        },
        {
          ecosystem: 'crates.io',
          packageName: 'paste',
          version: '1.0.15',
          kind: 'unmaintained',
          advisoryId: 'RUSTSEC-2024-0436',
          summary: 'paste is no longer maintained',
        },
      ],
    }),
    item('todo-markers', { count: 75 }),
    item('repository-files', {
      readme: true,
      docs: false,
      runbook: false,
      securityPolicy: false,
      dependencyUpdates: false,
      codeowners: false,
    }),
    item('pipeline', { exists: false }),
  ];
}
