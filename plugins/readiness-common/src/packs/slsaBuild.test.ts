import type { Entity } from '@backstage/catalog-model';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseReadinessConfig, type ReadinessPackSelection } from '../config';
import { evaluateReadiness } from '../evaluation/evaluateReadiness';
import { daysFromNow, NOW } from '../testUtils/fixtures';
import type { Evidence } from '../types';
import {
  getReadinessPack,
  selectReadinessPack,
  slsaBuildPack,
  slsaProvenanceEvidenceKind,
  slsaProvenanceEvidenceSchema,
  type SlsaProvenanceEvidenceValue,
} from './index';

const library: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'left-pad', namespace: 'default' },
  spec: {
    type: 'library',
    owner: 'group:default/team-a',
    lifecycle: 'production',
  },
};

const config = parseReadinessConfig({
  packs: [{ pack: 'slsa-build', appliesTo: { 'spec.type': 'library' } }],
});

const builder =
  'https://github.com/acme/left-pad/.github/workflows/release.yml@refs/tags/v1.0.0';

/** Provenance as CI pushes it: the push route stamps its lifetime. */
function provenance(
  flags: Partial<SlsaProvenanceEvidenceValue>,
  observedDaysAgo = 1,
): Evidence {
  const observedAt = daysFromNow(-observedDaysAgo);
  return {
    key: slsaProvenanceEvidenceKind.key,
    source: 'push',
    pushed: true,
    observedAt,
    staleAfter: new Date(
      Date.parse(observedAt) +
        slsaProvenanceEvidenceKind.lifetimeHours * 3_600_000,
    ).toISOString(),
    value: slsaProvenanceEvidenceSchema.parse({
      buildType: 'https://actions.github.io/buildtypes/workflow/v1',
      builderId: builder,
      ...flags,
    }),
  } as unknown as Evidence;
}

function levels(evidence: Evidence[]) {
  const report = evaluateReadiness({
    entityRef: 'component:default/left-pad',
    entity: library,
    evidence,
    config,
    now: NOW,
  });
  return {
    tier: report.tier ?? 'none',
    statuses: Object.fromEntries(report.checks.map(c => [c.id, c.status])),
    report,
  };
}

describe('the slsa-build pack', () => {
  it.each([
    [
      'provenance from a workstation',
      { hosted: false, signed: false },
      'mvs',
      { 'slsa.build-l1': 'pass', 'slsa.build-l2': 'fail' },
    ],
    [
      'signed provenance from a hosted builder',
      { hosted: true, signed: true, isolated: false, unforgeable: true },
      'production',
      { 'slsa.build-l2': 'pass', 'slsa.build-l3': 'fail' },
    ],
    [
      'a hardened builder',
      { hosted: true, signed: true, isolated: true, unforgeable: true },
      'enterprise',
      { 'slsa.build-l3': 'pass' },
    ],
    [
      'a hardened builder that did not sign',
      { hosted: true, signed: false, isolated: true, unforgeable: true },
      'mvs',
      { 'slsa.build-l2': 'fail', 'slsa.build-l3': 'pass' },
    ],
  ])('grades %s', (_name, flags, tier, statuses) => {
    const result = levels([provenance(flags)]);
    expect(result.tier).toBe(tier);
    expect(result.statuses).toMatchObject(statuses);
  });

  it('names the builder of passing provenance', () => {
    const { report } = levels([provenance({ hosted: true, signed: true })]);
    expect(report.checks.map(c => c.summary).slice(0, 2)).toEqual([
      `provenance from ${builder}`,
      `hosted build, provenance signed by ${builder}`,
    ]);
  });

  it('is unknown at every level without provenance, never failed', () => {
    const result = levels([]);
    expect(result.tier).toBe('none');
    expect(result.statuses).toEqual({
      'slsa.build-l1': 'unknown',
      'slsa.build-l2': 'unknown',
      'slsa.build-l3': 'unknown',
    });
    expect(result.report.checks[0].summary).toBe(
      'no build provenance was pushed',
    );
    expect(result.report.stopWork.active).toBe(false);
  });

  it('is unknown once the provenance is older than its lifetime', () => {
    const days = slsaProvenanceEvidenceKind.lifetimeHours / 24;
    expect(
      levels([provenance({ hosted: true }, days - 1)]).statuses,
    ).toMatchObject({
      'slsa.build-l1': 'pass',
    });
    expect(levels([provenance({ hosted: true }, days + 1)]).statuses).toEqual({
      'slsa.build-l1': 'unknown',
      'slsa.build-l2': 'unknown',
      'slsa.build-l3': 'unknown',
    });
  });

  it('leaves a level unknown when the provenance does not claim its flags', () => {
    expect(levels([provenance({ hosted: true })]).statuses).toEqual({
      'slsa.build-l1': 'pass',
      'slsa.build-l2': 'unknown',
      'slsa.build-l3': 'unknown',
    });
  });

  it('refuses provenance without a builder, or with a misspelt flag', () => {
    const base = { buildType: 'https://example.com/build', builderId: builder };
    expect(slsaProvenanceEvidenceSchema.safeParse(base).success).toBe(true);
    expect(
      slsaProvenanceEvidenceSchema.safeParse({ ...base, builderId: ' ' })
        .success,
    ).toBe(false);
    expect(
      slsaProvenanceEvidenceSchema.safeParse({ ...base, isolatd: true })
        .success,
    ).toBe(false);
  });

  it('accepts the provenance of the docs example', () => {
    const docs = readFileSync(
      resolve(__dirname, '../../../../docs/packs.md'),
      'utf8',
    );
    const body = JSON.parse(/\{"key":"slsa\.provenance".*\}/.exec(docs)![0]);
    expect(slsaProvenanceEvidenceSchema.parse(body.value)).toEqual(body.value);
  });

  it('ships the provenance kind for the backend to register', () => {
    expect(slsaBuildPack.evidenceKinds).toEqual([slsaProvenanceEvidenceKind]);
  });
});

describe('selectReadinessPack', () => {
  const service: Entity = {
    ...library,
    metadata: { name: 'api', namespace: 'default' },
    spec: { ...library.spec, type: 'service' },
  };

  it('takes the first entry that matches, else seed', () => {
    const selections: ReadinessPackSelection[] = [
      { pack: 'slsa-build', appliesTo: { 'spec.type': 'library' } },
      { pack: 'osps-baseline', appliesTo: { kind: 'component' } },
    ];
    expect(selectReadinessPack(selections, library).id).toBe('slsa-build');
    expect(selectReadinessPack(selections, service).id).toBe('osps-baseline');
    expect(
      selectReadinessPack(selections, { ...service, kind: 'API' }).id,
    ).toBe('seed');
    expect(selectReadinessPack(undefined, service).id).toBe('seed');
  });

  it('matches only entries without appliesTo when there is no entity', () => {
    expect(
      selectReadinessPack(
        [
          { pack: 'slsa-build', appliesTo: { 'spec.type': 'library' } },
          { pack: 'osps-baseline' },
        ],
        undefined,
      ).id,
    ).toBe('osps-baseline');
  });

  it('refuses an unknown pack id in config, naming the known ones', () => {
    expect(() => parseReadinessConfig({ packs: [{ pack: 'nist' }] })).toThrow(
      /packs\[0\]\.pack: unknown pack "nist"; the packs are seed, osps-baseline, slsa-build/,
    );
    expect(() => getReadinessPack('nist')).toThrow(/unknown pack "nist"/);
  });

  it('keeps custom checks on top of a pack, and seed overrides off it', () => {
    const report = evaluateReadiness({
      entityRef: 'component:default/left-pad',
      entity: library,
      evidence: [],
      config: parseReadinessConfig({
        packs: [{ pack: 'slsa-build' }],
        checks: {
          'build.clean': { tier: 'enterprise' },
          custom: [
            {
              id: 'acme.has-owner',
              title: 'Has an owner',
              tier: 'mvs',
              dimension: 'documentation',
              rule: 'has(entity.spec.owner)',
            },
          ],
        },
      }),
      now: NOW,
    });
    expect(report.checks.map(c => [c.id, c.status])).toEqual([
      ['slsa.build-l1', 'unknown'],
      ['slsa.build-l2', 'unknown'],
      ['slsa.build-l3', 'unknown'],
      ['acme.has-owner', 'pass'],
    ]);
  });

  it('reports the pack an entity was evaluated against', () => {
    expect(levels([]).report.pack).toBe('slsa-build');
  });
});
