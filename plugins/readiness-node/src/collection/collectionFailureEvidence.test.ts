import { collectionFailureEvidence } from './collectionFailureEvidence';

describe('collectionFailureEvidence', () => {
  it('gives each key of the collector the reason, stale at once', () => {
    const at = new Date('2026-12-01T10:00:00Z');
    expect(
      collectionFailureEvidence(
        { id: 'repository', evidenceKeys: ['vulnerabilities', 'coverage'] },
        'repository could not collect: boom',
        at,
      ),
    ).toEqual([
      {
        source: 'repository',
        key: 'vulnerabilities',
        error: 'repository could not collect: boom',
        observedAt: '2026-12-01T10:00:00.000Z',
        staleAfter: '2026-12-01T10:00:00.000Z',
      },
      {
        source: 'repository',
        key: 'coverage',
        error: 'repository could not collect: boom',
        observedAt: '2026-12-01T10:00:00.000Z',
        staleAfter: '2026-12-01T10:00:00.000Z',
      },
    ]);
  });
});
