import {
  type CheckDefinition,
  type Evidence,
  evaluateReadiness,
  type ReadinessConfig,
} from '@readiness/plugin-readiness-common';
import { detachedEvidenceFields } from '../database/evidenceDetail';
import { evidenceDetailKeys } from './evidenceDetailKeys';

const now = '2026-12-06T12:00:00.000Z';
const stamp = {
  source: 'repository',
  observedAt: '2026-12-06T10:00:00.000Z',
  staleAfter: '2026-12-08T10:00:00.000Z',
};
const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'claude-flow', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

const packages = ['left-pad', 'lodash', 'express'].map((name, i) => ({
  ecosystem: 'npm',
  name,
  version: '1.0.0',
  license: i === 0 ? 'GPL-3.0-only' : 'MIT',
}));

/** Every built-in key, with the bulky parts a repository scan stores. */
const evidence = [
  { key: 'build', value: { succeeded: true, compilationErrors: 0 } },
  { key: 'tests', value: { passed: true, total: 120, failed: 0 } },
  { key: 'coverage', value: { linePercent: 85 } },
  {
    key: 'vulnerabilities',
    value: {
      scannedPackages: 3,
      findings: [
        {
          advisoryId: 'GHSA-aaaa-bbbb-cccc',
          aliases: [],
          ecosystem: 'npm',
          packageName: 'left-pad',
          version: '1.0.0',
          severity: 'high',
          summary: 'Prototype pollution',
          fixedVersions: ['1.0.1'],
          link: 'https://osv.dev/vulnerability/GHSA-aaaa-bbbb-cccc',
          lockfile: 'package-lock.json',
        },
      ],
      unreadable: [],
      unpinned: [],
      inventory: packages.map(({ license: _, ...p }) => ({
        ...p,
        files: ['package-lock.json'],
      })),
    },
  },
  { key: 'dependency-health', value: { findings: [] } },
  { key: 'pipeline', value: { exists: true, latestRunSucceeded: true } },
  {
    key: 'repository-files',
    value: { readme: true, docs: true, securityPolicy: true },
  },
  { key: 'todo-markers', value: { count: 3 } },
  { key: 'licenses', value: { packages } },
].map(item => ({ ...stamp, ...item })) as Evidence[];

/** The evidence as an evaluation under `config` reads it from the store. */
function asEvaluationReads(config: ReadinessConfig): Evidence[] {
  const read = new Set(evidenceDetailKeys(config));
  return evidence.map(item => {
    const fields = detachedEvidenceFields[item.key] ?? [];
    if (read.has(item.key) || fields.length === 0) {
      return item;
    }
    const value = { ...(item.value as object) } as Record<string, unknown>;
    fields.forEach(field => delete value[field]);
    return { ...item, value } as Evidence;
  });
}

const report = (config: ReadinessConfig, items: Evidence[]) =>
  evaluateReadiness({
    entityRef: 'component:default/claude-flow',
    entity,
    evidence: items,
    config,
    now,
  });

function ruleCheck(
  rule: string,
  extra: Partial<CheckDefinition> = {},
): ReadinessConfig {
  return {
    customChecks: [
      {
        id: 'acme.rule' as CheckDefinition['id'],
        tier: 'mvs',
        dimension: 'security',
        severity: 'major',
        title: 'A custom rule',
        description: 'A custom rule',
        thresholds: {},
        rule,
        ...extra,
      },
    ],
  };
}

const policy: ReadinessConfig = { licenses: { allow: ['MIT'] } };

describe('evidenceDetailKeys', () => {
  it.each<[string, ReadinessConfig]>([
    ['the seed checks', {}],
    ['the seed checks under a license policy', policy],
    [
      'osps-baseline, whose rules read scannedPackages',
      {
        packs: [{ pack: 'osps-baseline' }],
      },
    ],
    ['slsa-build', { packs: [{ pack: 'slsa-build' }] }],
    [
      'a rule over the inventory',
      ruleCheck('size(evidence.vulnerabilities.inventory) > 2'),
    ],
    [
      'a rule over the whole evidence',
      ruleCheck("evidence.exists(k, k == 'licenses')"),
    ],
  ])(
    'leaves out only what no check reads, %s: the report is the same',
    (_, config) => {
      expect(report(config, asEvaluationReads(config))).toEqual(
        report(config, evidence),
      );
    },
  );

  it('reads no detached part for the built-in checks, the license packages under a policy only', () => {
    expect(evidenceDetailKeys({})).toEqual([]);
    expect(evidenceDetailKeys({ packs: [{ pack: 'osps-baseline' }] })).toEqual(
      [],
    );
    expect(evidenceDetailKeys(policy)).toEqual(['licenses']);
    // compliance.licenses reads them under a policy: left out, it breaks.
    expect(() => report(policy, asEvaluationReads({}))).toThrow(/packages/);
  });

  it.each([
    [
      'evidence.vulnerabilities.inventory.exists(p, p.name == "x")',
      ['vulnerabilities'],
    ],
    ["evidence['vulnerabilities'].findings.size() == 0", ['vulnerabilities']],
    ['size(evidence.vulnerabilities) > 5', ['vulnerabilities']],
    [
      'evidence.vulnerabilities.exists(f, f == "inventory")',
      ['vulnerabilities'],
    ],
    ['evidence.licenses.packages.all(p, p.license != "")', ['licenses']],
    ['evidence.all(k, k != "")', ['licenses', 'vulnerabilities']],
    ['evidence.vulnerabilities.findings.size() == 0', []],
    ['evidence.licenses.unchecked.size() == 0 && has(evidence.build)', []],
  ])('a rule %s reads the detached parts of %p', (rule, keys) => {
    expect(evidenceDetailKeys(ruleCheck(rule))).toEqual(keys);
  });

  it('reads what a template placeholder names, not the words around it', () => {
    expect(
      evidenceDetailKeys(
        ruleCheck('has(evidence.build)', {
          summary: {
            pass: 'no vulnerabilities evidence needed',
            fail: '{{ evidence.vulnerabilities.inventory }}',
          },
        }),
      ),
    ).toEqual(['vulnerabilities']);
    expect(
      evidenceDetailKeys(
        ruleCheck('has(evidence.build)', {
          summary: { pass: 'the inventory of licenses evidence is not read' },
          remediation: ['read {{ evidence.build.branch }}'],
        }),
      ),
    ).toEqual([]);
  });
});
