import type { CheckDefinition, Dimension, Tier } from '../types';
import {
  type OspsLevel,
  ospsBaselineVersion,
  ospsControls,
} from './ospsControls';
import type { ReadinessPack } from './types';

const tierOfLevel: Record<OspsLevel, Tier> = {
  1: 'mvs',
  2: 'production',
  3: 'enterprise',
};

const familyTitles: Record<string, string> = {
  AC: 'Access control',
  BR: 'Build and release',
  DO: 'Documentation',
  GV: 'Governance',
  LE: 'Legal',
  QA: 'Quality',
  SA: 'Security assessment',
  VM: 'Vulnerability management',
};

const familyDimensions: Record<string, Dimension> = {
  AC: 'security',
  BR: 'build',
  DO: 'documentation',
  GV: 'documentation',
  LE: 'security',
  QA: 'build',
  SA: 'security',
  VM: 'security',
};

function controlOf(id: string) {
  const found = ospsControls.find(c => c.id === id);
  if (!found) {
    throw new Error(`Unknown OSPS Baseline control ${id}`);
  }
  return found;
}

function familyOf(id: string): string {
  return id.split('-')[1];
}

function describe(ids: readonly string[]): string {
  return ids.map(id => `${id}: ${controlOf(id).title}.`).join(' ');
}

// Baseline levels are what a project must meet, not reasons to stop
// deploying: no control is a blocker, level 3 is advisory.
function severityOf(level: OspsLevel): CheckDefinition['severity'] {
  return level === 3 ? 'minor' : 'major';
}

function definition(
  id: string,
  level: OspsLevel,
  title: string,
  controls: readonly string[],
  fields: Pick<CheckDefinition, 'rule' | 'summary' | 'remediation'> & {
    dimension: Dimension;
  },
): CheckDefinition {
  for (const control of controls) {
    if (controlOf(control).level !== level) {
      throw new Error(`${control} is not a level ${level} control`);
    }
  }
  return {
    id,
    tier: tierOfLevel[level],
    severity: severityOf(level),
    title,
    description: describe(controls),
    thresholds: {},
    source: 'osps-baseline',
    ...fields,
  };
}

/**
 * The attestation kind a person records for the controls of one family at
 * one level that no collector can see (`osps.ac-l1`); also the check's id.
 *
 * @public
 */
export function ospsAttestationKind(family: string, level: OspsLevel): string {
  return `osps.${family.toLocaleLowerCase('en-US')}-l${level}`;
}

/** The controls of a family and level that no evidence backs: attested. */
function attested(
  family: string,
  level: OspsLevel,
  controls: readonly string[],
): CheckDefinition {
  const kind = ospsAttestationKind(family, level);
  const list = controls.join(', ');
  return definition(
    kind,
    level,
    `${familyTitles[family]}, level ${level} (${controls.length === 1 ? controls[0] : `${controls.length} controls`})`,
    controls,
    {
      dimension: familyDimensions[family],
      rule: `'${kind}' in attestations`,
      summary: {
        pass: `${list} attested`,
        fail: `no current ${kind} attestation for ${list}`,
      },
      remediation: [
        `meet ${list} and record an attestation of kind ${kind} with a link to the proof`,
      ],
    },
  );
}

/** One control that collected evidence decides. */
function collected(
  control: string,
  fields: Pick<CheckDefinition, 'rule' | 'summary' | 'remediation'> & {
    title: string;
  },
): CheckDefinition {
  const { level } = controlOf(control);
  const family = familyOf(control);
  const { title, ...rest } = fields;
  return definition(
    `osps.${control.slice('OSPS-'.length).replace('.', '-').toLocaleLowerCase('en-US')}`,
    level,
    `${title} (${control})`,
    [control],
    { dimension: familyDimensions[family], ...rest },
  );
}

const files = "evidence['repository-files']";

const securityPolicy = (control: string, what: string) =>
  collected(control, {
    title: what,
    rule: `${files}.securityPolicy`,
    summary: {
      pass: 'SECURITY.md is present',
      fail: `no SECURITY.md: ${control} asks for ${controlOf(control).title.toLocaleLowerCase('en-US')}`,
    },
    remediation: [
      'add a SECURITY.md that names the security contacts, how to report a vulnerability privately and how soon you answer',
    ],
  });

// A README section naming how to report problems, for OSPS-DO-02.01.
const defectSection =
  '[Bb]ugs?|[Ii]ssues?|[Ss]upport|[Ff]eedback|[Rr]eport|[Cc]ontribut';

/**
 * The `osps-baseline` pack's checks: every control of the Baseline, those
 * that collected or pushed evidence decides as checks of their own, the
 * rest grouped by family and level into attestation checks.
 */
const ospsChecks: CheckDefinition[] = [
  // Level 1: Minimum Viable System.
  attested('AC', 1, [
    'OSPS-AC-01.01',
    'OSPS-AC-02.01',
    'OSPS-AC-03.01',
    'OSPS-AC-03.02',
  ]),
  attested('BR', 1, [
    'OSPS-BR-01.01',
    'OSPS-BR-01.03',
    'OSPS-BR-03.01',
    'OSPS-BR-03.02',
    'OSPS-BR-07.01',
  ]),
  collected('OSPS-DO-01.01', {
    title: 'User guide',
    rule: `${files}.readme`,
    summary: {
      pass: 'a README documents the basics',
      fail: 'no README to guide users',
    },
    remediation: ['add a README that explains how to install and use it'],
  }),
  collected('OSPS-DO-02.01', {
    title: 'Defect reporting guide',
    rule: `${files}.contributing || ${files}.readmeSections.exists(s, s.matches('${defectSection}'))`,
    summary: {
      pass: 'a contribution guide or README section says how to report defects',
      fail: 'neither a CONTRIBUTING guide nor a README section says how to report defects',
    },
    remediation: [
      'say how to report a defect, in CONTRIBUTING.md or a README section such as "Reporting issues"',
    ],
  }),
  attested('GV', 1, ['OSPS-GV-02.01']),
  collected('OSPS-GV-03.01', {
    title: 'Contribution process',
    rule: `${files}.contributing`,
    summary: {
      pass: 'CONTRIBUTING explains the contribution process',
      fail: 'no CONTRIBUTING guide',
    },
    remediation: ['add a CONTRIBUTING.md that explains how to contribute'],
  }),
  attested('LE', 1, ['OSPS-LE-02.01', 'OSPS-LE-02.02', 'OSPS-LE-03.02']),
  collected('OSPS-LE-03.01', {
    title: 'License file',
    rule: `${files}.license`,
    summary: {
      pass: 'the license is in a LICENSE or COPYING file',
      fail: 'no LICENSE or COPYING file at the root',
    },
    remediation: ['add the license text as LICENSE at the repository root'],
  }),
  attested('QA', 1, [
    'OSPS-QA-01.01',
    'OSPS-QA-01.02',
    'OSPS-QA-04.01',
    'OSPS-QA-05.01',
    'OSPS-QA-05.02',
  ]),
  collected('OSPS-QA-02.01', {
    title: 'Dependency list',
    rule: 'evidence.vulnerabilities.scannedPackages > 0.0',
    summary: {
      pass: 'a lockfile lists {{ evidence.vulnerabilities.scannedPackages }} dependencies',
      fail: 'no lockfile or manifest lists the dependencies',
    },
    remediation: [
      "commit the package manager's lockfile, so the direct dependencies are listed",
    ],
  }),
  securityPolicy('OSPS-VM-02.01', 'Security contacts'),

  // Level 2: Production Ready.
  attested('AC', 2, ['OSPS-AC-04.01']),
  attested('BR', 2, [
    'OSPS-BR-02.01',
    'OSPS-BR-04.01',
    'OSPS-BR-05.01',
    'OSPS-BR-06.01',
  ]),
  attested('DO', 2, ['OSPS-DO-06.01', 'OSPS-DO-07.01']),
  attested('GV', 2, ['OSPS-GV-01.01', 'OSPS-GV-01.02', 'OSPS-GV-03.02']),
  attested('LE', 2, ['OSPS-LE-01.01']),
  attested('QA', 2, ['OSPS-QA-03.01']),
  collected('OSPS-QA-06.01', {
    title: 'Automated tests in CI',
    rule: "has(evidence.tests) ? 'pass' : 'unknown'",
    summary: {
      pass: 'CI reported a test run on the default branch',
      unknown: 'no test run was reported: CI pushes tests evidence',
    },
    remediation: [],
  }),
  attested('SA', 2, ['OSPS-SA-01.01', 'OSPS-SA-02.01', 'OSPS-SA-03.01']),
  securityPolicy('OSPS-VM-01.01', 'Coordinated disclosure policy'),
  attested('VM', 2, ['OSPS-VM-03.01', 'OSPS-VM-04.01']),

  // Level 3: Enterprise Grade.
  attested('AC', 3, ['OSPS-AC-04.02']),
  attested('BR', 3, ['OSPS-BR-01.04', 'OSPS-BR-02.02', 'OSPS-BR-07.02']),
  attested('DO', 3, [
    'OSPS-DO-03.01',
    'OSPS-DO-03.02',
    'OSPS-DO-04.01',
    'OSPS-DO-05.01',
  ]),
  attested('GV', 3, ['OSPS-GV-04.01']),
  attested('QA', 3, [
    'OSPS-QA-02.02',
    'OSPS-QA-04.02',
    'OSPS-QA-06.02',
    'OSPS-QA-06.03',
    'OSPS-QA-07.01',
  ]),
  attested('SA', 3, ['OSPS-SA-03.02']),
  attested('VM', 3, [
    'OSPS-VM-04.02',
    'OSPS-VM-05.01',
    'OSPS-VM-05.02',
    'OSPS-VM-05.03',
    'OSPS-VM-06.01',
    'OSPS-VM-06.02',
  ]),
];

/**
 * The OpenSSF OSPS Baseline as a pack: maturity levels 1, 2 and 3 are the
 * MVS, Production Ready and Enterprise Grade tiers.
 *
 * @public
 */
export const ospsBaselinePack: ReadinessPack = {
  id: 'osps-baseline',
  title: 'OpenSSF OSPS Baseline',
  description: `The Open Source Project Security Baseline (${ospsBaselineVersion}): level 1 is MVS, level 2 Production Ready, level 3 Enterprise Grade. Controls that repository or CI evidence shows are checks of their own; the rest are attested by family and level.`,
  checks: ospsChecks,
};
