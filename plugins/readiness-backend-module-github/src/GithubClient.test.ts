import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { runWithRequestReporter } from '@readiness/plugin-readiness-node';
import {
  ci,
  deploy,
  fakeGithubOn,
  REPO,
  run,
  setup,
} from './__testUtils__/fakeGithub';
import { defaultSleep } from './GithubClient';

describe('defaultSleep', () => {
  it('resolves after the wait and rejects as soon as the signal aborts', async () => {
    await expect(defaultSleep(1)).resolves.toBeUndefined();

    const controller = new AbortController();
    const waiting = defaultSleep(60_000, controller.signal);
    controller.abort(new Error('entity timeout'));
    await expect(waiting).rejects.toThrow('entity timeout');
    await expect(defaultSleep(1, controller.signal)).rejects.toThrow(
      'entity timeout',
    );
  });
});

// The client as the collector uses it: paging, rate limits, retries and
// size caps, seen through collecting acme/api from a fake GitHub.
describe('GithubClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const fakeGithub = fakeGithubOn(server);

  it('follows the Link header through every page of workflows', async () => {
    fakeGithub({ runs: [run(1, ci, 'success'), run(2, deploy, 'success')] });
    server.use(
      http.get(`${REPO}/actions/workflows`, ({ request }) => {
        const page = new URL(request.url).searchParams.get('page') ?? '1';
        if (page === '1') {
          return HttpResponse.json(
            { total_count: 2, workflows: [ci] },
            {
              headers: {
                link: `<${REPO}/actions/workflows?per_page=100&page=2>; rel="next", <${REPO}/actions/workflows?per_page=100&page=2>; rel="last"`,
              },
            },
          );
        }
        return HttpResponse.json({ total_count: 2, workflows: [deploy] });
      }),
    );

    const [build, pipeline] = await setup().collect();

    expect(build.value).toMatchObject({ succeeded: true });
    expect(pipeline.value).toMatchObject({
      exists: true,
      latestRunSucceeded: true,
    });
  });

  it('never follows a Link header to another host', async () => {
    fakeGithub({});
    server.use(
      http.get(`${REPO}/actions/workflows`, () =>
        HttpResponse.json(
          { total_count: 2, workflows: [ci] },
          { headers: { link: '<https://evil.example.com/steal>; rel="next"' } },
        ),
      ),
    );

    await expect(setup().collect()).rejects.toThrow(
      'GitHub returned a link outside https://api.github.com/ for acme/api',
    );
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    fakeGithub({ workflows: [ci], runs: [run(1, ci, 'success')] });
    let calls = 0;
    server.use(
      http.get(REPO, () => {
        calls += 1;
        return calls === 1
          ? new HttpResponse(null, {
              status: 429,
              headers: { 'retry-after': '7' },
            })
          : HttpResponse.json({ default_branch: 'main' });
      }),
    );
    const { collect, sleeps } = setup();

    const [build] = await collect();

    expect(build.value).toMatchObject({ succeeded: true });
    expect(calls).toBe(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(6_000);
    expect(sleeps[0]).toBeLessThanOrEqual(7_000);
  });

  it('waits for X-RateLimit-Reset after a 403 with no requests remaining', async () => {
    fakeGithub({ workflows: [ci], runs: [run(1, ci, 'success')] });
    const reset = Math.ceil(Date.now() / 1000) + 20;
    let calls = 0;
    server.use(
      http.get(`${REPO}/actions/workflows`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json(
              { message: 'API rate limit exceeded' },
              {
                status: 403,
                headers: {
                  'x-ratelimit-remaining': '0',
                  'x-ratelimit-reset': String(reset),
                },
              },
            )
          : HttpResponse.json({ total_count: 1, workflows: [ci] });
      }),
    );
    const { collect, sleeps } = setup();

    const [build] = await collect();

    expect(build.value).toMatchObject({ succeeded: true });
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(18_000);
    expect(sleeps[0]).toBeLessThanOrEqual(21_000);
  });

  it('reports its requests and the X-RateLimit-Reset to the collection budget', async () => {
    fakeGithub({ workflows: [ci], runs: [run(1, ci, 'success')] });
    const reset = Math.ceil(Date.now() / 1000) + 20;
    let calls = 0;
    server.use(
      http.get(`${REPO}/actions/workflows`, () =>
        ++calls === 1
          ? HttpResponse.json(
              { message: 'API rate limit exceeded' },
              {
                status: 403,
                headers: {
                  'x-ratelimit-remaining': '0',
                  'x-ratelimit-reset': String(reset),
                },
              },
            )
          : HttpResponse.json({ total_count: 1, workflows: [ci] }),
      ),
    );
    const requests: string[] = [];
    const waits: Array<{ source: string; until: Date }> = [];
    const { collect } = setup();

    await runWithRequestReporter(
      {
        request: source => requests.push(source),
        rateLimited: (source, until) => waits.push({ source, until }),
      },
      collect,
    );

    expect(new Set(requests)).toEqual(new Set(['github']));
    // Every call the fake answered, the rate-limited one included.
    expect(requests.length).toBeGreaterThanOrEqual(calls + 1);
    expect(waits).toEqual([
      { source: 'github', until: new Date(reset * 1000) },
    ]);
  });

  it('gives up when the rate limit resets later than the allowed wait, and does not call GitHub again until then', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 3600;
    let calls = 0;
    server.use(
      http.get(REPO, () => {
        calls += 1;
        return HttpResponse.json(
          { message: 'API rate limit exceeded' },
          {
            status: 403,
            headers: {
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(reset),
            },
          },
        );
      }),
    );
    const { collect, sleeps } = setup({ maxRateLimitWaitMs: 60_000 });
    const until = new Date(reset * 1000).toISOString();

    await expect(collect()).rejects.toThrow(
      `GitHub rate limited until ${until} (GET /repos/acme/api for acme/api)`,
    );
    await expect(collect()).rejects.toThrow(`rate limited until ${until}`);
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a 5xx with backoff and then throws with the status and the repository', async () => {
    let calls = 0;
    server.use(
      http.get(REPO, () => {
        calls += 1;
        return HttpResponse.json(
          { message: 'Server Error' },
          { status: 500, statusText: 'Internal Server Error' },
        );
      }),
    );
    const { collect, sleeps } = setup();

    await expect(collect()).rejects.toThrow(
      'GitHub answered 500 Internal Server Error for acme/api (GET /repos/acme/api) 4 times in a row: Server Error',
    );
    expect(calls).toBe(4);
    expect(sleeps).toEqual([1_000, 2_000, 4_000]);
  });

  it('recovers from a transient 502', async () => {
    fakeGithub({ workflows: [ci], runs: [run(1, ci, 'failure')] });
    let calls = 0;
    server.use(
      http.get(`${REPO}/actions/runs/:id/jobs`, () => {
        calls += 1;
        return calls === 1
          ? new HttpResponse(null, { status: 502 })
          : HttpResponse.json({ jobs: [] });
      }),
    );

    const [build] = await setup().collect();

    expect(build.value).toEqual({
      succeeded: false,
      compilationErrors: 0,
      branch: 'main',
    });
    expect(calls).toBe(2);
  });

  it('refuses a response over maxResponseBytes, named and without retrying, whether it declares its length or streams', async () => {
    let calls = 0;
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.enqueue(new Uint8Array(1024).fill(32));
        },
      });
    server.use(
      http.get(REPO, () => {
        calls++;
        return HttpResponse.json({ default_branch: 'x'.repeat(5000) });
      }),
    );
    await expect(setup({ maxResponseBytes: 4096 }).collect()).rejects.toThrow(
      'The GitHub response for acme/api (GET /repos/acme/api) is larger than 4096 bytes, the configured limit',
    );
    expect(calls).toBe(1);

    server.use(http.get(REPO, () => new HttpResponse(endless())));
    await expect(setup({ maxResponseBytes: 4096 }).collect()).rejects.toThrow(
      'is larger than 4096 bytes',
    );
  });

  it('throws naming the repository when it is not found', async () => {
    server.use(
      http.get(REPO, () =>
        HttpResponse.json({ message: 'Not Found' }, { status: 404 }),
      ),
    );

    await expect(setup().collect()).rejects.toThrow(
      'GitHub repository acme/api was not found, or the configured credentials cannot see it (404 from GET /repos/acme/api: Not Found)',
    );
  });

  it('throws on a 403 that is not a rate limit, without waiting', async () => {
    fakeGithub({});
    server.use(
      http.get(`${REPO}/actions/workflows`, () =>
        HttpResponse.json(
          { message: 'Resource not accessible by integration' },
          { status: 403, headers: { 'x-ratelimit-remaining': '4999' } },
        ),
      ),
    );
    const { collect, sleeps } = setup();

    await expect(collect()).rejects.toThrow(
      'GitHub denied access to acme/api; the token needs actions:read, checks:read and metadata:read (403 from GET /repos/acme/api/actions/workflows: Resource not accessible by integration)',
    );
    expect(sleeps).toEqual([]);
  });
});
