import type {
  Finding,
  OpenVexDocument,
  Waiver,
} from '@readiness/plugin-readiness-common';
import { buildOpenVex, readOpenVexWaivers } from './openVex';

const document = (
  statements: Array<Partial<OpenVexDocument['statements'][number]>>,
): OpenVexDocument => ({
  '@context': 'https://openvex.dev/ns/v0.2.0',
  '@id': 'urn:uuid:1',
  author: 'CI',
  timestamp: '2026-12-01T00:00:00Z',
  version: 1,
  statements: statements.map(s => ({
    vulnerability: { name: 'CVE-2024-1' },
    products: [],
    status: 'not_affected',
    justification: 'component_not_present',
    ...s,
  })),
});

const packages = [
  { ecosystem: 'npm', name: '@scope/lib', version: '2.0.0' },
  { ecosystem: 'PyPI', name: 'ruamel-yaml', version: '0.18.0' },
];

describe('readOpenVexWaivers', () => {
  it('names the entity packages a product or subcomponent names, by package URL', () => {
    const { scopes, skipped } = readOpenVexWaivers(
      document([
        {
          products: [
            {
              '@id': 'pkg:oci/app@sha256%3Aabc',
              subcomponents: [{ '@id': 'pkg:npm/%40scope/lib@2.0.0' }],
            },
          ],
        },
        // PyPI names are compared normalised; no version names every one.
        { products: [{ identifiers: { purl: 'pkg:pypi/Ruamel.YAML' } }] },
        // Another version of the package is not this entity's.
        { products: [{ '@id': 'pkg:npm/%40scope/lib@1.0.0' }] },
        { status: 'fixed', products: [{ '@id': 'pkg:npm/%40scope/lib' }] },
      ]),
      packages,
    );
    expect(
      scopes.map(s => [s.statement, s.package, s.product, s.advisories]),
    ).toEqual([
      [0, '@scope/lib', 'pkg:npm/%40scope/lib@2.0.0', ['CVE-2024-1']],
      [1, 'ruamel-yaml', 'pkg:pypi/Ruamel.YAML', ['CVE-2024-1']],
    ]);
    expect(skipped).toEqual([
      { statement: 2, reason: 'no product is a package of this entity' },
      { statement: 3, reason: 'status fixed waives nothing' },
    ]);
  });
});

describe('buildOpenVex', () => {
  const waiver = (overrides: Partial<Waiver>): Waiver => ({
    id: 'w',
    checkId: 'security.vulnerabilities',
    reason: 'not reachable',
    owner: 'group:default/team',
    createdBy: 'user:default/a',
    createdAt: '2026-11-01T00:00:00.000Z',
    expiresAt: '2027-01-01T00:00:00.000Z',
    state: 'approved',
    advisories: ['GHSA-1', 'CVE-1'],
    ...overrides,
  });
  const finding = {
    kind: 'vulnerability',
    id: 'GHSA-1',
    aliases: ['CVE-1'],
    ecosystem: 'npm',
    package: 'lodash',
    version: '4.17.20',
  } as Finding;

  it('writes one statement per approved, current waiver of advisories, on the packages it covers', () => {
    const vex = buildOpenVex({
      entityRef: 'component:default/a',
      now: '2026-12-01T00:00:00.000Z',
      id: 'urn:uuid:x',
      findings: [finding],
      waivers: [
        waiver({}),
        waiver({ id: 'whole', advisories: undefined }),
        waiver({ id: 'pending', state: 'pending' }),
        waiver({ id: 'past', expiresAt: '2026-11-30T00:00:00.000Z' }),
        waiver({ id: 'elsewhere', advisories: ['GHSA-9'] }),
      ],
    });
    expect(vex).toMatchObject({
      '@context': 'https://openvex.dev/ns/v0.2.0',
      '@id': 'urn:uuid:x',
      version: 1,
    });
    expect(vex.statements).toEqual([
      {
        vulnerability: { name: 'GHSA-1', aliases: ['CVE-1'] },
        timestamp: '2026-11-01T00:00:00.000Z',
        products: [{ '@id': 'pkg:npm/lodash@4.17.20' }],
        status: 'not_affected',
        impact_statement: 'not reachable',
      },
    ]);
  });
});
