import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { createCollectorContext } from '@readiness/plugin-readiness-node/testUtils';
import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';
import {
  createGithubActionsCollector,
  type GithubActionsCollectorOptions,
} from '../createGithubActionsCollector';

export const API = 'https://api.github.com';
export const GHE_API = 'https://ghe.example.com/api/v3';
export const REPO = `${API}/repos/acme/api`;
/** Where GitHub redirects a job's log download to (signed storage URLs). */
export const LOG_STORAGE = 'https://logs.example.com/jobs';

export const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [
        { host: 'github.com', token: 'github-token' },
        { host: 'ghe.example.com', apiBaseUrl: GHE_API, token: 'ghe-token' },
      ],
    },
  }),
);

export function entity(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'api',
      annotations: { 'github.com/project-slug': 'acme/api', ...annotations },
    },
    spec: { type: 'service', owner: 'team', lifecycle: 'production' },
  };
}

export const now = new Date('2025-06-01T12:00:00Z');

export function setup(options: Partial<GithubActionsCollectorOptions> = {}) {
  const sleeps: number[] = [];
  const collector = createGithubActionsCollector({
    integrations,
    credentialsProvider:
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    sleep: async ms => {
      sleeps.push(ms);
    },
    ...options,
  });
  const collect = (e: Entity = entity()) =>
    collector.collect(e, createCollectorContext({ now }));
  return { collector, collect, sleeps };
}

export interface Workflow {
  id: number;
  name: string;
  path: string;
  state?: string;
}

export const ci: Workflow = {
  id: 1,
  name: 'CI',
  path: '.github/workflows/ci.yml',
};
export const deploy: Workflow = {
  id: 2,
  name: 'Deploy production',
  path: '.github/workflows/deploy.yml',
};
export const labeler: Workflow = {
  id: 3,
  name: 'Labeler',
  path: '.github/workflows/labeler.yml',
};

export function run(
  id: number,
  workflow: Workflow,
  conclusion: string,
  extra: Record<string, unknown> = {},
) {
  return {
    id,
    workflow_id: workflow.id,
    name: workflow.name,
    head_branch: 'main',
    head_sha: `sha-${id}`,
    event: 'push',
    status: 'completed',
    conclusion,
    html_url: `https://github.com/acme/api/actions/runs/${id}`,
    check_suite_id: id * 10,
    created_at: new Date(Date.UTC(2025, 4, 1, 0, 0, id)).toISOString(),
    ...extra,
  };
}

/**
 * A fake GitHub for acme/api on `server`: `fakeGithub(options)` answers the
 * collector's requests and records every request URL and its Authorization.
 */
export const fakeGithubOn = (server: SetupServer) =>
  function fakeGithub(options: {
    base?: string;
    workflows?: Workflow[];
    runs?: unknown[];
    workflowRuns?: Record<number, unknown[]>;
    /** Jobs of each run id. */
    jobs?: Record<number, unknown[]>;
    /** Log of each job id, served through a redirect to storage; a number is the status GitHub answers instead. */
    logs?: Record<number, string | number>;
    annotations?: Record<number, unknown[]>;
  }) {
    const base = options.base ?? API;
    const requests: Array<{ url: string; authorization: string | null }> = [];
    const record = (request: Request) =>
      requests.push({
        url: request.url,
        authorization: request.headers.get('authorization'),
      });
    server.use(
      http.get(`${base}/repos/acme/api`, ({ request }) => {
        record(request);
        return HttpResponse.json({
          full_name: 'acme/api',
          default_branch: 'main',
          html_url: 'https://github.com/acme/api',
        });
      }),
      http.get(`${base}/repos/acme/api/actions/workflows`, ({ request }) => {
        record(request);
        const workflows = options.workflows ?? [];
        return HttpResponse.json({ total_count: workflows.length, workflows });
      }),
      http.get(`${base}/repos/acme/api/actions/runs`, ({ request }) => {
        record(request);
        const url = new URL(request.url);
        // The collector reads completed runs of the default branch only; any
        // other query fails the collection, and with it the test.
        if (
          url.searchParams.get('branch') !== 'main' ||
          url.searchParams.get('status') !== 'completed'
        ) {
          return HttpResponse.json(
            { message: `unexpected query ${url.search}` },
            { status: 422 },
          );
        }
        return HttpResponse.json({ workflow_runs: options.runs ?? [] });
      }),
      http.get(
        `${base}/repos/acme/api/actions/workflows/:id/runs`,
        ({ request, params }) => {
          record(request);
          return HttpResponse.json({
            workflow_runs: options.workflowRuns?.[Number(params.id)] ?? [],
          });
        },
      ),
      http.get(
        `${base}/repos/acme/api/actions/runs/:id/jobs`,
        ({ request, params }) => {
          record(request);
          // The collector reads the latest attempt's jobs only.
          const filter = new URL(request.url).searchParams.get('filter');
          if (filter !== 'latest') {
            return HttpResponse.json(
              { message: `unexpected filter ${filter}` },
              { status: 422 },
            );
          }
          return HttpResponse.json({
            jobs: options.jobs?.[Number(params.id)] ?? [],
          });
        },
      ),
      http.get(
        `${base}/repos/acme/api/actions/jobs/:id/logs`,
        ({ request, params }) => {
          record(request);
          const log = options.logs?.[Number(params.id)] ?? 404;
          if (typeof log === 'number') {
            return HttpResponse.json({ message: 'Not Found' }, { status: log });
          }
          return new HttpResponse(null, {
            status: 302,
            headers: { location: `${LOG_STORAGE}/${params.id}?sig=signed` },
          });
        },
      ),
      http.get(`${LOG_STORAGE}/:id`, ({ request, params }) => {
        record(request);
        return new HttpResponse(String(options.logs?.[Number(params.id)]), {
          headers: { 'content-type': 'text/plain' },
        });
      }),
      http.get(
        `${base}/repos/acme/api/check-runs/:id/annotations`,
        ({ request, params }) => {
          record(request);
          return HttpResponse.json(
            options.annotations?.[Number(params.id)] ?? [],
          );
        },
      ),
    );
    return requests;
  };

export const compileErrors = [
  {
    annotation_level: 'failure',
    title: null,
    message: 'error[E0308]: mismatched types',
  },
  {
    annotation_level: 'failure',
    title: 'TS2322',
    message: "Type 'string' is not assignable to type 'number'.",
  },
  {
    annotation_level: 'failure',
    title: 'src/Main.java#L3',
    message: 'cannot find symbol: class Foo',
  },
];
