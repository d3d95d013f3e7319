import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RegistryHealthClient } from './RegistryHealthClient';
import { crateIndexPath, npmPackagePath } from './registryMetadata';

const NPM = 'https://npm.test';
const CRATES = 'https://crates-index.test';

// Trimmed from real answers: the abbreviated npm documents of `request`
// (deprecated in every version) and `@babel/core`, and sparse-index lines
// of `sqlx` (its 0.7.2 line is marked yanked for the test).
const fixture = (name: string) =>
  readFileSync(resolve(__dirname, '__fixtures__', name), 'utf8');

const server = setupServer();
registerMswTestHooks(server);

function fakeRegistries() {
  const requests: string[] = [];
  const accepts: string[] = [];
  server.use(
    http.get(`${NPM}/*`, ({ request }) => {
      const path = new URL(request.url).pathname;
      requests.push(path);
      accepts.push(request.headers.get('accept') ?? '');
      if (path === '/request') {
        return HttpResponse.text(fixture('npm-request.json'), {
          headers: { 'content-type': 'application/vnd.npm.install-v1+json' },
        });
      }
      if (path === '/@babel%2Fcore') {
        return HttpResponse.text(fixture('npm-babel-core.json'));
      }
      return HttpResponse.json({ error: 'Not found' }, { status: 404 });
    }),
    http.get(`${CRATES}/*`, ({ request }) => {
      const path = new URL(request.url).pathname;
      requests.push(path);
      if (path === '/sq/lx/sqlx') {
        return HttpResponse.text(fixture('crates-sqlx.ndjson'));
      }
      return new HttpResponse(null, { status: 404 });
    }),
  );
  return { requests, accepts };
}

function client(
  options: ConstructorParameters<typeof RegistryHealthClient>[0] = {},
) {
  return new RegistryHealthClient({
    npmBaseUrl: NPM,
    cratesIndexBaseUrl: CRATES,
    sleep: async () => undefined,
    ...options,
  });
}

const npm = (name: string, version: string) => ({
  ecosystem: 'npm',
  name,
  version,
});
const crate = (name: string, version: string) => ({
  ecosystem: 'crates.io',
  name,
  version,
});

describe('RegistryHealthClient', () => {
  it('reports deprecated npm versions and yanked crates, one request per package', async () => {
    const { requests, accepts } = fakeRegistries();
    const result = await client().checkPackages([
      npm('request', '2.88.0'),
      npm('request', '2.88.2'),
      npm('@babel/core', '7.24.0'),
      npm('@babel/core', '7.0.0-beta.4'),
      crate('sqlx', '0.7.2'),
      crate('sqlx', '0.8.1'),
      { ecosystem: 'PyPI', name: 'requests', version: '2.31.0' },
    ]);
    expect([...result.findings.values()]).toEqual([
      {
        ecosystem: 'npm',
        packageName: 'request',
        version: '2.88.0',
        kind: 'deprecated',
        summary:
          'request has been deprecated, see https://github.com/request/request/issues/3142',
      },
      expect.objectContaining({ packageName: 'request', version: '2.88.2' }),
      {
        ecosystem: 'crates.io',
        packageName: 'sqlx',
        version: '0.7.2',
        kind: 'yanked',
        summary: 'sqlx 0.7.2 was yanked from crates.io',
      },
    ]);
    expect(result.unchecked).toEqual([]);
    expect(requests.sort()).toEqual([
      '/@babel%2Fcore',
      '/request',
      '/sq/lx/sqlx',
    ]);
    // The abbreviated document, which still carries `deprecated`.
    expect(accepts[0]).toContain('application/vnd.npm.install-v1+json');
  });

  it('shares one request between concurrent callers and caches the answer', async () => {
    const { requests } = fakeRegistries();
    const registries = client();
    const [a, b] = await Promise.all([
      registries.checkPackages([npm('request', '2.88.0')]),
      registries.checkPackages([npm('request', '2.88.2')]),
    ]);
    expect(a.findings.size).toBe(1);
    expect(b.findings.size).toBe(1);
    await registries.checkPackages([npm('request', '2.88.0')]);
    expect(requests).toEqual(['/request']);
  });

  it('never takes a package it could not ask about as healthy', async () => {
    fakeRegistries();
    const result = await client().checkPackages([
      npm('request', '2.88.0'),
      npm('internal-only', '1.0.0'),
      npm('request', '9.9.9'),
      crate('sqlx', '0.8.1'),
      crate('not-on-the-index', '0.1.0'),
    ]);
    expect(result.findings.size).toBe(1);
    expect(result.unchecked).toEqual([
      {
        signal: 'npm-deprecated',
        reason:
          'npm registry request GET /internal-only failed with status 404 (and 1 more)',
        packages: 2,
      },
      {
        signal: 'crates-yanked',
        reason:
          'crates.io index request GET /no/t-/not-on-the-index failed with status 404',
        packages: 1,
      },
    ]);
  });

  it('asks nothing for a name no registry would publish', async () => {
    const { requests } = fakeRegistries();
    const result = await client().checkPackages([
      npm('../../admin', '1.0.0'),
      crate('serde/../../x', '1.0.0'),
    ]);
    expect(requests).toEqual([]);
    expect(result.unchecked.map(u => u.reason)).toEqual([
      '../../admin is not a valid package name for the npm registry',
      'serde/../../x is not a valid package name for the crates.io index',
    ]);
  });

  it('retries 429 and 5xx, honouring Retry-After', async () => {
    let calls = 0;
    server.use(
      http.get(`${NPM}/request`, () => {
        calls += 1;
        if (calls === 1) {
          return new HttpResponse(null, {
            status: 429,
            headers: { 'retry-after': '3' },
          });
        }
        if (calls === 2) {
          return new HttpResponse(null, { status: 503 });
        }
        return HttpResponse.text(fixture('npm-request.json'));
      }),
    );
    const sleeps: number[] = [];
    const result = await client({
      baseDelayMs: 100,
      sleep: async ms => {
        sleeps.push(ms);
      },
    }).checkPackages([npm('request', '2.88.2')]);
    expect(result.findings.size).toBe(1);
    expect(sleeps).toEqual([3000, 200]);
  });

  it('leaves a package unchecked when its metadata is over the byte cap', async () => {
    fakeRegistries();
    const result = await client({ maxResponseBytes: 100 }).checkPackages([
      npm('request', '2.88.2'),
    ]);
    expect(result.findings.size).toBe(0);
    expect(result.unchecked).toEqual([
      {
        signal: 'npm-deprecated',
        reason:
          'npm registry response from GET /request is larger than 100 bytes, the configured limit',
        packages: 1,
      },
    ]);
  });

  it('leaves a package unchecked when the index answer is not its index file', async () => {
    server.use(
      http.get(`${CRATES}/sq/lx/sqlx`, () =>
        HttpResponse.text('<html>captive portal</html>'),
      ),
    );
    const result = await client().checkPackages([crate('sqlx', '0.7.2')]);
    expect(result.unchecked).toEqual([
      {
        signal: 'crates-yanked',
        reason:
          'the crates.io index answer for sqlx is unreadable: line 1 of the index file of sqlx is not JSON',
        packages: 1,
      },
    ]);
  });

  it('offline, asks nothing and names each signal of a scanned ecosystem', async () => {
    const { requests } = fakeRegistries();
    const result = await client({ offline: true }).checkPackages([
      npm('request', '2.88.2'),
      npm('left-pad', '1.3.0'),
      crate('sqlx', '0.7.2'),
    ]);
    expect(requests).toEqual([]);
    expect(result.findings.size).toBe(0);
    expect(result.unchecked).toEqual([
      {
        signal: 'npm-deprecated',
        reason: 'offline: the npm registry was not asked',
        packages: 2,
      },
      {
        signal: 'crates-yanked',
        reason: 'offline: the crates.io index was not asked',
        packages: 1,
      },
    ]);
  });

  it('asks no registry whose URL is not configured, and says so', async () => {
    const { requests } = fakeRegistries();
    const result = await new RegistryHealthClient({
      cratesIndexBaseUrl: CRATES,
      sleep: async () => undefined,
    }).checkPackages([npm('request', '2.88.0'), crate('sqlx', '0.7.2')]);
    expect(requests).toEqual(['/sq/lx/sqlx']);
    expect([...result.findings.values()]).toEqual([
      expect.objectContaining({ packageName: 'sqlx', kind: 'yanked' }),
    ]);
    expect(result.unchecked).toEqual([
      {
        signal: 'npm-deprecated',
        reason: 'no npm registry URL is configured',
        packages: 1,
      },
    ]);
  });

  it('refuses a base URL that is not plain http or https', () => {
    expect(() => client({ npmBaseUrl: 'file:///etc' })).toThrow(
      'npm registry base URL must be http or https: file:///etc',
    );
  });
});

describe('registry paths', () => {
  it.each([
    ['a', '/1/a'],
    ['ab', '/2/ab'],
    ['abc', '/3/a/abc'],
    ['Serde', '/se/rd/serde'],
    ['serde_json', '/se/rd/serde_json'],
    ['../x', undefined],
  ])('crate %s is at %s', (name, path) => {
    expect(crateIndexPath(name)).toBe(path);
  });

  it.each([
    ['left-pad', '/left-pad'],
    ['@babel/core', '/@babel%2Fcore'],
    ['@scope/../x', undefined],
    ['a b', undefined],
  ])('npm package %s is at %s', (name, path) => {
    expect(npmPackagePath(name)).toBe(path);
  });
});
