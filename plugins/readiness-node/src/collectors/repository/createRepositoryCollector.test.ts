import type { UrlReaderService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotModifiedError } from '@backstage/errors';
import type { VulnerabilitiesEvidenceValue } from '@readiness/plugin-readiness-common';
import {
  type AdvisoryFileReader,
  DirectoryAdvisorySource,
} from '../../advisories';
import {
  createCollectorContext,
  createMemoryInventoryStore,
} from '../../testUtils';
import type { CollectedEvidence } from '../types';
import { createRepositoryCollector } from './createRepositoryCollector';
import {
  inThreadRepositoryAnalyzer,
  type RepositoryAnalyzer,
} from './repositoryAnalyzer';

const lockfile = (version: string) =>
  JSON.stringify({
    name: 'app',
    lockfileVersion: 3,
    packages: {
      '': { name: 'app' },
      'node_modules/lodash': { version },
    },
  });

const lodashAdvisory = {
  id: 'GHSA-lodash-test',
  modified: '2026-12-01T00:00:00Z',
  summary: 'Prototype pollution in lodash',
  affected: [
    {
      package: { ecosystem: 'npm', name: 'lodash' },
      ranges: [
        { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] },
      ],
    },
  ],
};

function component(name: string, url: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: { 'backstage.io/source-location': `url:${url}` },
    },
    spec: {},
  };
}

/**
 * Repositories by URL, each at a revision (its etag); a read passing the
 * current etag answers NotModifiedError, as the SCM readers do.
 */
function fakeRepositories() {
  const repos = new Map<
    string,
    { etag: string; files: Record<string, string> }
  >();
  const reads: Array<{ url: string; etag?: string; notModified: boolean }> = [];
  const urlReader: UrlReaderService = {
    readUrl: jest.fn(),
    search: jest.fn(),
    async readTree(url, options) {
      const repo = repos.get(url)!;
      const notModified = options?.etag === repo.etag;
      reads.push({ url, etag: options?.etag, notModified });
      if (notModified) {
        throw new NotModifiedError();
      }
      const files = Object.entries(repo.files).filter(([path, content]) =>
        options?.filter
          ? options.filter(path, { size: Buffer.byteLength(content) })
          : true,
      );
      return {
        etag: repo.etag,
        files: async () =>
          files.map(([path, content]) => ({
            path,
            content: async () => Buffer.from(content),
          })),
        archive: jest.fn(),
        dir: jest.fn(),
      };
    },
  };
  return { repos, reads, urlReader };
}

/** An advisory directory in memory, whose records a test can add. */
function advisoryDirectory() {
  const files = new Map<string, string>();
  const reader: AdvisoryFileReader = {
    async listFiles() {
      return [...files.keys()];
    },
    async readFile(path) {
      return files.get(path.slice('/osv/'.length))!;
    },
  };
  return {
    files,
    source: new DirectoryAdvisorySource({
      directory: '/osv',
      reader,
      now: () => new Date('2026-12-03T00:00:00Z'),
    }),
  };
}

/** The analyzer, counting analyses and the lockfiles each parsed. */
function countingAnalyzer() {
  const parsed: string[][] = [];
  const analyzer: RepositoryAnalyzer = {
    async analyze(snapshot, patterns, options) {
      const facts = await inThreadRepositoryAnalyzer.analyze(
        snapshot,
        patterns,
        options,
      );
      parsed.push((facts.lockfiles.parsed ?? []).map(p => p.path));
      return facts;
    },
  };
  return { analyzer, parsed };
}

function vulnerabilities(evidence: CollectedEvidence[]) {
  const item = evidence.find(e => e.key === 'vulnerabilities')!;
  return item.value as VulnerabilitiesEvidenceValue;
}

const REPO = 'https://github.com/acme/shop/tree/main';

describe('createRepositoryCollector with a stored inventory', () => {
  it('reuses the stored inventory when the repository is not modified, and stamps it fresh', async () => {
    const { repos, reads, urlReader } = fakeRepositories();
    repos.set(REPO, {
      etag: 'rev-1',
      files: { 'package-lock.json': lockfile('4.17.20'), 'README.md': '# x' },
    });
    const { analyzer, parsed } = countingAnalyzer();
    const advisories = advisoryDirectory();
    advisories.files.set(
      'GHSA-lodash-test.json',
      JSON.stringify(lodashAdvisory),
    );
    const collector = createRepositoryCollector({
      advisories: advisories.source,
      inventory: createMemoryInventoryStore(),
      analyzer,
    });
    const entity = component('shop', REPO);

    const first = await collector.collect(
      entity,
      createCollectorContext({
        urlReader,
        now: new Date('2026-12-03T10:00:00Z'),
      }),
    );
    const second = await collector.collect(
      entity,
      createCollectorContext({
        urlReader,
        now: new Date('2026-12-04T10:00:00Z'),
      }),
    );

    expect(reads).toEqual([
      { url: REPO, etag: undefined, notModified: false },
      { url: REPO, etag: 'rev-1', notModified: true },
    ]);
    // Parsed once: the second collection analysed nothing.
    expect(parsed).toEqual([['package-lock.json']]);
    expect(vulnerabilities(second)).toEqual(vulnerabilities(first));
    expect(vulnerabilities(second).findings.map(f => f.advisoryId)).toEqual([
      'GHSA-lodash-test',
    ]);
    expect(second.find(e => e.key === 'repository-files')?.value).toEqual(
      first.find(e => e.key === 'repository-files')?.value,
    );
    // Not modified is a successful observation, not stale evidence.
    expect(new Set(second.map(e => e.observedAt))).toEqual(
      new Set(['2026-12-04T10:00:00.000Z']),
    );
  });

  it('reads and parses again when the etag changed', async () => {
    const { repos, reads, urlReader } = fakeRepositories();
    repos.set(REPO, {
      etag: 'rev-1',
      files: { 'package-lock.json': lockfile('4.17.20') },
    });
    const { analyzer, parsed } = countingAnalyzer();
    const advisories = advisoryDirectory();
    advisories.files.set(
      'GHSA-lodash-test.json',
      JSON.stringify(lodashAdvisory),
    );
    const collector = createRepositoryCollector({
      advisories: advisories.source,
      inventory: createMemoryInventoryStore(),
      analyzer,
    });
    const entity = component('shop', REPO);
    const before = await collector.collect(
      entity,
      createCollectorContext({ urlReader }),
    );
    repos.set(REPO, {
      etag: 'rev-2',
      files: { 'package-lock.json': lockfile('4.17.21') },
    });
    const after = await collector.collect(
      entity,
      createCollectorContext({ urlReader }),
    );
    const third = await collector.collect(
      entity,
      createCollectorContext({ urlReader }),
    );

    expect(reads.map(r => [r.etag, r.notModified])).toEqual([
      [undefined, false],
      ['rev-1', false],
      ['rev-2', true],
    ]);
    expect(parsed).toEqual([['package-lock.json'], ['package-lock.json']]);
    expect(vulnerabilities(before).findings).toHaveLength(1);
    expect(vulnerabilities(after).findings).toEqual([]);
    expect(vulnerabilities(third).findings).toEqual([]);
    expect(vulnerabilities(third).inventory).toEqual([
      expect.objectContaining({ name: 'lodash', version: '4.17.21' }),
    ]);
  });

  it('finds an advisory published since, with no repository read', async () => {
    const { repos, reads, urlReader } = fakeRepositories();
    repos.set(REPO, {
      etag: 'rev-1',
      files: { 'package-lock.json': lockfile('4.17.20') },
    });
    const { analyzer, parsed } = countingAnalyzer();
    const advisories = advisoryDirectory();
    const collector = createRepositoryCollector({
      advisories: advisories.source,
      inventory: createMemoryInventoryStore(),
      analyzer,
    });
    const entity = component('shop', REPO);
    const cycle = async () => {
      await collector.prepareCycle!(
        [entity],
        createCollectorContext({ urlReader }),
      );
      return collector.collect(entity, createCollectorContext({ urlReader }));
    };

    expect(vulnerabilities(await cycle()).findings).toEqual([]);
    advisories.files.set(
      'GHSA-lodash-test.json',
      JSON.stringify(lodashAdvisory),
    );
    const later = await cycle();

    expect(vulnerabilities(later).findings).toEqual([
      expect.objectContaining({
        advisoryId: 'GHSA-lodash-test',
        packageName: 'lodash',
        version: '4.17.20',
        lockfile: 'package-lock.json',
      }),
    ]);
    expect(reads.map(r => r.notModified)).toEqual([false, true]);
    expect(parsed).toHaveLength(1);
  });

  it('parses identical lockfiles once, whichever repository holds them', async () => {
    const { repos, urlReader } = fakeRepositories();
    const forks = ['a', 'b', 'c'].map(
      name => `https://github.com/acme/${name}/tree/main`,
    );
    for (const url of forks) {
      repos.set(url, {
        etag: `${url}@1`,
        files: {
          'package-lock.json': lockfile('4.17.20'),
          'services/api/package-lock.json': lockfile('4.17.20'),
        },
      });
    }
    const { analyzer, parsed } = countingAnalyzer();
    const inventory = createMemoryInventoryStore();
    const advisories = advisoryDirectory();
    advisories.files.set(
      'GHSA-lodash-test.json',
      JSON.stringify(lodashAdvisory),
    );
    const collector = createRepositoryCollector({
      advisories: advisories.source,
      inventory,
      analyzer,
    });

    const results = [];
    for (const [index, url] of forks.entries()) {
      results.push(
        await collector.collect(
          component(`fork-${index}`, url),
          createCollectorContext({ urlReader }),
        ),
      );
    }

    // The first repository parses its copies (nothing was stored before
    // it); the other repositories' copies are the stored result of the
    // same bytes under the same name.
    expect(parsed).toEqual([
      ['package-lock.json', 'services/api/package-lock.json'],
      [],
      [],
    ]);
    expect(inventory.lockfiles.size).toBe(1);
    expect(inventory.revisions.size).toBe(3);
    for (const evidence of results) {
      expect(
        vulnerabilities(evidence)
          .findings.map(f => f.lockfile)
          .sort(),
      ).toEqual(['package-lock.json', 'services/api/package-lock.json']);
    }
  });
});
