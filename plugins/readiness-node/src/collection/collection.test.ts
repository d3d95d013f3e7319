import type { Entity } from '@backstage/catalog-model';
import { DirectoryAdvisorySource, OsvClient } from '../advisories';
import type { ReadinessCollector } from '../collectors/types';
import { collectEntityEvidence } from './collectEntityEvidence';
import { createAdvisorySource } from './createAdvisorySource';
import { createBuiltInCollectors } from './createBuiltInCollectors';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations: { 'pagerduty.com/service-id': 'P1' } },
  spec: { owner: 'team-a' },
};
const now = new Date('2026-12-01T00:00:00Z');

describe('createAdvisorySource', () => {
  it('reads a configured directory instead of the OSV API', () => {
    expect(
      createAdvisorySource({
        directory: '/advisories',
        osv: { baseUrl: 'http://osv.test' },
      }),
    ).toBeInstanceOf(DirectoryAdvisorySource);
  });

  it('asks the configured OSV API otherwise', () => {
    const source = createAdvisorySource({
      osv: { baseUrl: 'http://osv.test/prefix/' },
    });
    expect(source).toBeInstanceOf(OsvClient);
    expect((source as OsvClient).baseUrl).toBe('http://osv.test/prefix');
  });
});

describe('createBuiltInCollectors', () => {
  it('is the catalog and repository collectors, in that order', () => {
    expect(
      createBuiltInCollectors({
        advisories: createAdvisorySource({ directory: '/advisories' }),
      }).map(c => c.id),
    ).toEqual(['catalog', 'repository']);
  });
});

describe('collectEntityEvidence', () => {
  const failing: ReadinessCollector = {
    id: 'broken',
    evidenceKeys: ['build', 'tests'],
    async collect() {
      throw new Error('no route to host');
    },
  };
  const notApplicable: ReadinessCollector = {
    id: 'never',
    evidenceKeys: ['coverage'],
    appliesTo: () => false,
    async collect() {
      throw new Error('must not run');
    },
  };

  it('stamps each item with its collector, and words a failure as the backend does', async () => {
    const [catalog] = createBuiltInCollectors({
      advisories: createAdvisorySource({ directory: '/advisories' }),
    });
    const result = await collectEntityEvidence(
      entity,
      [catalog, failing, notApplicable],
      { now },
    );
    const reason = 'broken could not collect: Error: no route to host';
    expect(result.failures).toEqual([{ collectorId: 'broken', reason }]);
    expect(result.evidence).toEqual([
      expect.objectContaining({
        source: 'catalog',
        key: 'catalog',
        value: expect.objectContaining({
          owner: 'group:default/team-a',
          onCall: ['pagerduty.com/service-id'],
        }),
        observedAt: now.toISOString(),
      }),
      {
        source: 'broken',
        key: 'build',
        error: reason,
        observedAt: now.toISOString(),
        staleAfter: now.toISOString(),
      },
      {
        source: 'broken',
        key: 'tests',
        error: reason,
        observedAt: now.toISOString(),
        staleAfter: now.toISOString(),
      },
    ]);
  });

  it('reads no remote repository without a URL reader', async () => {
    const [, repository] = createBuiltInCollectors({
      advisories: createAdvisorySource({ directory: '/advisories' }),
    });
    const remote: Entity = {
      ...entity,
      metadata: {
        name: 'remote',
        annotations: {
          'backstage.io/source-location':
            'url:https://git.example/r/tree/main/',
        },
      },
    };
    const { failures } = await collectEntityEvidence(remote, [repository], {
      now,
    });
    expect(failures[0].reason).toContain('only local repositories');
  });
});
