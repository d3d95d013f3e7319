import {
  evaluateReadiness,
  evidenceValueSchemas,
} from '@readiness/plugin-readiness-common';
import { resolve } from 'node:path';
import type { AdvisorySource } from '../../advisories';
import type { RegistryLicenseSource } from '../../registries';
import { readLocalRepository } from '../../repository';
import { analyzeRepository } from './analyzeRepository';
import { licenseEvidence } from './licenseEvidence';

const examples = resolve(__dirname, '../../../../../examples');
const now = new Date('2026-11-24T10:00:00Z');
const noAdvisories: AdvisorySource = {
  async findAdvisories() {
    return new Map();
  },
};

async function licensesOf(repo: string, licenses?: RegistryLicenseSource) {
  const snapshot = await readLocalRepository(
    resolve(examples, repo),
    [examples],
    { include: () => true },
  );
  const evidence = await analyzeRepository(snapshot, {
    advisories: noAdvisories,
    licenses,
    now,
  });
  return evidence.find(e => e.key === 'licenses')!;
}

const policy = { licenses: { allow: ['MIT', 'ISC', 'BSD-3-Clause'] } };

function verdict(item: Awaited<ReturnType<typeof licensesOf>>) {
  return evaluateReadiness({
    entityRef: 'component:default/example',
    evidence: [{ ...item, source: 'repository' } as any],
    config: policy,
    now: now.toISOString(),
  }).checks.find(c => c.id === 'compliance.licenses')!;
}

describe('license evidence', () => {
  it('reads the licenses package-lock.json records', async () => {
    const item = await licensesOf('payments-api');
    expect(item.value).toEqual({
      packages: [
        {
          ecosystem: 'npm',
          name: 'semver',
          version: '7.6.3',
          license: 'ISC',
          source: 'package-lock.json',
        },
        {
          ecosystem: 'npm',
          name: 'yaml',
          version: '2.6.1',
          license: 'ISC',
          source: 'package-lock.json',
        },
        {
          ecosystem: 'npm',
          name: 'zod',
          version: '3.23.8',
          license: 'MIT',
          source: 'package-lock.json',
        },
      ],
    });
    expect(verdict(item)).toMatchObject({
      status: 'pass',
      summary: '3 packages under allowed licenses',
    });
  });

  it('reads the licenses of an SBOM committed beside go.sum', async () => {
    const item = await licensesOf('inventory-api');
    expect((item.value as any).packages).toEqual([
      expect.objectContaining({
        name: 'github.com/google/uuid',
        license: 'BSD-3-Clause',
        source: 'bom.json',
      }),
      expect.objectContaining({
        name: 'github.com/shopspring/decimal',
        license: 'MIT',
        source: 'bom.json',
      }),
    ]);
    expect(verdict(item).status).toBe('pass');
  });

  it('asks the registries for what no file licenses, and names what stays unknown', async () => {
    const asked: string[] = [];
    const licenses: RegistryLicenseSource = {
      async findLicenses(packages) {
        asked.push(...packages.map(p => p.name));
        return {
          licenses: new Map([
            [
              JSON.stringify(['crates.io', 'sqlx', '0.7.2']),
              'MIT OR Apache-2.0',
            ],
          ]),
          unchecked: [
            { reason: 'the crates.io API answered 503', packages: 1 },
          ],
        };
      },
    };
    const item = await licensesOf('claude-flow', licenses);
    const value = item.value as any;
    expect(asked).toContain('sqlx');
    expect(value.packages.find((p: any) => p.name === 'sqlx')).toMatchObject({
      license: 'MIT OR Apache-2.0',
      source: 'registry',
    });
    expect(value.unchecked).toEqual([
      { reason: 'the crates.io API answered 503', packages: 1 },
    ]);
    const result = verdict(item);
    expect(result.status).toBe('unknown');
    expect(result.summary).toMatch(/^license unknown for \d+ packages: /);
  });

  it('keeps hostile input within the stored schema', async () => {
    const deep = `${'very-deep/'.repeat(40)}bom.json`;
    const value = await licenseEvidence(
      [
        {
          ecosystem: 'npm',
          name: 'a',
          version: '1.0.0',
          dev: false,
          path: deep,
          license: 'MIT',
        },
        {
          ecosystem: 'npm',
          name: 'b',
          version: '1.0.0',
          dev: false,
          path: 'bom.json',
        },
      ],
      {
        licenses: {
          async findLicenses() {
            return {
              licenses: new Map([
                [JSON.stringify(['npm', 'b', '1.0.0']), 'x'.repeat(300)],
              ]),
              unchecked: [],
            };
          },
        },
      },
    );
    expect(evidenceValueSchemas.licenses.safeParse(value).success).toBe(true);
    expect(value.packages[0].source).toMatch(/^….*bom\.json$/);
    // A registry answer too long to store is no license: unknown.
    expect(value.packages[1].license).toBeUndefined();
  });
});
