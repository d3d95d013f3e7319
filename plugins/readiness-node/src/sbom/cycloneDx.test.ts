import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import {
  type Evidence,
  evaluateReadiness,
} from '@readiness/plugin-readiness-common';
import { resolve } from 'node:path';
import { DirectoryAdvisorySource, type AdvisorySource } from '../advisories';
import { analyzeRepository } from '../collectors/repository/analyzeRepository';
import { fixture, validFixtures } from '../lockfiles/__fixtures__/fixtures';
import { parseLockfile } from '../lockfiles';
import { readLocalRepository } from '../repository';
import { buildCycloneDxSbom, type CycloneDxBom } from './cycloneDx';

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
const now = new Date('2026-11-24T10:00:00Z');
const noAdvisories: AdvisorySource = { findAdvisories: async () => new Map() };

async function expectValidCycloneDx(bom: CycloneDxBom) {
  // null: no schema violation.
  expect(await validator.validate(JSON.stringify(bom))).toBeNull();
}

/** Evidence as the repository collector stores it. */
function sbomOf(collected: Array<Omit<Evidence, 'source'>>): CycloneDxBom {
  const evidence = collected.map(
    e => ({ ...e, source: 'repository' }) as Evidence,
  );
  const report = evaluateReadiness({
    entityRef: 'component:default/shop',
    evidence,
    now: now.toISOString(),
  });
  return buildCycloneDxSbom({
    report,
    evidence,
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
  });
}

const key = (p: { ecosystem: string; name: string; version: string }) =>
  `${p.ecosystem} ${p.name} ${p.version}`;

describe('buildCycloneDxSbom', () => {
  it.each(validFixtures)(
    'lists exactly the packages $fixture locks, as $name, and reads back the same',
    async ({ name, fixture: path }) => {
      const content = fixture(path);
      const locked = parseLockfile(name, content);
      expect(locked.error).toBeUndefined();
      expect(locked.packages.length).toBeGreaterThan(0);

      const evidence = await analyzeRepository(
        { location: '/repo', files: new Map([[name, content]]), skipped: [] },
        { advisories: noAdvisories, now },
      );
      const bom = sbomOf(evidence);
      await expectValidCycloneDx(bom);

      // None missing, none invented, each once, from its lockfile.
      expect(bom.components.map(c => `${c.name} ${c.version}`).sort()).toEqual(
        locked.packages.map(p => `${p.name} ${p.version}`).sort(),
      );
      for (const component of bom.components) {
        expect(component.evidence).toEqual({
          occurrences: [{ location: name }],
        });
      }
      expect(bom.compositions).toEqual([
        { aggregate: locked.unpinned.length > 0 ? 'incomplete' : 'complete' },
      ]);

      // Through the package URLs, the SBOM is the lockfile again.
      const reread = parseLockfile('bom.json', JSON.stringify(bom));
      expect(reread.error).toBeUndefined();
      expect(reread.unpinned).toEqual([]);
      expect(reread.packages.map(p => [key(p), p.dev])).toEqual(
        locked.packages
          .map(p => [key(p), p.dev])
          .sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
      );
    },
  );

  it('puts the known vulnerabilities, tier, score and stop-work of the seed case in', async () => {
    const examples = resolve(__dirname, '../../../../examples');
    const snapshot = await readLocalRepository(
      resolve(examples, 'claude-flow'),
      [examples],
      { include: () => true },
    );
    const evidence = await analyzeRepository(snapshot, {
      advisories: new DirectoryAdvisorySource({
        directory: resolve(examples, 'advisories'),
      }),
      now,
    });
    const bom = sbomOf(evidence);
    await expectValidCycloneDx(bom);

    const rsa = bom.components.find(c => c.name === 'rsa')!;
    expect(rsa).toMatchObject({
      'bom-ref': 'pkg:cargo/rsa@0.9.8',
      purl: 'pkg:cargo/rsa@0.9.8',
      version: '0.9.8',
      evidence: { occurrences: [{ location: 'Cargo.lock' }] },
    });
    const advisory = bom.vulnerabilities.find(
      v => v.id === 'RUSTSEC-2023-0071',
    )!;
    expect(advisory).toMatchObject({
      source: { name: 'RUSTSEC' },
      ratings: [{ severity: 'medium' }],
      affects: [{ ref: 'pkg:cargo/rsa@0.9.8' }],
    });
    expect(
      bom.vulnerabilities.find(v => v.id === 'RUSTSEC-2024-0363'),
    ).toMatchObject({
      affects: [{ ref: 'pkg:cargo/sqlx@0.7.2' }],
      recommendation: 'Upgrade to 0.8.1 or later.',
    });
    expect(bom.metadata.properties).toEqual(
      expect.arrayContaining([
        { name: 'readiness:tier', value: 'none' },
        { name: 'readiness:stop-work', value: 'active' },
        { name: 'readiness:score', value: expect.stringMatching(/^\d+$/) },
      ]),
    );
    expect(bom.metadata.component).toEqual({
      type: 'application',
      'bom-ref': 'component:default/shop',
      name: 'shop',
    });
  });

  it('says the inventory is unknown without a scan, and incomplete when a lockfile was unreadable', async () => {
    const none = sbomOf([]);
    await expectValidCycloneDx(none);
    expect(none.components).toEqual([]);
    expect(none.compositions).toEqual([{ aggregate: 'unknown' }]);

    const evidence = await analyzeRepository(
      {
        location: '/repo',
        files: new Map([
          ['Cargo.lock', fixture('cargo-v3/Cargo.lock')],
          ['web/package-lock.json', '{ not json'],
        ]),
        skipped: [],
      },
      { advisories: noAdvisories, now },
    );
    const partial = sbomOf(evidence);
    await expectValidCycloneDx(partial);
    expect(partial.components).toHaveLength(6);
    expect(partial.compositions).toEqual([{ aggregate: 'incomplete' }]);
    expect(partial.metadata.properties).toContainEqual({
      name: 'readiness:unreadable',
      value: 'web/package-lock.json: invalid JSON at line 1',
    });
  });
});
