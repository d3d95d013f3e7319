import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { execFileSync } from 'node:child_process';
import {
  mkdir,
  mkdtemp,
  readFile,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { alice, permissions } from '../__testUtils__/testBackend';
import { writeNpmAdvisoryDirectory } from '../__testUtils__/advisoryDirectory';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { readinessPlugin } from '../plugin';

jest.setTimeout(60_000);

const server = setupServer();
registerMswTestHooks(server);

const linked: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'linked',
    namespace: 'default',
    annotations: {
      'backstage.io/source-location':
        'url:https://github.com/acme/linked/tree/main/',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team' },
};

/**
 * The repository as GitHub's tarball holds it: a clean package-lock.json,
 * and a yarn.lock that is a symbolic link to `locks/yarn-lock`, which locks
 * a vulnerable package. The tarball's entry for the link has no content.
 */
async function tarball(dir: string): Promise<Buffer> {
  const repo = join(dir, 'acme-linked-abc123');
  await mkdir(join(repo, 'locks'), { recursive: true });
  await writeFile(
    join(repo, 'package-lock.json'),
    JSON.stringify({
      name: 'linked',
      lockfileVersion: 3,
      packages: {
        '': { name: 'linked' },
        'node_modules/left-pad': { version: '1.3.0' },
      },
    }),
  );
  await writeFile(
    join(repo, 'locks', 'yarn-lock'),
    'vuln-pkg@^1.0.0:\n  version "1.0.0"\n',
  );
  await symlink('locks/yarn-lock', join(repo, 'yarn.lock'));
  execFileSync('tar', [
    '-czf',
    join(dir, 'repo.tgz'),
    '-C',
    dir,
    'acme-linked-abc123',
  ]);
  return readFile(join(dir, 'repo.tgz'));
}

describe('a symbolic link in a remote repository', () => {
  const databases = createTestDatabases();
  let root: string;
  let archive: Buffer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'readiness-remote-links-'));
    archive = await tarball(root);
    await writeNpmAdvisoryDirectory(join(root, 'osv'), {
      id: 'GHSA-test-0002',
      name: 'vuln-pkg',
      fixed: '2.0.0',
    });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it.each(databases.eachSupportedId())(
    'keeps the vulnerability check unknown, naming the lockfile, on %p',
    async databaseId => {
      server.use(
        // The test's own requests to the backend.
        http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()),
        http.get(
          'https://api.github.com/repos/acme/linked/commits/main/status',
          () =>
            HttpResponse.json({
              sha: 'abc123',
              repository: {
                archive_url:
                  'https://api.github.com/repos/acme/linked/{archive_format}{/ref}',
              },
            }),
        ),
        http.get(
          'https://api.github.com/repos/acme/linked/tarball/abc123',
          () => new HttpResponse(archive),
        ),
      );
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          readinessPlugin,
          catalogServiceMock.factory({ entities: [linked] }),
          permissions.factory,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              readiness: {
                advisories: { directory: join(root, 'osv') },
              },
            },
          }),
        ],
      });
      try {
        const response = await request(backend.server)
          .post('/api/readiness/v1/entities/component/default/linked/refresh')
          .set('Authorization', mockCredentials.user.header(alice));
        expect(response.status).toBe(200);
        const check = response.body.checks.find(
          (c: { id: string }) => c.id === 'security.vulnerabilities',
        );
        // Read as an empty yarn.lock, the link gave "no known
        // vulnerabilities" from package-lock.json alone.
        expect(check.status).toBe('unknown');
        expect(check.summary).toMatch(
          /^could not read yarn\.lock: empty in the repository archive, where a symbolic link/,
        );
      } finally {
        await backend.stop();
      }
    },
  );
});
