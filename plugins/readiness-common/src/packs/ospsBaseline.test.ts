import type { Entity } from '@backstage/catalog-model';
import { parseCheckDefinitions } from '../checks/definitions';
import { parseReadinessConfig, type ReadinessConfig } from '../config';
import { evaluateReadiness } from '../evaluation/evaluateReadiness';
import { attestation, daysFromNow, evidence, NOW } from '../testUtils/fixtures';
import type {
  Attestation,
  AttestationKind,
  Evidence,
  RepositoryFilesEvidenceValue,
  Tier,
  TierOrNone,
} from '../types';
import { readinessTiers } from '../types';
import { docsPackTable, type DocsPackRow } from './__testUtils__/docsTable';
import {
  ospsBaselinePack,
  ospsControls,
  readinessPacks,
  seedPack,
} from './index';

const controlIds = (text: string) =>
  [...text.matchAll(/OSPS-[A-Z]{2}-\d{2}\.\d{2}/g)].map(m => m[0]);

describe('the osps-baseline pack', () => {
  it('cites every control of the Baseline exactly once, at its level', () => {
    const cited = ospsBaselinePack.checks.flatMap(check => {
      const ids = controlIds(check.description);
      for (const id of ids) {
        const { level } = ospsControls.find(c => c.id === id)!;
        expect([id, check.tier]).toEqual([id, readinessTiers[level - 1]]);
      }
      return ids;
    });
    expect([...cited].sort()).toEqual(ospsControls.map(c => c.id).sort());
  });

  it('is valid check definitions: ids, rules and templates', () => {
    for (const pack of readinessPacks) {
      if (pack === seedPack) continue;
      // As config would give them: the parser sets thresholds and source.
      const asConfig = pack.checks.map(
        ({ thresholds: _t, source: _s, ...check }) => check,
      );
      expect(() =>
        parseCheckDefinitions(asConfig, { origin: pack.id }),
      ).not.toThrow();
      const ids = pack.checks.map(c => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(pack.checks.every(c => c.source === pack.id)).toBe(true);
    }
  });

  it.each(readinessPacks.map(pack => [pack.id]))(
    'is documented in docs/packs.md as it is defined: %s',
    packId => {
      const pack = readinessPacks.find(p => p.id === packId)!;
      const rows = docsPackTable(packId);
      expect(
        rows.map(r => [r.check, r.tier, r.severity, controlIds(r.controls)]),
      ).toEqual(
        pack.checks.map(c => [
          c.id,
          c.tier,
          c.severity,
          controlIds(c.description),
        ]),
      );
    },
  );
});

// A team's services switch to osps-baseline; the expected tiers come from
// the docs table and each fixture's evidence, not from the evaluation.
describe('switching team-a services to osps-baseline', () => {
  const config: ReadinessConfig = parseReadinessConfig({
    packs: [
      {
        pack: 'osps-baseline',
        appliesTo: {
          kind: 'component',
          'spec.type': 'service',
          'spec.owner': 'group:default/team-a',
        },
      },
    ],
  });

  const entity = (name: string, type: string, owner: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type, owner, lifecycle: 'production' },
  });

  const files = (
    present: Array<keyof RepositoryFilesEvidenceValue>,
    overrides: Partial<RepositoryFilesEvidenceValue> = {},
  ): Evidence =>
    evidence('repository-files', {
      readme: present.includes('readme'),
      docs: present.includes('docs'),
      runbook: false,
      securityPolicy: present.includes('securityPolicy'),
      dependencyUpdates: false,
      codeowners: false,
      license: present.includes('license'),
      contributing: present.includes('contributing'),
      readmeSections: ['Install', 'Usage'],
      ...overrides,
    });
  const lockfiles = (scannedPackages: number): Evidence =>
    evidence('vulnerabilities', {
      scannedPackages,
      findings: [],
      unreadable: [],
      unpinned: [],
    });
  const tests = evidence('tests', { passed: false, total: 10, failed: 2 });
  const attested = (...kinds: AttestationKind[]) =>
    kinds.map(k => attestation(k));
  const level1WithoutQa: AttestationKind[] = [
    'osps.ac-l1',
    'osps.br-l1',
    'osps.gv-l1',
    'osps.le-l1',
  ];
  const level2: AttestationKind[] = [
    'osps.ac-l2',
    'osps.br-l2',
    'osps.do-l2',
    'osps.gv-l2',
    'osps.le-l2',
    'osps.qa-l2',
    'osps.sa-l2',
    'osps.vm-l2',
  ];
  const level3: AttestationKind[] = [
    'osps.ac-l3',
    'osps.br-l3',
    'osps.do-l3',
    'osps.gv-l3',
    'osps.qa-l3',
    'osps.sa-l3',
  ];
  const allFiles = files([
    'readme',
    'securityPolicy',
    'license',
    'contributing',
  ]);

  const fixtures: Array<{
    entity: Entity;
    evidence: Evidence[];
    attestations: Attestation[];
  }> = [
    {
      entity: entity('bare', 'service', 'group:default/team-a'),
      evidence: [files(['readme']), lockfiles(0)],
      attestations: [],
    },
    {
      entity: entity('no-qa-attestation', 'service', 'group:default/team-a'),
      evidence: [allFiles, lockfiles(12), tests],
      attestations: attested(...level1WithoutQa, ...level2),
    },
    {
      entity: entity('level-1', 'service', 'group:default/team-a'),
      evidence: [allFiles, lockfiles(12)],
      attestations: attested(...level1WithoutQa, 'osps.qa-l1', ...level2),
    },
    {
      entity: entity('expired-sa', 'service', 'group:default/team-a'),
      evidence: [allFiles, lockfiles(12), tests],
      attestations: [
        ...attested(...level1WithoutQa, 'osps.qa-l1', ...level2.slice(0, -2)),
        attestation('osps.sa-l2', { expiresAt: daysFromNow(-1) }),
        attestation('osps.vm-l2'),
      ],
    },
    {
      entity: entity('level-2', 'service', 'group:default/team-a'),
      evidence: [allFiles, lockfiles(12), tests],
      attestations: attested(
        ...level1WithoutQa,
        'osps.qa-l1',
        ...level2,
        ...level3,
      ),
    },
    {
      entity: entity('level-3', 'service', 'group:default/team-a'),
      evidence: [allFiles, lockfiles(12), tests],
      attestations: attested(
        ...level1WithoutQa,
        'osps.qa-l1',
        ...level2,
        ...level3,
        'osps.vm-l3',
      ),
    },
  ];
  const others = [
    // Another team's service and team-a's library keep the seed.
    {
      entity: entity('other-team', 'service', 'group:default/team-b'),
      evidence: [allFiles, lockfiles(12), tests],
      attestations: attested(...level1WithoutQa),
    },
    {
      entity: entity('library', 'library', 'group:default/team-a'),
      evidence: [allFiles, lockfiles(12), tests],
      attestations: attested(...level1WithoutQa),
    },
  ];

  function evaluate(
    fixture: (typeof fixtures)[number],
    withConfig?: ReadinessConfig,
  ) {
    return evaluateReadiness({
      entityRef: `component:default/${fixture.entity.metadata.name}`,
      entity: fixture.entity,
      evidence: fixture.evidence,
      attestations: fixture.attestations,
      config: withConfig,
      now: NOW,
    });
  }

  /** Whether the fixture has what a docs row names, by the row alone. */
  function rowMet(row: DocsPackRow, fixture: (typeof fixtures)[number]) {
    const present = (path: string) => {
      if (row.source === 'attestation') {
        return fixture.attestations.some(
          a => a.kind === path && Date.parse(a.expiresAt) > Date.parse(NOW),
        );
      }
      const [key, field] = path.split('.');
      const item = fixture.evidence.find(e => e.key === key);
      const value = item?.value as Record<string, unknown> | undefined;
      if (!value) return false;
      return field === undefined || Boolean(value[field]);
    };
    return row.needs === 'all'
      ? row.paths.every(present)
      : row.paths.some(present);
  }

  function expectedTier(fixture: (typeof fixtures)[number]): TierOrNone {
    const rows = docsPackTable('osps-baseline');
    let achieved: TierOrNone = 'none';
    for (const tier of readinessTiers) {
      if (!rows.filter(r => r.tier === tier).every(r => rowMet(r, fixture))) {
        break;
      }
      achieved = tier as Tier;
    }
    return achieved;
  }

  it.each(fixtures.map(f => [f.entity.metadata.name, f]))(
    '%s gets the tier the docs table gives its evidence',
    (_name, fixture) => {
      const before = evaluate(fixture);
      const after = evaluate(fixture, config);
      expect(before.checks.map(c => c.id)).toEqual(
        seedPack.checks.map(c => c.id),
      );
      expect(after.checks.map(c => c.id)).toEqual(
        docsPackTable('osps-baseline').map(r => r.check),
      );
      expect(after.tier ?? 'none').toBe(expectedTier(fixture));
      // The pack raises no stop-work order, whatever fails.
      expect(after.stopWork.active).toBe(false);
    },
  );

  it('spreads the fixtures over every tier, so each row is exercised', () => {
    expect(new Set(fixtures.map(expectedTier))).toEqual(
      new Set(['none', ...readinessTiers]),
    );
  });

  it.each(others.map(f => [f.entity.metadata.name, f]))(
    'leaves %s on the seed, its report unchanged',
    (_name, fixture) => {
      expect(evaluate(fixture, config)).toEqual(evaluate(fixture));
    },
  );

  it('names the attestation to record when a group is not attested', () => {
    const report = evaluate(fixtures[0], config);
    const access = report.checks.find(c => c.id === 'osps.ac-l1')!;
    expect(access.status).toBe('fail');
    expect(access.summary).toBe(
      'no current osps.ac-l1 attestation for OSPS-AC-01.01, OSPS-AC-02.01, OSPS-AC-03.01, OSPS-AC-03.02',
    );
    expect(access.actions[0]).toContain('attestation of kind osps.ac-l1');
  });

  it('is unknown, not failed, where the evidence is missing or predates the field', () => {
    const report = evaluate(
      {
        entity: fixtures[0].entity,
        // As collected before the license and contributing fields existed.
        evidence: [
          files(['readme'], { license: undefined, contributing: undefined }),
        ],
        attestations: [],
      },
      config,
    );
    const status = (id: string) => report.checks.find(c => c.id === id)!.status;
    expect(status('osps.le-03-01')).toBe('unknown');
    expect(status('osps.gv-03-01')).toBe('unknown');
    expect(status('osps.qa-02-01')).toBe('unknown');
    expect(status('osps.qa-06-01')).toBe('unknown');
    expect(status('osps.vm-02-01')).toBe('fail');
  });

  it('takes a README heading on reporting issues as the defect guide', () => {
    const withHeading = (sections: string[]) =>
      evaluate(
        {
          entity: fixtures[0].entity,
          evidence: [files(['readme'], { readmeSections: sections })],
          attestations: [],
        },
        config,
      ).checks.find(c => c.id === 'osps.do-02-01')!.status;
    expect(withHeading(['Usage', 'Reporting issues'])).toBe('pass');
    expect(withHeading(['Usage', 'License'])).toBe('fail');
  });
});
