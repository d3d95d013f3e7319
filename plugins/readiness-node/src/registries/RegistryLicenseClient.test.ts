import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { RegistryLicenseClient } from './RegistryLicenseClient';

const NPM = 'https://npm.test';
const PYPI = 'https://pypi.test';
const CRATES = 'https://crates-api.test';

const server = setupServer();
registerMswTestHooks(server);

// Shaped like the registries' real answers, trimmed to the fields read.
function fakeRegistries() {
  const requests: string[] = [];
  let throttled = 0;
  server.use(
    http.get(`${NPM}/*`, ({ request }) => {
      const path = decodeURIComponent(new URL(request.url).pathname);
      requests.push(`npm ${path}`);
      if (path === '/express/4.21.2') {
        return HttpResponse.json({
          name: 'express',
          version: '4.21.2',
          license: 'MIT',
        });
      }
      if (path === '/@babel/core/7.24.0') {
        return HttpResponse.json({
          name: '@babel/core',
          version: '7.24.0',
          license: { type: 'MIT' },
        });
      }
      if (path === '/legacy/1.0.0') {
        return HttpResponse.json({
          name: 'legacy',
          version: '1.0.0',
          licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }],
        });
      }
      if (path === '/unlicensed/1.0.0') {
        return HttpResponse.json({ name: 'unlicensed', version: '1.0.0' });
      }
      if (path === '/busy/1.0.0' && throttled++ === 0) {
        return new HttpResponse(null, {
          status: 429,
          headers: { 'retry-after': '1' },
        });
      }
      if (path === '/busy/1.0.0') {
        return HttpResponse.json({
          name: 'busy',
          version: '1.0.0',
          license: 'ISC',
        });
      }
      return HttpResponse.json({ error: 'Not found' }, { status: 404 });
    }),
    http.get(`${PYPI}/*`, ({ request }) => {
      const path = new URL(request.url).pathname;
      requests.push(`pypi ${path}`);
      if (path === '/pypi/requests/2.31.0/json') {
        return HttpResponse.json({
          info: {
            version: '2.31.0',
            license: 'Apache 2.0',
            license_expression: null,
          },
        });
      }
      if (path === '/pypi/django/5.0.0/json') {
        return HttpResponse.json({
          info: {
            version: '5.0.0',
            license: 'BSD License',
            license_expression: 'BSD-3-Clause',
          },
        });
      }
      return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
    }),
    http.get(`${CRATES}/*`, ({ request }) => {
      const path = new URL(request.url).pathname;
      requests.push(`crates ${path}`);
      if (path === '/api/v1/crates/serde/1.0.200') {
        return HttpResponse.json({
          version: { num: '1.0.200', license: 'MIT OR Apache-2.0' },
        });
      }
      if (path === '/api/v1/crates/huge/1.0.0') {
        return HttpResponse.text('x'.repeat(5000));
      }
      return HttpResponse.json({ errors: [] }, { status: 404 });
    }),
  );
  return { requests };
}

const client = (
  options: ConstructorParameters<typeof RegistryLicenseClient>[0] = {},
) =>
  new RegistryLicenseClient({
    npmBaseUrl: NPM,
    pypiBaseUrl: PYPI,
    cratesApiBaseUrl: CRATES,
    sleep: async () => undefined,
    ...options,
  });

const npm = (name: string, version = '1.0.0') => ({
  ecosystem: 'npm',
  name,
  version,
});

describe('RegistryLicenseClient', () => {
  it('reads each registry’s declared license of the locked version', async () => {
    fakeRegistries();
    const result = await client().findLicenses([
      npm('express', '4.21.2'),
      npm('@babel/core', '7.24.0'),
      npm('legacy'),
      npm('unlicensed'),
      { ecosystem: 'PyPI', name: 'requests', version: '2.31.0' },
      { ecosystem: 'PyPI', name: 'django', version: '5.0.0' },
      { ecosystem: 'crates.io', name: 'serde', version: '1.0.200' },
      { ecosystem: 'Go', name: 'github.com/x/y', version: '1.0.0' },
    ]);
    expect(Object.fromEntries(result.licenses)).toEqual({
      '["npm","express","4.21.2"]': 'MIT',
      '["npm","@babel/core","7.24.0"]': 'MIT',
      '["npm","legacy","1.0.0"]': 'MIT AND Apache-2.0',
      // The free-text field as written: the check finds it is not SPDX.
      '["PyPI","requests","2.31.0"]': 'Apache 2.0',
      '["PyPI","django","5.0.0"]': 'BSD-3-Clause',
      '["crates.io","serde","1.0.200"]': 'MIT OR Apache-2.0',
    });
    // A version stating no license is answered, not unchecked.
    expect(result.unchecked).toEqual([]);
  });

  it('asks once per version, caches, and retries a 429', async () => {
    const { requests } = fakeRegistries();
    const licenses = client();
    const first = await licenses.findLicenses([npm('busy'), npm('busy')]);
    const second = await licenses.findLicenses([npm('busy')]);
    expect(first.licenses.get('["npm","busy","1.0.0"]')).toBe('ISC');
    expect(second.licenses.get('["npm","busy","1.0.0"]')).toBe('ISC');
    expect(requests).toEqual(['npm /busy/1.0.0', 'npm /busy/1.0.0']);
  });

  it('counts versions it could not ask as unchecked, with the first reason', async () => {
    fakeRegistries();
    const result = await client({ maxResponseBytes: 1000 }).findLicenses([
      npm('missing'),
      npm('gone'),
      { ecosystem: 'crates.io', name: 'huge', version: '1.0.0' },
      npm('../../etc/passwd'),
    ]);
    expect(result.licenses.size).toBe(0);
    expect(result.unchecked).toHaveLength(2);
    expect(result.unchecked[0]).toMatchObject({ packages: 3 });
    expect(result.unchecked[0].reason).toMatch(/404|not a valid package/);
    expect(result.unchecked[1]).toMatchObject({ packages: 1 });
    expect(result.unchecked[1].reason).toMatch(/1000/);
  });

  it('asks nothing offline or without a configured URL', async () => {
    const { requests } = fakeRegistries();
    const offline = await client({ offline: true }).findLicenses([
      npm('express', '4.21.2'),
    ]);
    expect(offline.unchecked).toEqual([
      { reason: 'offline: the npm registry was not asked', packages: 1 },
    ]);
    const unconfigured = await new RegistryLicenseClient().findLicenses([
      { ecosystem: 'PyPI', name: 'requests', version: '2.31.0' },
    ]);
    expect(unconfigured.unchecked).toEqual([
      { reason: 'no PyPI JSON API URL is configured', packages: 1 },
    ]);
    expect(requests).toEqual([]);
  });
});
