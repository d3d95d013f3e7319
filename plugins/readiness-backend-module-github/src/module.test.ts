import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  CollectorRegistry,
  readinessCollectorsExtensionPoint,
} from '@readiness/plugin-readiness-node';
import { createCollectorContext } from '@readiness/plugin-readiness-node/testUtils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readinessModuleGithub } from './module';

const server = setupServer();
registerMswTestHooks(server);

/**
 * Stands in for the Readiness backend, which is not a dependency of this
 * package: it owns the extension point the way the real plugin does.
 */
function fakeReadinessPlugin(registry: CollectorRegistry) {
  return createBackendPlugin({
    pluginId: 'readiness',
    register(env) {
      env.registerExtensionPoint(readinessCollectorsExtensionPoint, registry);
      env.registerInit({ deps: {}, async init() {} });
    },
  });
}

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'x',
    annotations: { 'github.com/project-slug': 'acme/x' },
  },
  spec: { type: 'service', owner: 'team', lifecycle: 'production' },
};

describe('readinessModuleGithub', () => {
  it('adds the github-actions collector, configured from app-config', async () => {
    const registry = new CollectorRegistry();
    await startTestBackend({
      features: [
        fakeReadinessPlugin(registry),
        readinessModuleGithub,
        mockServices.rootConfig.factory({
          data: {
            integrations: { github: [{ host: 'github.com', token: 't' }] },
            readiness: { github: { buildWorkflowPattern: '^verify$' } },
          },
        }),
      ],
    });

    const collector = registry.get('github-actions');
    expect(collector?.evidenceKeys).toEqual(['build', 'pipeline']);

    const authorizations = new Set<string | null>();
    const verify = { id: 1, name: 'verify', path: '.github/workflows/v.yml' };
    server.use(
      http.get('https://api.github.com/repos/acme/x', ({ request }) => {
        authorizations.add(request.headers.get('authorization'));
        return HttpResponse.json({ default_branch: 'trunk' });
      }),
      http.get(
        'https://api.github.com/repos/acme/x/actions/workflows',
        ({ request }) => {
          authorizations.add(request.headers.get('authorization'));
          return HttpResponse.json({ total_count: 1, workflows: [verify] });
        },
      ),
      http.get(
        'https://api.github.com/repos/acme/x/actions/runs',
        ({ request }) => {
          authorizations.add(request.headers.get('authorization'));
          return HttpResponse.json({
            workflow_runs: [
              {
                id: 5,
                workflow_id: 1,
                head_branch: 'trunk',
                head_sha: 'abc',
                event: 'push',
                status: 'completed',
                conclusion: 'success',
                html_url: 'https://github.com/acme/x/actions/runs/5',
              },
            ],
          });
        },
      ),
    );

    const evidence = await collector!.collect(entity, createCollectorContext());

    expect(evidence[0]).toMatchObject({
      key: 'build',
      value: { succeeded: true, compilationErrors: 0, branch: 'trunk' },
      link: 'https://github.com/acme/x/actions/runs/5',
    });
    expect(evidence[1]).toMatchObject({
      key: 'pipeline',
      value: { exists: false },
    });
    expect([...authorizations]).toEqual(['Bearer t']);
  });

  it('fails at startup on an invalid workflow pattern', async () => {
    await expect(
      startTestBackend({
        features: [
          fakeReadinessPlugin(new CollectorRegistry()),
          readinessModuleGithub,
          mockServices.rootConfig.factory({
            data: { readiness: { github: { deployWorkflowPattern: '[' } } },
          }),
        ],
      }),
    ).rejects.toThrow(/readiness\.github\.deployWorkflowPattern/);
  });
});
