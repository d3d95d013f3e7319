import type { Entity } from '@backstage/catalog-model';
import { evaluateReadiness } from '@readiness/plugin-readiness-common';
import { resolve } from 'node:path';
import { DirectoryAdvisorySource, type AdvisorySource } from '../../advisories';
import { readLocalRepository } from '../../repository';
import { createCollectorContext } from '../../testUtils';
import { analyzeRepository } from './analyzeRepository';
import { createRepositoryCollector } from './createRepositoryCollector';

const examples = resolve(__dirname, '../../../../../examples');
const advisories = new DirectoryAdvisorySource({
  directory: resolve(examples, 'advisories'),
});
const now = new Date('2026-11-24T10:00:00Z');

async function analyze(repo: string, source: AdvisorySource = advisories) {
  const snapshot = await readLocalRepository(
    resolve(examples, repo),
    [examples],
    {
      include: () => true,
    },
  );
  return analyzeRepository(snapshot, { advisories: source, now });
}

function valueOf(evidence: Awaited<ReturnType<typeof analyze>>, key: string) {
  return evidence.find(e => e.key === key) as any;
}

describe('analyzeRepository', () => {
  it('finds the seed case in examples/claude-flow', async () => {
    const evidence = await analyze('claude-flow');

    const vulnerabilities = valueOf(evidence, 'vulnerabilities').value;
    expect(
      vulnerabilities.findings
        .map(
          (f: any) =>
            `${f.advisoryId} ${f.packageName} ${f.version} ${f.severity}`,
        )
        .sort(),
    ).toEqual([
      'RUSTSEC-2023-0071 rsa 0.9.8 medium',
      'RUSTSEC-2024-0363 sqlx 0.7.2 unknown',
    ]);
    expect(vulnerabilities.unreadable).toEqual([]);
    expect(vulnerabilities.scannedPackages).toBeGreaterThan(20);

    expect(
      valueOf(evidence, 'dependency-health')
        .value.findings.map((f: any) => `${f.packageName} ${f.kind}`)
        .sort(),
    ).toEqual(['paste unmaintained', 'yaml-rust unmaintained']);
    expect(valueOf(evidence, 'repository-files').value).toEqual({
      readme: true,
      docs: false,
      runbook: false,
      securityPolicy: false,
      dependencyUpdates: false,
      codeowners: false,
    });
    expect(valueOf(evidence, 'todo-markers').value).toEqual({ count: 75 });
    expect(valueOf(evidence, 'pipeline').value).toEqual({ exists: false });

    const report = evaluateReadiness({
      entityRef: 'component:default/claude-flow',
      evidence: evidence.map(e => ({ ...e, source: 'repository' }) as any),
      now: now.toISOString(),
    });
    expect(report.stopWork.active).toBe(true);
    expect([...report.stopWork.blockers].sort()).toEqual([
      'delivery.pipeline',
      'security.audit',
      'security.vulnerabilities',
    ]);
  });

  it('sees the documentation and policy files of a well-kept repository', async () => {
    const evidence = await analyze('payments-api');
    expect(valueOf(evidence, 'repository-files').value).toEqual({
      readme: true,
      docs: true,
      runbook: true,
      securityPolicy: true,
      dependencyUpdates: true,
      codeowners: true,
    });
    // CI is configured: whether it passes is for CI evidence to say.
    expect(valueOf(evidence, 'pipeline')).toBeUndefined();
  });

  it('reports unpinned requirements instead of calling them clean', async () => {
    const evidence = await analyze('ledger-worker');
    const { unpinned } = valueOf(evidence, 'vulnerabilities').value;
    expect(unpinned.map((u: any) => u.name)).toContain('boto3');
  });

  it('says which lockfile could not be read, and claims no clean dependency health', async () => {
    const snapshot = {
      location: '/repo',
      files: new Map([['Cargo.lock', 'this is [not toml']]),
      skipped: [],
    };
    const evidence = await analyzeRepository(snapshot, { advisories, now });
    const { unreadable } = valueOf(evidence, 'vulnerabilities').value;
    expect(unreadable).toEqual([
      {
        file: 'Cargo.lock',
        reason: expect.stringContaining('could not read Cargo.lock'),
      },
    ]);
    expect(valueOf(evidence, 'dependency-health').error).toContain(
      'could not read Cargo.lock',
    );
  });

  it('follows -r includes it has read and names the ones it has not', async () => {
    const snapshot = {
      location: '/repo',
      files: new Map([
        ['requirements.txt', '-r requirements/base.txt\n-r extra.txt\n'],
        ['requirements/base.txt', 'requests==2.31.0\n'],
      ]),
      skipped: [],
    };
    const evidence = await analyzeRepository(snapshot, { advisories, now });
    const value = valueOf(evidence, 'vulnerabilities').value;
    expect(value.scannedPackages).toBe(1);
    expect(value.unreadable).toEqual([
      {
        file: 'extra.txt',
        reason: 'included by requirements.txt but not read',
      },
    ]);
  });

  it('turns an advisory outage into errors, not into a clean result', async () => {
    const down: AdvisorySource = {
      findAdvisories: async () => {
        throw new Error('POST /v1/querybatch answered 503');
      },
    };
    const evidence = await analyze('claude-flow', down);
    expect(valueOf(evidence, 'vulnerabilities')).toMatchObject({
      error: 'advisory lookup failed: POST /v1/querybatch answered 503',
    });
    expect(valueOf(evidence, 'vulnerabilities').value).toBeUndefined();
    expect(valueOf(evidence, 'dependency-health').error).toContain('503');
  });
});

describe('createRepositoryCollector', () => {
  const entity = (sourceLocation: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'claude-flow',
      annotations: {
        'backstage.io/source-location': sourceLocation,
        'backstage.io/managed-by-location': `file:${examples}/entities.yaml`,
      },
    },
  });

  it('reads an entity repository from an allowed local root', async () => {
    const collector = createRepositoryCollector({
      advisories,
      allowedLocalRoots: [examples],
    });
    const evidence = await collector.collect(
      entity('dir:./claude-flow/'),
      createCollectorContext({ now }),
    );
    expect(evidence.map(e => e.key).sort()).toEqual([
      'dependency-health',
      'pipeline',
      'repository-files',
      'todo-markers',
      'vulnerabilities',
    ]);
  });

  it.each([
    [
      'outside the roots',
      'dir:../../../etc/',
      /outside the allowed local roots/,
    ],
    ['with no roots configured', 'dir:./claude-flow/', /no allowed roots/],
  ])('refuses a directory %s', async (_what, location, message) => {
    const collector = createRepositoryCollector({
      advisories,
      allowedLocalRoots: _what === 'outside the roots' ? [examples] : [],
    });
    await expect(
      collector.collect(entity(location), createCollectorContext({ now })),
    ).rejects.toThrow(message);
  });
});
