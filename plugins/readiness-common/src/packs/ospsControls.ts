/**
 * The OpenSSF OSPS Baseline's assessment requirements, version 2026-02-19:
 * each id with the lowest maturity level it applies at (it then applies at
 * every higher level too) and a short paraphrase. Ids and levels are the
 * Baseline's; the wording is ours.
 */

/**
 * An OSPS Baseline maturity level.
 *
 * @public
 */
export type OspsLevel = 1 | 2 | 3;

/**
 * One OSPS Baseline assessment requirement, as the `osps-baseline` pack
 * cites it.
 *
 * @public
 */
export interface OspsControl {
  /** For example `OSPS-AC-01.01`. */
  id: string;
  /** The lowest maturity level the control applies at. */
  level: OspsLevel;
  /** What the control asks, in a few words. */
  title: string;
}

/**
 * The Baseline version the `osps-baseline` pack follows.
 *
 * @public
 */
export const ospsBaselineVersion = '2026-02-19';

const control = (id: string, level: OspsLevel, title: string) => ({
  id,
  level,
  title,
});

/**
 * Every assessment requirement of {@link ospsBaselineVersion}, by family.
 *
 * @public
 */
export const ospsControls: readonly OspsControl[] = [
  control('OSPS-AC-01.01', 1, 'MFA for sensitive repository actions'),
  control('OSPS-AC-02.01', 1, 'new collaborators get least privilege'),
  control('OSPS-AC-03.01', 1, 'no direct commits to the primary branch'),
  control('OSPS-AC-03.02', 1, 'deleting the primary branch needs confirmation'),
  control('OSPS-AC-04.01', 2, 'CI tasks default to the lowest permissions'),
  control('OSPS-AC-04.02', 3, 'CI jobs get only the privileges they need'),
  control('OSPS-BR-01.01', 1, 'CI sanitises untrusted metadata'),
  control('OSPS-BR-01.03', 1, 'untrusted code never reaches CI credentials'),
  control('OSPS-BR-01.04', 3, 'CI sanitises trusted collaborator input'),
  control('OSPS-BR-02.01', 2, 'each release has a unique version'),
  control('OSPS-BR-02.02', 3, 'release assets carry the release identifier'),
  control('OSPS-BR-03.01', 1, 'official project channels are encrypted'),
  control('OSPS-BR-03.02', 1, 'distribution channels are authenticated'),
  control('OSPS-BR-04.01', 2, 'releases have a change log'),
  control('OSPS-BR-05.01', 2, 'dependencies come in through standard tooling'),
  control(
    'OSPS-BR-06.01',
    2,
    'releases are signed or hashed in a signed manifest',
  ),
  control('OSPS-BR-07.01', 1, 'no unencrypted secrets in version control'),
  control('OSPS-BR-07.02', 3, 'a policy for managing secrets'),
  control('OSPS-DO-01.01', 1, 'user guides for basic functionality'),
  control('OSPS-DO-02.01', 1, 'a guide to reporting defects'),
  control('OSPS-DO-03.01', 3, 'how to verify release integrity'),
  control('OSPS-DO-03.02', 3, 'how to verify who authored a release'),
  control('OSPS-DO-04.01', 3, 'the scope and duration of support'),
  control('OSPS-DO-05.01', 3, 'when security updates end'),
  control('OSPS-DO-06.01', 2, 'how dependencies are selected and tracked'),
  control('OSPS-DO-07.01', 2, 'how to build the software'),
  control('OSPS-GV-01.01', 2, 'who has access to sensitive resources'),
  control('OSPS-GV-01.02', 2, 'the roles and responsibilities of members'),
  control('OSPS-GV-02.01', 1, 'a public place to discuss changes and problems'),
  control('OSPS-GV-03.01', 1, 'the contribution process is explained'),
  control(
    'OSPS-GV-03.02',
    2,
    'a contributor guide with acceptance requirements',
  ),
  control('OSPS-GV-04.01', 3, 'collaborators are reviewed before escalation'),
  control('OSPS-LE-01.01', 2, 'contributors assert their right to contribute'),
  control('OSPS-LE-02.01', 1, 'the source license is OSI or FSF approved'),
  control('OSPS-LE-02.02', 1, 'the release license is OSI or FSF approved'),
  control('OSPS-LE-03.01', 1, 'the license is in a LICENSE or COPYING file'),
  control('OSPS-LE-03.02', 1, 'released assets include the license'),
  control('OSPS-QA-01.01', 1, 'the repository is publicly readable'),
  control('OSPS-QA-01.02', 1, 'the change history is public'),
  control('OSPS-QA-02.01', 1, 'a dependency list of the direct dependencies'),
  control('OSPS-QA-02.02', 3, 'compiled releases ship with an SBOM'),
  control('OSPS-QA-03.01', 2, 'status checks pass, or are bypassed by hand'),
  control('OSPS-QA-04.01', 1, 'the codebases of the project are listed'),
  control('OSPS-QA-04.02', 3, 'subprojects are as strict as the main one'),
  control('OSPS-QA-05.01', 1, 'no generated executables in version control'),
  control('OSPS-QA-05.02', 1, 'no unreviewable binaries in version control'),
  control('OSPS-QA-06.01', 2, 'CI runs an automated test suite'),
  control('OSPS-QA-06.02', 3, 'when and how tests run is documented'),
  control('OSPS-QA-06.03', 3, 'major changes must add or update tests'),
  control('OSPS-QA-07.01', 3, 'a non-author human approves each change'),
  control('OSPS-SA-01.01', 2, 'design documentation of actions and actors'),
  control('OSPS-SA-02.01', 2, 'the external interfaces are described'),
  control('OSPS-SA-03.01', 2, 'a security assessment was performed'),
  control('OSPS-SA-03.02', 3, 'threat modelling and attack-surface analysis'),
  control(
    'OSPS-VM-01.01',
    2,
    'a coordinated disclosure policy with timeframes',
  ),
  control('OSPS-VM-02.01', 1, 'security contacts are documented'),
  control('OSPS-VM-03.01', 2, 'vulnerabilities can be reported privately'),
  control('OSPS-VM-04.01', 2, 'discovered vulnerabilities are published'),
  control('OSPS-VM-04.02', 3, 'non-affecting vulnerabilities are in a VEX'),
  control('OSPS-VM-05.01', 3, 'a remediation threshold for SCA findings'),
  control('OSPS-VM-05.02', 3, 'SCA violations are addressed before release'),
  control('OSPS-VM-05.03', 3, 'changes are blocked on vulnerable dependencies'),
  control('OSPS-VM-06.01', 3, 'a remediation threshold for SAST findings'),
  control('OSPS-VM-06.02', 3, 'changes are blocked on security weaknesses'),
];
