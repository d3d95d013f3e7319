import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { EventParams } from '@backstage/plugin-events-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CollectorRegistry,
  readinessCollectorsExtensionPoint,
} from '@readiness/plugin-readiness-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { entity, REPO } from './__testUtils__/fakeGithub';
import { readinessModuleGithub } from './module';

const server = setupServer();
registerMswTestHooks(server);

interface Issue {
  number: number;
  title: string;
  body: string;
  labels: Array<{ name: string }>;
  state: 'open' | 'closed';
}

/** GitHub's issues of acme/api, kept in memory across module restarts. */
function fakeIssues(seed: Issue[] = []) {
  const issues = [...seed];
  const writes: string[] = [];
  server.use(
    http.get(`${REPO}/issues`, ({ request }) => {
      const url = new URL(request.url);
      const label = url.searchParams.get('labels');
      return HttpResponse.json(
        issues.filter(
          i =>
            i.state === url.searchParams.get('state') &&
            i.labels.some(l => l.name === label),
        ),
      );
    }),
    http.post(`${REPO}/issues`, async ({ request }) => {
      const body = (await request.json()) as any;
      const issue: Issue = {
        number: issues.length + 1,
        title: body.title,
        body: body.body,
        labels: body.labels.map((name: string) => ({ name })),
        state: 'open',
      };
      issues.push(issue);
      writes.push(`open #${issue.number} ${issue.title}`);
      return HttpResponse.json(issue, { status: 201 });
    }),
    http.patch(`${REPO}/issues/:number`, async ({ request, params }) => {
      const body = (await request.json()) as any;
      const issue = issues.find(i => i.number === Number(params.number))!;
      issue.state = body.state;
      writes.push(`close #${issue.number}`);
      return HttpResponse.json(issue);
    }),
  );
  return { issues, writes };
}

const flow = 'component:default/api';
const build = {
  checkId: 'build.clean',
  title: 'Clean build',
  summary: '97 compilation errors on main',
  actions: ['fix the 97 compilation errors'],
};
const vulns = {
  checkId: 'security.vulnerabilities',
  title: 'No known vulnerabilities',
  summary: '2 known vulnerabilities',
  actions: ['upgrade sqlx to 0.8.1 or later (RUSTSEC-2024-0363)'],
};

/** The module in a backend; returns the subscriber it registered. */
async function startModule(enabled = true) {
  const subscribe = jest.fn();
  await startTestBackend({
    features: [
      createBackendPlugin({
        pluginId: 'readiness',
        register(env) {
          env.registerExtensionPoint(
            readinessCollectorsExtensionPoint,
            new CollectorRegistry(),
          );
          env.registerInit({ deps: {}, async init() {} });
        },
      }),
      readinessModuleGithub,
      catalogServiceMock.factory({ entities: [entity()] }),
      mockServices.events.mock({ subscribe }).factory,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'https://portal.example.com' },
          integrations: { github: [{ host: 'github.com', token: 't' }] },
          readiness: { github: { issues: { enabled } } },
        },
      }),
    ],
  });
  const subscriber = subscribe.mock.calls[0]?.[0];
  return {
    subscriber,
    send: (entityRef: string, blockers: unknown[]) =>
      subscriber.onEvent({
        topic: 'readiness.blockers.changed',
        eventPayload: { entityRef, blockers },
      } as EventParams),
  };
}

describe('blocker issues', () => {
  it('opens one issue per blocker, once, and closes it when the blocker clears, across a restart', async () => {
    const github = fakeIssues();
    const first = await startModule();
    expect(first.subscriber.topics).toEqual(['readiness.blockers.changed']);

    await first.send(flow, [build, vulns]);
    await first.send(flow, [build, vulns]); // repeated: nothing new
    expect(github.writes).toEqual([
      'open #1 Readiness blocker: Clean build',
      'open #2 Readiness blocker: No known vulnerabilities',
    ]);
    expect(github.issues[1].body).toContain(
      '- upgrade sqlx to 0.8.1 or later (RUSTSEC-2024-0363)',
    );
    expect(github.issues[1].body).toContain(
      'https://portal.example.com/catalog/default/component/api',
    );
    expect(github.issues[1].labels).toEqual([{ name: 'readiness-blocker' }]);

    // A restarted module finds its issues by their marker.
    const second = await startModule();
    await second.send(flow, [vulns]);
    await second.send(flow, []);
    expect(github.writes.slice(2)).toEqual(['close #1', 'close #2']);
    expect(github.issues.map(i => i.state)).toEqual(['closed', 'closed']);
  });

  it("leaves other entities' issues, unlabelled issues and pull requests alone", async () => {
    const marker = (ref: string) =>
      `<!-- readiness-blocker ${ref} build.clean -->`;
    const github = fakeIssues([
      {
        number: 1,
        title: 'other entity',
        body: marker('component:default/other'),
        labels: [{ name: 'readiness-blocker' }],
        state: 'open',
      },
      {
        number: 2,
        title: 'no label',
        body: marker(flow),
        labels: [],
        state: 'open',
      },
      {
        number: 3,
        title: 'a pull request',
        body: marker(flow),
        labels: [{ name: 'readiness-blocker' }],
        state: 'open',
        pull_request: {},
      } as Issue,
    ]);
    const { send } = await startModule();
    await send(flow, []);
    expect(github.writes).toEqual([]);
    await send(flow, [build]);
    expect(github.writes).toEqual(['open #4 Readiness blocker: Clean build']);
  });

  it('ignores a malformed payload and entities without a GitHub repository', async () => {
    const github = fakeIssues();
    const { send } = await startModule();
    await send(flow, [{ checkId: 'x' }]);
    await send('component:default/unknown', [build]);
    expect(github.writes).toEqual([]);
  });

  it('does not subscribe unless enabled', async () => {
    const { subscriber } = await startModule(false);
    expect(subscriber).toBeUndefined();
  });
});
