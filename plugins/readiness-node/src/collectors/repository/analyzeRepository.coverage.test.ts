import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { evaluateReadiness } from '@readiness/plugin-readiness-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type AdvisorySource,
  DirectoryAdvisorySource,
  OsvClient,
} from '../../advisories';
import { readLocalRepository } from '../../repository';
import { analyzeRepository } from './analyzeRepository';

const examples = resolve(__dirname, '../../../../../examples');
const now = new Date('2026-11-24T10:00:00Z');

const server = setupServer();
registerMswTestHooks(server);

async function vulnerabilitiesCheck(repo: string, advisories: AdvisorySource) {
  const snapshot = await readLocalRepository(
    resolve(examples, repo),
    [examples],
    { include: () => true },
  );
  const evidence = await analyzeRepository(snapshot, { advisories, now });
  const report = evaluateReadiness({
    entityRef: `component:default/${repo}`,
    evidence: evidence.map(e => ({ ...e, source: 'repository' }) as any),
    now: now.toISOString(),
  });
  return {
    report,
    check: report.checks.find(c => c.id === 'security.vulnerabilities')!,
  };
}

describe('analyzeRepository: advisory coverage', () => {
  let withoutGo: string;
  beforeAll(async () => {
    // The examples' records, less the Go ones.
    withoutGo = await mkdtemp(join(tmpdir(), 'readiness-advisories-'));
    for (const ecosystem of ['crates.io', 'npm', 'PyPI']) {
      await cp(
        join(examples, 'advisories', ecosystem),
        join(withoutGo, ecosystem),
        { recursive: true },
      );
    }
  });
  afterAll(async () => {
    await rm(withoutGo, { recursive: true, force: true });
  });

  it('makes a Go module scanned against a directory with no Go records unknown, naming Go', async () => {
    const { check, report } = await vulnerabilitiesCheck(
      'inventory-api',
      new DirectoryAdvisorySource({ directory: withoutGo, maxAgeDays: 3650 }),
    );
    expect(check.status).toBe('unknown');
    expect(check.summary).toBe(
      `no advisory records for Go in directory ${withoutGo}`,
    );
    expect(report.advisorySources).toEqual([
      expect.objectContaining({
        kind: 'directory',
        uncovered: ['Go'],
        ecosystems: [
          expect.objectContaining({ ecosystem: 'crates.io', records: 4 }),
          expect.objectContaining({ ecosystem: 'npm', records: 3 }),
          expect.objectContaining({ ecosystem: 'PyPI', records: 1 }),
        ],
      }),
    ]);
  });

  it('passes the same module against a directory that covers Go within its age', async () => {
    const { check, report } = await vulnerabilitiesCheck(
      'inventory-api',
      new DirectoryAdvisorySource({
        directory: resolve(examples, 'advisories'),
        maxAgeDays: 3650,
      }),
    );
    expect(check.status).toBe('pass');
    expect(report.advisorySources?.[0].uncovered).toEqual([]);
  });

  it('makes it unknown when the newest record is older than the default 7 days, with the date', async () => {
    const { check } = await vulnerabilitiesCheck(
      'inventory-api',
      new DirectoryAdvisorySource({
        directory: resolve(examples, 'advisories'),
      }),
    );
    expect(check.status).toBe('unknown');
    expect(check.summary).toMatch(
      /^the advisory data in directory .* is stale: its newest record was modified on \d{4}-\d{2}-\d{2}, more than 7 days ago$/,
    );
  });

  it('states the OSV API as covering every ecosystem, live', async () => {
    server.use(
      http.post('http://osv.test/v1/querybatch', () =>
        HttpResponse.json({ results: [{}, {}] }),
      ),
    );
    const { check, report } = await vulnerabilitiesCheck(
      'inventory-api',
      new OsvClient({ baseUrl: 'http://osv.test' }),
    );
    expect(report.advisorySources).toEqual([
      { kind: 'osv-api', location: 'http://osv.test', uncovered: [] },
    ]);
    expect(check.status).toBe('pass');
  });
});
