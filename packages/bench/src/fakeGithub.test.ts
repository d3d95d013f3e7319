import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGithub, type FakeGithub } from './fakeGithub';
import { writeRepository } from './repository';

describe('startFakeGithub', () => {
  let root: string;
  let github: FakeGithub;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'readiness-bench-github-'));
    await writeRepository(join(root, 'repos', 'svc-a'), [
      ['package-lock.json', '{"lockfileVersion":3}'],
      ['.github/workflows/deploy.yml', 'name: Deploy\n'],
    ]);
    github = await startFakeGithub({ root, port: 0 });
  });
  afterAll(async () => {
    await github.close();
    await rm(root, { recursive: true });
  });
  beforeEach(() => github.reset());

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${github.apiBaseUrl}${path}`, {
      headers: { authorization: 'token client-a', ...headers },
    });
  const status = async () => {
    const response = await get('/repos/bench/svc-a/commits/main/status');
    expect(response.status).toBe(200);
    return {
      etag: response.headers.get('etag'),
      body: (await response.json()) as any,
    };
  };

  it('answers the commit look-up with the sha and an archive URL whose tarball holds the files under one folder', async () => {
    const { etag, body } = await status();
    expect(etag).toBe(`"${body.sha}"`);
    const archiveUrl = body.repository.archive_url
      .replace('{archive_format}', 'tarball')
      .replace('{/ref}', `/${body.sha}`);
    expect(archiveUrl.startsWith(github.apiBaseUrl)).toBe(true);
    const archive = await fetch(archiveUrl);
    expect(archive.status).toBe(200);
    const out = await mkdtemp(join(tmpdir(), 'readiness-bench-tar-'));
    try {
      execFileSync('tar', ['-xzf', '-', '-C', out], {
        input: Buffer.from(await archive.arrayBuffer()),
      });
      const folder = `bench-svc-a-${body.sha.slice(0, 7)}`;
      expect(
        await readFile(
          join(out, folder, '.github/workflows/deploy.yml'),
          'utf8',
        ),
      ).toBe('name: Deploy\n');
      expect(
        await readFile(join(out, folder, 'package-lock.json'), 'utf8'),
      ).toBe('{"lockfileVersion":3}');
    } finally {
      await rm(out, { recursive: true });
    }
    expect(github.counts).toMatchObject({
      requests: 2,
      status: 1,
      archives: 1,
      notModified: 0,
    });
    expect(github.archivesPerClient().get('anonymous')).toEqual(
      new Set(['svc-a']),
    );
  });

  it('answers a conditional request for the current sha with 304, and a commit changes the sha', async () => {
    const { etag, body } = await status();
    const unchanged = await get('/repos/bench/svc-a/commits/main/status', {
      'if-none-match': etag!,
    });
    expect(unchanged.status).toBe(304);
    expect(github.counts.notModified).toBe(1);

    github.commit('svc-a');
    const changed = await get('/repos/bench/svc-a/commits/main/status', {
      'if-none-match': etag!,
    });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as any).sha).not.toBe(body.sha);
    // An archive of a sha that is no longer the branch's is not served.
    const stale = await get(`/repos/bench/svc-a/tarball/${body.sha}`);
    expect(stale.status).toBe(404);
  });

  it('counts requests per repository and per client token, and refuses other owners and names', async () => {
    await status();
    await status();
    expect((await get('/repos/other/svc-a/commits/main/status')).status).toBe(
      404,
    );
    expect(
      (await get('/repos/bench/..%2F..%2Fetc/commits/main/status')).status,
    ).toBe(404);
    expect(github.requestsPerRepository()).toEqual(new Map([['svc-a', 2]]));
    expect(github.counts.byClient).toEqual({ 'client-a': 4 });
    expect(github.counts.status).toBe(2);
  });
});
